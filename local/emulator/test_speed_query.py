"""Tests of local/emulator/speed_query.py against moto in process: every
Query, on the table and on its indexes, paged or not, answers exactly as
moto's own path does (the shortcut switched off). A speed patch changes no
behaviour, so these guard the answers; the timing is in docs/local-runtime.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator import registry, speed_query
from emulator.test_speed_streams import Api

registry.install_service("dynamodb")

TABLE = "speed-query"


@pytest.fixture(scope="module")
def api() -> Api:
    api = Api()
    api(
        "dynamodb",
        "CreateTable",
        {
            "TableName": TABLE,
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "status", "AttributeType": "S"},
                {"AttributeName": "created", "AttributeType": "S"},
                {"AttributeName": "other", "AttributeType": "N"},
            ],
            "GlobalSecondaryIndexes": [
                {"IndexName": "status-index", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "created", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "other-index", "KeySchema": [{"AttributeName": "other", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}},
            ],
            "LocalSecondaryIndexes": [{"IndexName": "created-local", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "created", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
        },
    )
    for i in range(120):
        item: dict[str, Any] = {"pk": {"S": f"p{i % 7}"}, "sk": {"N": str(i)}, "created": {"S": f"2026-12-{1 + i % 28:02d}"}, "n": {"N": str(i * 3)}}
        if i % 5:
            item["status"] = {"S": "pending" if i % 3 else "done"}  # every fifth item is not in status-index
        if i % 4 == 0:
            item["other"] = {"N": "1.0" if i % 8 else "1"}  # the same number written two ways
        api("dynamodb", "PutItem", {"TableName": TABLE, "Item": item})
    return api


QUERIES: list[dict[str, Any]] = [
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p3"}}},
    {"KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b", "ExpressionAttributeValues": {":p": {"S": "p2"}, ":a": {"N": "10"}, ":b": {"N": "80"}}, "ScanIndexForward": False},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "nobody"}}},
    {"KeyConditionExpression": "pk = :p", "FilterExpression": "n > :n", "ExpressionAttributeValues": {":p": {"S": "p1"}, ":n": {"N": "100"}}},
    {"IndexName": "status-index", "KeyConditionExpression": "#s = :s", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":s": {"S": "pending"}}},
    {"IndexName": "status-index", "KeyConditionExpression": "#s = :s AND created < :c", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":s": {"S": "done"}, ":c": {"S": "2026-12-15"}}, "ScanIndexForward": False},
    {"IndexName": "other-index", "KeyConditionExpression": "other = :o", "ExpressionAttributeValues": {":o": {"N": "1"}}},
    {"IndexName": "created-local", "KeyConditionExpression": "pk = :p AND begins_with(created, :c)", "ExpressionAttributeValues": {":p": {"S": "p4"}, ":c": {"S": "2026-12-1"}}},
]


def pages(api: Api, request: dict[str, Any], limit: int | None) -> list[Any]:
    answers, start = [], None
    while True:
        body = {"TableName": TABLE, **request, **({"Limit": limit} if limit else {}), **({"ExclusiveStartKey": start} if start else {})}
        status, _, text = api("dynamodb", "Query", body)
        answers.append((status, json.loads(text)))
        start = answers[-1][1].get("LastEvaluatedKey")
        if not start:
            return answers


@pytest.mark.parametrize("request_body", QUERIES)
@pytest.mark.parametrize("limit", [None, 4])
def test_a_query_answers_as_moto_s_own_path(api: Api, request_body: dict[str, Any], limit: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = pages(api, request_body, limit)
    monkeypatch.setattr(speed_query, "_candidates", lambda *args: None)  # moto's path, unchanged
    moto = pages(api, request_body, limit)
    assert fast == moto
    assert all(status == 200 for status, _ in fast)


def test_the_shortcut_reads_only_the_matching_items(api: Api) -> None:
    from moto.dynamodb import models as ddb_models

    table = ddb_models.dynamodb_backends["123456789012"]["us-east-1"].get_table(TABLE)
    from moto.dynamodb.models.dynamo_type import DynamoType

    partition = speed_query._candidates(table, DynamoType({"S": "p3"}), None, None)
    assert partition is not None and {item.attrs["pk"].value for item in partition} == {"p3"} and len(partition) == 17
    pending = speed_query._candidates(table, None, "status-index", [("status", DynamoType({"S": "pending"}))])
    assert pending is not None and len(pending) == sum(1 for i in range(120) if i % 5 and i % 3)
