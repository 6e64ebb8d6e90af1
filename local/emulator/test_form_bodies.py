"""Tests of local/emulator/form_bodies.py against moto in process: text that
looks like a form inside a JSON body or a Lambda payload is data, not an
action or a parameter (moto 5.2.5 purged a queue, deleted a table and looked
for another version for it), and a real form is still read, with or
without its Content-Type."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import boto3
from moto import mock_aws
from moto.core.request import Request
from moto.sns import models as sns_models
from moto.sns.responses import SNSResponse

from emulator import registry
from emulator.conftest import ACCOUNT, REGION

registry.install_service("core")
registry.install_service("lambda")

LOOKS_LIKE_A_FORM = "order 7&Action=PurgeQueue&Qualifier=9&x"


@mock_aws
def test_a_message_whose_text_holds_an_action_is_sent_and_the_queue_kept() -> None:
    sqs = boto3.client("sqs", region_name=REGION)  # the JSON protocol
    queue = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="order 6")
    sent = sqs.send_message(QueueUrl=queue, MessageBody=LOOKS_LIKE_A_FORM)
    assert "MessageId" in sent
    received = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert sorted(message["Body"] for message in received) == sorted(["order 6", LOOKS_LIKE_A_FORM])


@mock_aws
def test_an_item_whose_text_holds_an_action_is_stored() -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(TableName="messages", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    dynamodb.put_item(TableName="messages", Item={"id": {"S": "1"}, "text": {"S": LOOKS_LIKE_A_FORM.replace("PurgeQueue", "DeleteTable")}})
    assert dynamodb.get_item(TableName="messages", Key={"id": {"S": "1"}})["Item"]["text"]["S"].startswith("order 7&Action=DeleteTable")


def test_an_invoke_payload_that_holds_a_qualifier_invokes_what_the_call_names(aliased_function: Callable[[str], Any]) -> None:
    """botocore sends the payload with no Content-Type; version 9 does not exist, so reading it as a form fails the call."""
    client = aliased_function("reader")
    answered = client.invoke(FunctionName="reader", Payload=json.dumps({"note": "order 7&Qualifier=9&x"}))
    assert answered["StatusCode"] == 200  # the runtime is not running here: a function error, not ResourceNotFoundException


def form_request(body: str, content_type: str | None) -> Request:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "", "PATH_INFO": "/", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "4566",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "HTTP_HOST": "sns.us-east-1.amazonaws.com", "wsgi.input": io.BytesIO(body.encode()), "CONTENT_LENGTH": str(len(body)),
    }
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    return Request(environ)


def dispatch_sns(body: str, content_type: str | None) -> tuple[int, str]:
    request = form_request(body, content_type)
    status, _, answer = SNSResponse.dispatch(request, request.url, dict(request.headers.items()))
    return status, answer


@mock_aws
def test_a_query_protocol_form_is_read_and_its_action_found_without_a_content_type() -> None:
    assert dispatch_sns("Action=CreateTopic&Name=typed&Version=2010-03-31", "application/x-www-form-urlencoded; charset=utf-8")[0] == 200
    assert [arn.rsplit(":", 1)[1] for arn in sns_models.sns_backends[ACCOUNT][REGION].topics] == ["typed"]
    # moto reads an untyped form's action (its parameters only from a typed one, as werkzeug parses the form).
    status, answer = dispatch_sns("Action=ListTopics&Version=2010-03-31", None)
    assert (status, "<ListTopicsResponse" in answer, ":typed</TopicArn>" in answer) == (200, True, True)
