"""moto's own Lambda invocation, switched off. Without Docker moto still
"invokes" functions, and in doing so it wipes DynamoDB stream records and
receives SQS messages itself (raising their receive count). The local runtime
reads streams and queues through the public APIs instead, as Lambda's pollers
do; the nudges module tells it when to look."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from moto.awslambda import models as lambda_models
from moto.dynamodb.models import table as ddb_table
from moto.sqs import models as sqs_models

from .patching import patch

log = logging.getLogger("streamlab.emulator")


class _HiddenMappings:
    """Hide an owner's event source mappings while moto runs, so moto does
    not try to invoke Lambda (and consume the data) itself."""

    _lock = threading.RLock()

    def __init__(self, owner: Any) -> None:
        self.owner = owner

    def __enter__(self) -> None:
        self._lock.acquire()
        self.saved = self.owner.lambda_event_source_mappings
        self.owner.lambda_event_source_mappings = {}

    def __exit__(self, *exc: object) -> None:
        self.owner.lambda_event_source_mappings = self.saved
        self._lock.release()


def _queue_add_message(original: Any, self: Any, message: Any) -> None:
    with _HiddenMappings(self):
        original(self, message)


def _shard_add(original: Any, self: Any, old: Any, new: Any) -> None:
    with _HiddenMappings(self.table):
        original(self, old, new)


def _not_here(what: str) -> Callable[..., Any]:
    def noop(*args: Any, **kwargs: Any) -> bool:
        log.debug("moto's own %s is switched off; the streamlab runtime handles it", what)
        return False

    return noop


def install() -> None:
    patch(sqs_models.Queue, "add_message")(_queue_add_message)
    patch(ddb_table.StreamShard, "add")(_shard_add)
    # moto's remaining invocation paths become no-ops: the runtime does this work.
    for name in ("send_sqs_batch", "send_dynamodb_items", "send_sns_message", "send_kinesis_message", "send_log_event"):
        setattr(lambda_models.LambdaBackend, name, _not_here(name))
