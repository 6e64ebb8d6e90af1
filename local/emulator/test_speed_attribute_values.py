"""Tests of local/emulator/speed_attribute_values.py: DynamoDB answers holding
items are the same bytes as moto's own shape walk writes, for thousands of
generated items of every attribute type, and items of every type still go
round trip through boto3."""

from __future__ import annotations

import base64
import functools
import json
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import serialize as moto_serialize
from moto.core.serialize import JSONSerializer, XFormedAttributePicker
from moto.core.utils import get_service_model

from emulator import registry, speed_attribute_values
from emulator.conftest import REGION, motos_own
from emulator.registry import dynamodb as dynamodb_patches

registry.install_service("dynamodb")

MOTOS_OWN = motos_own(dynamodb_patches.PATCHES, "_serialize_type_structure", moto_serialize.BaseJSONSerializer)

TEXTS = ["", "a", "héllo wörld", "emoji 🎉", "<RequestId>x</RequestId>", '"quoted" \\ back', "line\nbreak", "x" * 300]
NUMBERS = ["0", "-1", "3.14159", "1E+10", "12345678901234567890123456789012345678"]
BINARIES: list[Any] = ["aGVsbG8=", "", b"\x00\x01\xff", b""]


def generated_value(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    """One AttributeValue as moto holds it (dynamo_to_dict's output), of any type, nested up to 3 deep."""
    kinds = ["S", "N", "B", "SS", "NS", "BS", "NULL", "BOOL"] + (["M", "L"] * 2 if depth < 3 else [])
    kind = rng.choice(kinds)
    if kind == "S":
        return {"S": rng.choice(TEXTS)}
    if kind == "N":
        return {"N": rng.choice(NUMBERS)}
    if kind == "B":
        return {"B": rng.choice(BINARIES)}
    if kind == "SS":
        return {"SS": rng.sample(TEXTS[1:], rng.randint(1, 3))}
    if kind == "NS":
        return {"NS": rng.sample(NUMBERS, rng.randint(1, 3))}
    if kind == "BS":
        return {"BS": [rng.choice(BINARIES) for _ in range(rng.randint(1, 3))]}
    if kind == "NULL":
        return {"NULL": True}
    if kind == "BOOL":
        return {"BOOL": rng.random() < 0.5}
    if kind == "M":
        return {"M": {f"k{i}": generated_value(rng, depth + 1) for i in range(rng.randint(0, 4))}}
    return {"L": [generated_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]}


def generated_item(rng: random.Random) -> dict[str, Any]:
    item = {"id": {"S": f"item-{rng.randint(0, 10**9)}"}}
    for i in range(rng.randint(0, 12)):
        item[f"attr{i}"] = generated_value(rng)
    return item


def serialized(operation: str, result: dict[str, Any], service: str = "dynamodb") -> str | bytes:
    """The answer's body as moto's JSON serializer writes it for `operation`."""
    model = get_service_model(service).operation_model(operation)
    return JSONSerializer(model, value_picker=XFormedAttributePicker()).serialize(result)["body"]


def both_ways(monkeypatch: pytest.MonkeyPatch, write: Callable[[], str | bytes]) -> tuple[str | bytes, str | bytes]:
    fast = write()
    with monkeypatch.context() as m:
        m.setattr(moto_serialize.BaseJSONSerializer, "_serialize_type_structure", MOTOS_OWN)
        own = write()
    return fast, own


def test_answers_with_items_are_the_bytes_moto_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261207)
    items = [generated_item(rng) for _ in range(2000)]
    writer = JSONSerializer(get_service_model("dynamodb").operation_model("GetItem"))
    assert all(speed_attribute_values._value(writer, value) is not None for item in items for value in item.values())  # none falls back
    answers: list[tuple[str, dict[str, Any], str]] = [
        ("GetItem", {"Item": items[0]}, "dynamodb"),
        ("Scan", {"Items": items[:1000], "Count": 1000, "ScannedCount": 1000, "LastEvaluatedKey": {"id": items[999]["id"]}}, "dynamodb"),
        ("Query", {"Items": items[1000:], "Count": 1000, "ScannedCount": 1000}, "dynamodb"),
        ("BatchGetItem", {"Responses": {"t": items[:100]}, "UnprocessedKeys": {}}, "dynamodb"),
        ("UpdateItem", {"Attributes": items[5]}, "dynamodb"),
        ("TransactGetItems", {"Responses": [{"Item": item} for item in items[:50]]}, "dynamodb"),
        ("GetRecords", {"Records": [{"eventName": "MODIFY", "dynamodb": {"Keys": {"id": item["id"]}, "NewImage": item, "OldImage": items[0]}} for item in items[:100]]}, "dynamodbstreams"),
    ]
    for operation, result, service in answers:
        fast, own = both_ways(monkeypatch, functools.partial(serialized, operation, result, service))
        assert fast == own, operation
        assert json.loads(fast)  # and it is an answer, not an empty one


@pytest.mark.parametrize(
    "odd",
    [
        {"S": None},  # moto leaves the member out
        {"S": "a", "N": "1"},  # two members: moto's order decides
        {},
        {"N": Decimal("1.5")},
        {"M": {"": {"S": "empty name"}}},  # an empty name: moto writes the members into the map itself
        {"L": [None, {"S": "x"}]},
        {"SS": ["a", None]},
        {"BOOL": 1},
        {"X": "unknown member"},
    ],
)
def test_a_value_not_plain_takes_motos_path(monkeypatch: pytest.MonkeyPatch, odd: dict[str, Any]) -> None:
    fast, own = both_ways(monkeypatch, lambda: serialized("GetItem", {"Item": {"id": {"S": "1"}, "odd": odd}}))
    assert fast == own


@mock_aws
def test_items_of_every_type_go_round_trip() -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(TableName="items", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    item = {
        "id": {"S": "1"},
        "text": {"S": "héllo 🎉"},
        "count": {"N": "42.5"},
        "blob": {"B": b"\x00\x01binary\xff"},
        "tags": {"SS": ["a", "b"]},
        "scores": {"NS": ["1", "2.5"]},
        "blobs": {"BS": [b"x", b"\x00y"]},
        "nothing": {"NULL": True},
        "flag": {"BOOL": False},
        "nested": {"M": {"list": {"L": [{"S": "in a list"}, {"M": {"deep": {"B": base64.b64decode("aGk=")}}}]}, "empty": {"M": {}}}},
    }
    dynamodb.put_item(TableName="items", Item=item)
    assert dynamodb.get_item(TableName="items", Key={"id": {"S": "1"}})["Item"] == item
    assert dynamodb.scan(TableName="items")["Items"] == [item]
    assert dynamodb.batch_get_item(RequestItems={"items": {"Keys": [{"id": {"S": "1"}}]}})["Responses"]["items"] == [item]
    updated = dynamodb.update_item(TableName="items", Key={"id": {"S": "1"}}, UpdateExpression="SET flag = :t", ExpressionAttributeValues={":t": {"BOOL": True}}, ReturnValues="ALL_NEW")
    assert updated["Attributes"] == {**item, "flag": {"BOOL": True}}
