"""Tests of local/emulator/sqs_message_contents.py through boto3 against moto
in process: a body or a string attribute with a character outside SQS's set
is refused (moto stored it), and so is a message over the queue's size
counted in bytes with its attributes (moto counted the body's characters);
in a batch only that entry fails; every allowed character, from tab to the
last plane, and a message of exactly the size, are still sent."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from emulator import registry
from emulator.conftest import REGION
from emulator.sqs_message_contents import MESSAGE

registry.install_service("sqs")

ALLOWED = "tab\t lf\n cr\r space ~ \u00e9 \ud7ff \ue000 \ufffd \U0001f600 \U0010ffff"
REFUSED = ["nul\u0000", "bell\u0007", "vt\u000b", "unit separator\u001f", "\ufffe", "\uffff"]


@pytest.fixture
def queue() -> Any:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        yield sqs, sqs.create_queue(QueueName="orders")["QueueUrl"]


def bodies(sqs: Any, url: str) -> list[str]:
    return sorted(message["Body"] for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))


def test_a_body_with_a_character_outside_the_set_is_refused_and_nothing_is_stored(queue: Any) -> None:
    sqs, url = queue
    for body in REFUSED:
        with pytest.raises(ClientError) as refused:
            sqs.send_message(QueueUrl=url, MessageBody=body)
        error = refused.value.response["Error"]
        assert (error["Code"], error["Message"], refused.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidMessageContents", MESSAGE, 400), repr(body)
    assert bodies(sqs, url) == []
    sqs.send_message(QueueUrl=url, MessageBody=ALLOWED)
    assert bodies(sqs, url) == [ALLOWED]


def error_of(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as refused:
        call()
    return refused.value.response["Error"]["Code"], refused.value.response["Error"]["Message"]


def test_a_string_attribute_with_such_a_character_and_a_message_over_the_size_in_bytes_are_refused(queue: Any) -> None:
    sqs, _ = queue
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    attribute = {"note": {"DataType": "String", "StringValue": "bell\u0007"}}
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="ok", MessageAttributes=attribute))[1] == MESSAGE
    too_long = "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="\u00e9" * 600)) == ("InvalidParameterValue", too_long)  # 600 characters, 1,200 bytes
    tagged = {"tag": {"DataType": "String", "StringValue": "x" * 10}}  # 3 + 6 + 10 bytes
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="a" * 1006, MessageAttributes=tagged)) == ("InvalidParameterValue", too_long)
    sqs.send_message(QueueUrl=url, MessageBody="a" * 1005, MessageAttributes=tagged)  # exactly 1,024 bytes
    sqs.send_message(QueueUrl=url, MessageBody="\u00e9" * 512)
    assert len(bodies(sqs, url)) == 2


def test_a_missing_queue_is_named_before_the_body(queue: Any) -> None:
    sqs, url = queue
    with pytest.raises(ClientError) as refused:
        sqs.send_message(QueueUrl=url.replace("orders", "nowhere"), MessageBody="nul\u0000")
    assert refused.value.response["Error"]["Code"] != "InvalidMessageContents"


def test_in_a_batch_the_refused_entry_fails_alone(queue: Any) -> None:
    sqs, url = queue
    answer = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "first"}, {"Id": "b", "MessageBody": "bad\u0000"}, {"Id": "c", "MessageBody": ALLOWED}])
    assert sorted(entry["Id"] for entry in answer["Successful"]) == ["a", "c"]
    assert answer["Failed"] == [{"Id": "b", "SenderFault": True, "Code": "InvalidMessageContents", "Message": MESSAGE}]
    assert bodies(sqs, url) == sorted(["first", ALLOWED])
    # The request's own checks still see every entry: a repeated id is refused whole.
    with pytest.raises(ClientError) as refused:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "bad\u0000"}])
    assert refused.value.response["Error"]["Code"].endswith("BatchEntryIdsNotDistinct")
    only_refused = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "z", "MessageBody": "\u0001"}])
    assert (only_refused.get("Successful", []), [entry["Id"] for entry in only_refused["Failed"]]) == ([], ["z"])
    small = sqs.create_queue(QueueName="small-batch", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sized = sqs.send_message_batch(QueueUrl=small, Entries=[{"Id": "fits", "MessageBody": "\u00e9" * 512}, {"Id": "over", "MessageBody": "\u00e9" * 513}])
    assert ([entry["Id"] for entry in sized["Successful"]], [(entry["Id"], entry["Code"]) for entry in sized["Failed"]]) == (["fits"], [("over", "InvalidParameterValue")])
    # The batch's total is counted in bytes too: 600,000 characters of two bytes each.
    assert error_of(lambda: sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "big", "MessageBody": "\u00e9" * 600_000}]))[0].endswith("BatchRequestTooLong")
