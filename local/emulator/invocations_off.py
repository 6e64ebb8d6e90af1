"""moto's own Lambda invocation, switched off. Without Docker moto still
"invokes" functions, and in doing so it wipes DynamoDB stream records and
receives SQS messages itself (raising their receive count). The local runtime
reads streams and queues through the public APIs instead, as Lambda's pollers
do; the nudges module tells it when to look."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

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


def queue_add_message(original: Any, self: Any, message: Any) -> None:
    with _HiddenMappings(self):
        original(self, message)


def shard_add(original: Any, self: Any, old: Any, new: Any) -> None:
    with _HiddenMappings(self.table):
        original(self, old, new)


def switched_off(what: str) -> Callable[..., Any]:
    def noop(*args: Any, **kwargs: Any) -> bool:
        log.debug("moto's own %s is switched off; the streamlab runtime handles it", what)
        return False

    return noop
