"""DynamoDB Streams' GetRecords, written as JSON directly: the same body as
moto's, without its shape-driven serializer (docs/local-runtime.md, "Where
the time goes"; test_speed_streams.py compares the bytes with moto's)."""

from __future__ import annotations

import base64
import calendar
import json
from datetime import datetime
from typing import Any

# moto walks every attribute of every image through the service model to
# write a GetRecords answer. In lab 1's burst of 1,000 messages three stream
# consumers read every record, and that walk was about 15 % of the emulator's
# CPU. A record is already in its wire form except its one timestamp, so it is
# written here in the model's member order, as moto's serializer writes it.
_RECORD_MEMBERS = ("eventID", "eventName", "eventVersion", "eventSource", "awsRegion")
_STREAM_RECORD_MEMBERS = ("ApproximateCreationDateTime", "Keys", "NewImage", "OldImage", "SequenceNumber", "SizeBytes", "StreamViewType")
_CONTENT_TYPE = "application/x-amz-json-1.0"


def _unix_timestamp(value: datetime) -> int | float:
    # moto's TimestampSerializer: whole seconds, or milliseconds truncated.
    seconds = calendar.timegm(value.timetuple())
    return seconds + (value.microsecond // 1000) / 1000.0 if value.microsecond else seconds


def _blob(value: Any) -> str:
    # Binary attributes (B, BS) are bytes in moto's images; the wire has base64.
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("utf-8")
    raise TypeError(f"{type(value).__name__} in a stream record")


def _wire_record(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record as moto's serializer writes it, or None when it holds anything the fast path does not know."""
    if set(record) - {*_RECORD_MEMBERS, "dynamodb"} or set(record.get("dynamodb", {})) - set(_STREAM_RECORD_MEMBERS):
        return None
    change = record["dynamodb"]
    created = change.get("ApproximateCreationDateTime")
    if created is not None and not isinstance(created, datetime):
        return None
    wire: dict[str, Any] = {name: record[name] for name in _RECORD_MEMBERS if record.get(name) is not None}
    wire["dynamodb"] = {name: _unix_timestamp(change[name]) if name == "ApproximateCreationDateTime" else change[name] for name in _STREAM_RECORD_MEMBERS if change.get(name) is not None}
    return wire


def records_body(result: dict[str, Any]) -> str | None:
    """GetRecords' JSON body for moto's result, or None to let moto's serializer write it."""
    if set(result) - {"Records", "NextShardIterator"}:
        return None
    records = [_wire_record(record) for record in result.get("Records", [])]
    if any(record is None for record in records):
        return None
    body: dict[str, Any] = {"Records": records}
    if result.get("NextShardIterator") is not None:
        body["NextShardIterator"] = result["NextShardIterator"]
    try:
        return json.dumps(body, default=_blob)
    except TypeError:
        return None


def get_records(original: Any, self: Any) -> Any:
    answer = original(self)
    body = records_body(answer.result) if isinstance(getattr(answer, "result", None), dict) else None
    return answer if body is None else (body, {"Content-Type": _CONTENT_TYPE})
