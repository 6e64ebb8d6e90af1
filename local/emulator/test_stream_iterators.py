"""Tests of local/emulator/stream_iterators.py against moto in process: a
shard iterator works for 15 minutes and then gets AWS's
ExpiredIteratorException, and expired iterators are forgotten (moto kept
every one). On unpatched moto the expired iterator still reads and the dict
only grows, so both tests fail there."""

from __future__ import annotations

import json
import time

from emulator import registry, stream_iterators
from emulator.test_speed_streams import Api, table_spec

registry.install_service("dynamodb")


def open_stream(api: Api, table: str) -> tuple[str, str]:
    api("dynamodb", "CreateTable", {**table_spec(table), "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}})
    stream = json.loads(api("dynamodb", "DescribeTable", {"TableName": table})[2])["Table"]["LatestStreamArn"]
    shard = json.loads(api("dynamodbstreams", "DescribeStream", {"StreamArn": stream})[2])["StreamDescription"]["Shards"][0]["ShardId"]
    return stream, shard


def test_an_iterator_reads_for_15_minutes_then_expires_with_aws_s_error(monkeypatch: object) -> None:
    api = Api()
    stream, shard = open_stream(api, "iterators-expire")
    clock = [time.time()]
    monkeypatch.setattr(stream_iterators.time, "time", lambda: clock[0])  # type: ignore[attr-defined]
    iterator = json.loads(api("dynamodbstreams", "GetShardIterator", {"StreamArn": stream, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})[2])["ShardIterator"]
    api("dynamodb", "PutItem", {"TableName": "iterators-expire", "Item": {"id": {"S": "a"}}})

    clock[0] += 14 * 60
    status, _, body = api("dynamodbstreams", "GetRecords", {"ShardIterator": iterator})
    assert status == 200 and len(json.loads(body)["Records"]) == 1

    clock[0] += 60
    status, headers, body = api("dynamodbstreams", "GetRecords", {"ShardIterator": iterator})
    assert status == 400, body
    assert json.loads(body)["__type"].endswith("ExpiredIteratorException")
    assert "expires 15 minutes after" in json.loads(body)["message"]


def test_expired_iterators_are_forgotten_and_fresh_ones_kept(monkeypatch: object) -> None:
    from moto.dynamodbstreams import models as streams_models

    api = Api()
    stream, shard = open_stream(api, "iterators-forgotten")
    backend = streams_models.dynamodbstreams_backends["123456789012"]["us-east-1"]
    backend.shard_iterators.clear()  # another test's clock issued some out of order
    clock = [time.time()]
    monkeypatch.setattr(stream_iterators.time, "time", lambda: clock[0])  # type: ignore[attr-defined]
    request = {"StreamArn": stream, "ShardId": shard, "ShardIteratorType": "LATEST"}
    old = [json.loads(api("dynamodbstreams", "GetShardIterator", request)[2])["ShardIterator"] for _ in range(5)]
    clock[0] += 16 * 60
    fresh = json.loads(api("dynamodbstreams", "GetShardIterator", request)[2])["ShardIterator"]
    assert not set(old) & set(backend.shard_iterators), "the expired iterators were dropped"
    assert fresh in backend.shard_iterators
    status, _, body = api("dynamodbstreams", "GetRecords", {"ShardIterator": fresh})
    assert status == 200, body
    assert json.loads(body)["NextShardIterator"] in backend.shard_iterators
