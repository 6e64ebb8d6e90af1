"""Tests of local/emulator/sqs_mapping_polls.py against moto in process,
through boto3: a long poll tagged with an event source mapping's ARN takes
nothing once the mapping is disabled or deleted, and is woken when that
happens. The wake and disabled cases fail on unpatched moto; the untagged and
enabled cases are controls."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from emulator import registry
from emulator.contract import MAPPING_POLL_HEADER

from .conftest import REGION

registry.install_service("sqs")
registry.install_service("lambda")


class Lab:
    """A queue and a function with a mapping of their own, named after the test, in the module's cloud."""

    def __init__(self, new_function: Callable[..., Any], name: str) -> None:
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.lambda_ = boto3.client("lambda", region_name=REGION)
        self.url = self.sqs.create_queue(QueueName=f"polled-{name}", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        new_function(f"consumer-{name}")
        mapping = self.lambda_.create_event_source_mapping(FunctionName=f"consumer-{name}", EventSourceArn=arn, BatchSize=10)
        self.uuid, self.mapping_arn = mapping["UUID"], mapping["EventSourceMappingArn"]

    def receive(self, wait_seconds: int, tagged: bool = True) -> tuple[list[str], float]:
        """A receive as the runtime's poller makes it (tagged with the mapping's ARN), or as anyone else."""
        client = boto3.client("sqs", region_name=REGION)
        if tagged:

            def tag(request: Any, **_: Any) -> None:
                request.headers[MAPPING_POLL_HEADER] = self.mapping_arn

            client.meta.events.register("before-sign.sqs.ReceiveMessage", tag)
        started = time.monotonic()
        messages = client.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10, WaitTimeSeconds=wait_seconds).get("Messages", [])
        return [m["Body"] for m in messages], time.monotonic() - started

    def visible(self) -> int:
        return int(self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])

    def waiting_receive(self, wait_seconds: int) -> tuple[threading.Thread, list[tuple[list[str], float]]]:
        result: list[tuple[list[str], float]] = []
        thread = threading.Thread(target=lambda: result.append(self.receive(wait_seconds)))
        thread.start()
        time.sleep(0.3)  # it waits on the empty queue now
        return thread, result


# One cloud for the module: starting moto's mock takes about 2 s, and each
# test's queue and mapping are its own.
@pytest.fixture(scope="module")
def cloud() -> Iterator[None]:
    with mock_aws():
        yield


_labs = itertools.count()


@pytest.fixture
def lab(cloud: None, new_function: Callable[..., Any]) -> Lab:
    return Lab(new_function, str(next(_labs)))


def test_an_enabled_mappings_poll_takes_messages(lab: Lab) -> None:
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    assert lab.receive(1)[0] == ["order"]


def test_a_disabled_mappings_poll_takes_nothing(lab: Lab) -> None:
    lab.lambda_.update_event_source_mapping(UUID=lab.uuid, Enabled=False)
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    assert lab.receive(1)[0] == []
    assert lab.visible() == 1
    assert lab.receive(1, tagged=False)[0] == ["order"], "anyone else still receives it"


def test_a_deleted_mappings_poll_takes_nothing(lab: Lab) -> None:
    lab.lambda_.delete_event_source_mapping(UUID=lab.uuid)
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    assert lab.receive(1)[0] == []
    assert lab.visible() == 1


@pytest.mark.parametrize("stop", ["disable", "delete"])
def test_a_waiting_poll_is_woken_and_ends_empty_when_its_mapping_stops(lab: Lab, stop: str) -> None:
    thread, result = lab.waiting_receive(5)
    if stop == "disable":
        lab.lambda_.update_event_source_mapping(UUID=lab.uuid, Enabled=False)
    else:
        lab.lambda_.delete_event_source_mapping(UUID=lab.uuid)
    thread.join(timeout=10)
    [(got, took)] = result
    assert got == []
    assert took < 2.0, "woken when the mapping stopped, not at the end of its 5 s"
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    assert lab.receive(1)[0] == [], "and the next poll for it takes nothing either"
    assert lab.visible() == 1, "the message stays visible for the next consumer"


def test_a_waiting_poll_of_an_enabled_mapping_still_gets_a_message(lab: Lab) -> None:
    thread, result = lab.waiting_receive(5)
    lab.lambda_.update_event_source_mapping(UUID=lab.uuid, BatchSize=5)  # an update that keeps it enabled
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    thread.join(timeout=10)
    [(got, took)] = result
    assert got == ["order"]
    assert took < 2.0


def test_an_untagged_poll_is_untouched_by_a_disabled_mapping(lab: Lab) -> None:
    lab.lambda_.update_event_source_mapping(UUID=lab.uuid, Enabled=False)
    lab.sqs.send_message(QueueUrl=lab.url, MessageBody="order")
    assert lab.receive(1, tagged=False)[0] == ["order"]
