"""Tests of local/emulator/speed_streams.py against moto in process: the
GetRecords answer written directly is byte for byte moto's own (the original
is kept by the registry's Patch record), for every attribute type, for the
three kinds of record and for an empty page."""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.test import Client

from emulator import registry, speed_streams
from emulator.registry import dynamodb

registry.install_service("dynamodb")

AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x"
EVERY_TYPE = {
    "id": {"S": "a"},
    "n": {"N": "1.50"},
    "b": {"B": "AAEC"},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": ["AAE="]},
    "m": {"M": {"k": {"L": [{"S": "v"}, {"NULL": True}, {"BOOL": False}]}}},
    "u": {"S": "é\u2028\"\\"},
}


class Api:
    def __init__(self) -> None:
        self.client = Client(DomainDispatcherApplication(create_backend_app))

    def __call__(self, service: str, action: str, body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        prefix = "DynamoDBStreams_20120810" if service == "dynamodbstreams" else "DynamoDB_20120810"
        headers = {"Host": f"{service}.us-east-1.amazonaws.com", "X-Amz-Target": f"{prefix}.{action}", "Content-Type": "application/x-amz-json-1.0", "Authorization": AUTHORIZATION}
        response = self.client.post("/", headers=headers, data=json.dumps(body))
        return response.status_code, dict(response.headers), response.get_data(as_text=True)


def table_spec(name: str, key: str = "id") -> dict[str, Any]:
    """CreateTable's body for an on-demand table keyed by one string attribute."""
    return {"TableName": name, "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": key, "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}


def moto_s_body(result: dict[str, Any]) -> tuple[int, dict[str, Any], str | bytes]:
    """What moto's own serializer writes for a GetRecords result."""
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    handler = DynamoDBStreamsHandler()
    handler.headers = {"X-Amz-Target": "DynamoDBStreams_20120810.GetRecords"}
    handler.body = "{}"
    handler.querystring = {}
    handler.response_headers = {}
    return handler.serialized(ActionResult(result))


def test_get_records_is_byte_for_byte_moto_s_answer() -> None:
    api = Api()
    api("dynamodb", "CreateTable", {**table_spec("speed-streams"), "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
    api("dynamodb", "PutItem", {"TableName": "speed-streams", "Item": EVERY_TYPE})  # INSERT
    api("dynamodb", "PutItem", {"TableName": "speed-streams", "Item": {**EVERY_TYPE, "n": {"N": "2"}}})  # MODIFY
    api("dynamodb", "DeleteItem", {"TableName": "speed-streams", "Key": {"id": {"S": "a"}}})  # REMOVE
    stream = json.loads(api("dynamodb", "DescribeTable", {"TableName": "speed-streams"})[2])["Table"]["LatestStreamArn"]
    shard = json.loads(api("dynamodbstreams", "DescribeStream", {"StreamArn": stream})[2])["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = json.loads(api("dynamodbstreams", "GetShardIterator", {"StreamArn": stream, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})[2])["ShardIterator"]

    status, headers, body = api("dynamodbstreams", "GetRecords", {"ShardIterator": iterator})
    page = json.loads(body)
    assert [r["eventName"] for r in page["Records"]] == ["INSERT", "MODIFY", "REMOVE"]
    # moto's serializer, given the same records (their timestamp as moto holds it), writes the same bytes.
    [patch] = [p for p in dynamodb.PATCHES if p.name == "get_records" and p.owner.__name__ == "DynamoDBStreamsHandler"]
    assert patch.installed, "the patch is installed"
    from moto.dynamodbstreams import models as streams_models

    backend = streams_models.dynamodbstreams_backends["123456789012"]["us-east-1"]
    stream_shard = backend.dynamodb.get_table("speed-streams").stream_shard
    assert stream_shard is not None
    result = {"NextShardIterator": page["NextShardIterator"], "Records": [record.to_json() for record in stream_shard.items]}
    assert speed_streams.records_body(result) is not None, "the fast path writes this page"
    moto_status, moto_headers, moto_body = moto_s_body(result)
    assert body == moto_body == speed_streams.records_body(result)
    assert status == moto_status == 200
    assert headers["Content-Type"] == moto_headers["Content-Type"]

    # The next page is empty; its answer is moto's too.
    status, _, empty = api("dynamodbstreams", "GetRecords", {"ShardIterator": page["NextShardIterator"]})
    assert json.loads(empty)["Records"] == []
    assert empty == moto_s_body({"NextShardIterator": json.loads(empty)["NextShardIterator"], "Records": []})[2]


def test_a_record_with_a_member_the_fast_path_does_not_know_goes_to_moto_s_serializer() -> None:
    record = {"eventID": "1", "eventName": "REMOVE", "dynamodb": {"Keys": {"id": {"S": "a"}}}, "userIdentity": {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}}
    assert speed_streams.records_body({"Records": [record]}) is None
