"""DynamoDB writes and SQS receives are atomic, as on AWS. moto's server is
threaded: without these, two concurrent conditional puts on one key could both
pass their condition (lab 3's idempotency depends on this), and two concurrent
receives could both take one message."""

from __future__ import annotations

import threading
import time
from typing import Any

from moto.dynamodb import models as ddb_models
from moto.sqs import models as sqs_models

from .patching import patch

_ddb_write_lock = threading.RLock()


def _atomic(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    with _ddb_write_lock:
        return original(self, *args, **kwargs)


# Each queue's receives take turns; a long poll waits outside that turn, so it blocks nobody.
_receive_turns: dict[int, threading.Lock] = {}
_receive_turns_lock = threading.Lock()


def _receive_turn(queue: Any) -> threading.Lock:
    with _receive_turns_lock:
        return _receive_turns.setdefault(id(queue), threading.Lock())


def _receive_message(original: Any, self: Any, queue_name: str, count: int, wait_seconds_timeout: int, *args: Any, **kwargs: Any) -> Any:
    queue = self.get_queue(queue_name)
    turn = _receive_turn(queue)
    deadline = time.monotonic() + (wait_seconds_timeout or 0)
    while True:
        with turn:
            result = original(self, queue_name, count, 0, *args, **kwargs)
        left = deadline - time.monotonic()
        if result or left <= 0:
            return result
        started = time.monotonic()
        queue.wait_for_messages(min(1.0, left))  # woken by a new message; visibility expiry is seen within 1 s
        if time.monotonic() - started < 0.005:
            time.sleep(0.01)  # visible messages, but others took them: do not spin


def install() -> None:
    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        patch(ddb_models.DynamoDBBackend, name)(_atomic)
    patch(sqs_models.SQSBackend, "receive_message")(_receive_message)
