"""Nudges: the runtime hears at once that a stream record or a queue message
arrived, or that what it runs changed, instead of polling the emulator
(contract.nudge sends the datagram)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from .contract import CONFIG_GENERATION_PATH, nudge, serving_json


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


# The config generation counts those changes; with the emulator's boot id it
# is served at CONFIG_GENERATION_PATH (protocol.ts, part 7). The runtime's
# safety-net round reads it, one request, and re-reads everything only when it
# moved: a config nudge lost, or an emulator restarted (its restored state
# nudged nothing), shows there within one round.
_BOOT = uuid.uuid4().hex[:12]
_generation_lock = threading.Lock()
_generation = 0


def config_generation() -> str:
    return f"{_BOOT}-{_generation}"


def _config_changed(service: str) -> None:
    global _generation
    with _generation_lock:
        _generation += 1
    nudge("config", service)


def call_action(original: Any, self: Any) -> Any:
    result = original(self)
    service = getattr(self, "service_name", "")
    if service != "cloudwatch" and service not in _CONFIG_SERVICES:
        return result  # the hot path (DynamoDB, SQS, SNS): no action name to work out
    try:
        if int(result[0]) < 400 and _changes_config(service, self._get_action()):
            _config_changed(service)
    except Exception:
        pass
    return result


def serving_config_generation(app: Any) -> Any:
    """The WSGI app with GET CONFIG_GENERATION_PATH answered as {"generation": "<boot>-<changes>"}."""
    return serving_json(app, CONFIG_GENERATION_PATH, lambda: {"generation": config_generation()})
