"""Nudges: the runtime hears at once that a stream record or a queue message
arrived, or that what it runs changed, instead of polling the emulator
(contract.nudge sends the datagram)."""

from __future__ import annotations

import threading
from typing import Any

from .contract import nudge


def queue_add_message(original: Any, self: Any, message: Any) -> None:
    original(self, message)
    nudge("sqs", self.queue_arn)


# One write request is one nudge: the records of a BatchWriteItem or
# TransactWriteItems reach the stream together, and Lambda (which polls a
# shard about four times a second) reads them as one batch. Nudging per record
# would let the poller read the first record alone.
_deferred = threading.local()


def shard_add(original: Any, self: Any, old: Any, new: Any) -> None:
    original(self, old, new)
    pending = getattr(_deferred, "tables", None)
    if pending is None:
        nudge("ddb", self.table.table_arn)
    else:
        pending.add(self.table.table_arn)


def one_nudge_per_request(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _deferred.tables = set()
    try:
        return original(self, *args, **kwargs)
    finally:
        tables, _deferred.tables = _deferred.tables, None
        for arn in tables:
            nudge("ddb", arn)


# A change to what the runtime runs (a function, a mapping, a schedule, an
# alarm) is nudged as "config <service>", so the runtime re-reads it at once
# instead of listing everything every two seconds while the lab sits idle.
_CONFIG_SERVICES = {"awslambda", "events", "scheduler", "apigatewayv2", "apigateway"}  # moto names Lambda "awslambda"
_ALARM_ACTIONS = {"PutMetricAlarm", "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions"}
_READS = ("Get", "List", "Describe", "Invoke")


def _changes_config(service: str, action: str) -> bool:
    if service == "cloudwatch":
        return action in _ALARM_ACTIONS
    return service in _CONFIG_SERVICES and not action.startswith(_READS)


def call_action(original: Any, self: Any) -> Any:
    result = original(self)
    service = getattr(self, "service_name", "")
    if service != "cloudwatch" and service not in _CONFIG_SERVICES:
        return result  # the hot path (DynamoDB, SQS, SNS): no action name to work out
    try:
        if int(result[0]) < 400 and _changes_config(service, self._get_action()):
            nudge("config", service)
    except Exception:
        pass
    return result
