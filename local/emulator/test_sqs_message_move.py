"""Tests of local/emulator/sqs_message_move.py through the emulator's own WSGI
app in process (app.py, every patch installed): StartMessageMoveTask moves a
dead-letter queue's messages back to their source queue, ListMessageMoveTasks
reports it, and a queue that is no queue's DLQ is refused with SQS's error.
Unpatched moto 5.2.5 has none of the three actions.

The app is imported by the fixture, not at collection: importing it installs
every service's patches, and test_speed_cloudwatch.py (earlier in the
alphabet) first computes moto's own answers."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from werkzeug.test import Client

AUTH = "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=unchecked"


@pytest.fixture(scope="module")
def sqs() -> Any:
    from emulator.app import app

    client = Client(app)

    def call(action: str, **body: Any) -> tuple[int, dict[str, Any]]:
        headers = {"X-Amz-Target": f"AmazonSQS.{action}", "Content-Type": "application/x-amz-json-1.0", "Authorization": AUTH, "Host": "127.0.0.1:4566"}
        response = client.post("/", headers=headers, data=json.dumps(body))
        return response.status_code, json.loads(response.get_data(as_text=True) or "{}")

    return call


def new_queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    _, created = sqs("CreateQueue", QueueName=name, Attributes=attributes)
    _, got = sqs("GetQueueAttributes", QueueUrl=created["QueueUrl"], AttributeNames=["QueueArn"])
    return created["QueueUrl"], got["Attributes"]["QueueArn"]


def test_a_move_task_returns_the_dlq_s_messages_to_their_source_queue(sqs: Any) -> None:
    dlq_url, dlq_arn = new_queue(sqs, "mv-orders-dlq")
    source_url, _ = new_queue(sqs, "mv-orders", RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}))
    for body in ("a", "b", "c"):
        sqs("SendMessage", QueueUrl=dlq_url, MessageBody=body)

    status, started = sqs("StartMessageMoveTask", SourceArn=dlq_arn)
    assert status == 200 and started["TaskHandle"]
    deadline = time.monotonic() + 10
    while True:
        _, listed = sqs("ListMessageMoveTasks", SourceArn=dlq_arn)
        task = listed["Results"][0]
        if task["Status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert (task["Status"], task["ApproximateNumberOfMessagesMoved"]) == ("COMPLETED", 3)

    _, received = sqs("ReceiveMessage", QueueUrl=source_url, MaxNumberOfMessages=10)
    assert sorted(m["Body"] for m in received["Messages"]) == ["a", "b", "c"]
    _, left = sqs("ReceiveMessage", QueueUrl=dlq_url, MaxNumberOfMessages=10)
    assert left.get("Messages", []) == []


def test_a_queue_that_is_no_dead_letter_queue_is_refused(sqs: Any) -> None:
    _, arn = new_queue(sqs, "mv-plain")
    status, error = sqs("StartMessageMoveTask", SourceArn=arn)
    assert status == 400
    assert error["__type"].endswith("#InvalidParameterValue")
    assert error["Message"] == "Source queue must be configured as a Dead Letter Queue."
