"""Tests of local/emulator/speed_json_parse.py: every operation's request of
the JSON-protocol services the labs use reads as moto's own walk reads it,
for bodies generated from its input shape (wrong types among them: the same
error); a deep DynamoDB item; readers made once per shape; and a parser of
another kind left to moto."""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import pytest
from botocore.model import Shape
from moto.core import parse as moto_parse
from moto.core.utils import get_service_model

from emulator import registry, speed_json_parse
from emulator.conftest import motos_own
from emulator.registry import core as core_patches

registry.install_service("core")

MOTOS_OWN = motos_own(core_patches.PATCHES, "_parse_json_body", moto_parse.JSONParser)
SERVICES = ["dynamodb", "sqs", "events", "logs", "dynamodbstreams", "ssm", "sts", "kinesis"]


def body_of(rng: random.Random, shape: Shape, depth: int = 0) -> Any:
    """A JSON value for `shape` as a client might send it: members missing or null, and now and then a wrong type."""
    if rng.random() < 0.03:
        return rng.choice(["oops", 7, [1], {"x": 1}, None, 1.5, True])
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return {"any": [1, {"doc": True}]}
        value: dict[str, Any] = {}
        for name, member in shape.members.items():
            roll = rng.random()
            if depth > 5 or roll < 0.3:
                continue
            value[member.serialization.get("name", name)] = None if roll < 0.35 else body_of(rng, member, depth + 1)
        if rng.random() < 0.1:
            value["NotAMember"] = "ignored"
        return value
    if kind == "list":
        return [body_of(rng, shape.member, depth + 1) for _ in range(rng.randint(0, 3) if depth < 6 else 0)]
    if kind == "map":
        return {f"k{i}": body_of(rng, shape.value, depth + 1) for i in range(rng.randint(0, 3) if depth < 6 else 0)}
    if kind in ("integer", "long", "short", "byte"):
        return rng.choice([0, 42, -3, "17", 2**40])
    if kind in ("float", "double"):
        return rng.choice([0.5, 3, "2.25", -1e10])
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "blob":
        return rng.choice([base64.b64encode(b"bytes \x00\xff").decode(), "", "aGk="])
    if kind == "timestamp":
        return rng.choice([1765000000, 1765000000.25, "2026-12-08T01:02:03Z", "2026-12-08T01:02:03.123+01:00"])
    return rng.choice(["", "text", "héllo ✓", "arn:aws:sqs:us-east-1:123456789012:q", "0"])


def parsed(operation: Any, body: bytes, own: bool) -> Any:
    parser = moto_parse.JSONParser(operation)
    if own:
        return MOTOS_OWN(parser, body, operation.input_shape)
    return parser._parse_json_body(body, operation.input_shape)


@pytest.mark.parametrize("service", SERVICES)
def test_every_operations_request_reads_as_motos_own_walk(service: str) -> None:
    model = get_service_model(service)
    rng = random.Random(service)
    compared = failed_alike = 0
    for name in model.operation_names:
        operation = model.operation_model(name)
        if operation.input_shape is None:
            continue
        for _ in range(10):
            body = json.dumps(body_of(rng, operation.input_shape)).encode()
            try:
                theirs = parsed(operation, body, own=True)
            except Exception as error:  # a wrong type moto cannot read: the same failure
                with pytest.raises(type(error)):
                    parsed(operation, body, own=False)
                failed_alike += 1
                continue
            ours = parsed(operation, body, own=False)
            assert ours == theirs and repr(ours) == repr(theirs), f"{service} {name}"  # repr: the same order and types
            compared += 1
    assert compared >= 5 * failed_alike and compared >= 5 * len(model.operation_names), (compared, failed_alike)


def test_a_deep_dynamodb_item_reads_as_motos_own_walk() -> None:
    value: dict[str, Any] = {"S": "leaf"}
    for depth in range(30):
        value = {"M": {f"level{depth}": value, "n": {"N": str(depth)}, "b": {"B": "aGk="}}} if depth % 2 else {"L": [value, {"NULL": True}, {"BOOL": False}]}
    operation = get_service_model("dynamodb").operation_model("PutItem")
    body = json.dumps({"TableName": "t", "Item": {"id": {"S": "a"}, "deep": value}}).encode()
    assert repr(parsed(operation, body, own=False)) == repr(parsed(operation, body, own=True))


def test_readers_are_made_once_per_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    real = speed_json_parse._reader

    def counted(shape: Shape) -> Any:
        made.append(shape.name)
        return real(shape)

    monkeypatch.setattr(speed_json_parse, "_reader", counted)
    operation = get_service_model("sqs").operation_model("SendMessage")
    body = json.dumps({"QueueUrl": "q", "MessageBody": "m", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"}}}).encode()
    speed_json_parse._readers.clear()
    parsed(operation, body, own=False)
    first = len(made)
    for _ in range(50):
        parsed(operation, body, own=False)
    assert first > 0 and len(made) == first, made  # the first request made them; none since


def test_a_parser_of_another_kind_keeps_motos_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_json_parse, "reader", lambda shape: pytest.fail("read by the shape's reader"))
    operation = get_service_model("sqs").operation_model("SendMessage")
    body = json.dumps({"QueueUrl": "q", "MessageBody": "m"}).encode()
    custom = moto_parse.JSONParser(operation, map_type=moto_parse.XFormedDict)
    assert dict(custom._parse_json_body(body, operation.input_shape)) == dict(MOTOS_OWN(custom, body, operation.input_shape))
    other_blobs = moto_parse.JSONParser(operation, blob_parser=lambda value: value)
    assert other_blobs._parse_json_body(body, operation.input_shape) == {"QueueUrl": "q", "MessageBody": "m"}


def test_a_request_is_read_without_motos_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    operation = get_service_model("dynamodb").operation_model("PutItem")
    body = json.dumps({"TableName": "t", "Item": {"id": {"S": "a"}, "n": {"N": "1"}}}).encode()
    expected = parsed(operation, body, own=True)
    monkeypatch.setattr(moto_parse.JSONParser, "_parse_shape", lambda *args: pytest.fail("moto's walk"))
    assert parsed(operation, body, own=False) == expected
