"""DynamoDB writes and SQS queue changes are atomic, as on AWS. moto's server
is threaded: without these, two concurrent conditional puts on one key could
both pass their condition (lab 3's idempotency depends on this), a Scan or
DescribeTable could fail on a write landing meanwhile, two concurrent receives
could both take one message, and a delete could drop a message sent while it
ran."""

from __future__ import annotations

import threading
import time
from typing import Any

from moto.sqs import models as sqs_models

from . import sqs_mapping_polls
from .persistence import store

_ddb_write_lock = threading.RLock()


def one_at_a_time(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    with _ddb_write_lock:
        return original(self, *args, **kwargs)


# DescribeTable (ItemCount), Scan and Query iterate a table's item dict; a
# write landing meanwhile made them fail with "dictionary changed size during
# iteration", a 500 the SDK reports as UnknownError. They read under the same
# lock, so each sees the table between two writes.
TABLE_READS = ("describe_table", "scan", "query")


# A queue's message list changes only under that queue's lock: moto's own
# Condition, which SendMessage already holds to append. moto's DeleteMessage
# did not take it: it rebuilt the list from the one it scanned and put the
# copy in its place, so a message sent while a delete scanned the queue was
# dropped with the old list, unseen by anyone (issue 24: four orders of a
# 1,000-order burst, consecutive entries of one PublishBatch). Receives take
# the same lock, so two receives cannot take one message, and a receive's move
# to the dead-letter queue cannot race a delete. A long poll waits outside it
# (wait_for_a_visible_message), woken by the lock's notify.
def holding_queue_lock_notifying_waiters(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    """Queue.delete_message under the queue's lock; a FIFO queue's long polls are woken (the message's group is free)."""
    with self._messages_lock:
        try:
            return original(self, *args, **kwargs)
        finally:
            if self.fifo_queue:
                self._messages_lock.notify_all()


def holding_named_queue_lock(original: Any, self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
    with self.get_queue(queue_name)._messages_lock:
        return original(self, queue_name, *args, **kwargs)


def receive_message(original: Any, self: Any, queue_name: str, count: int, wait_seconds_timeout: int, *args: Any, **kwargs: Any) -> Any:
    queue = self.get_queue(queue_name)
    if store.replaying():
        wait_seconds_timeout = 0  # a replayed receive found its messages when it was journaled
    deadline = time.monotonic() + (wait_seconds_timeout or 0)

    # Each attempt that takes or moves a message is a change of its own,
    # journaled (persistence/store.py) and replayed as that attempt; the wait
    # between attempts holds no lock and is never replayed.
    def attempt() -> Any:
        with queue._messages_lock:
            before = len(queue._messages)
            result = original(self, queue_name, count, 0, *args, **kwargs)
            if not result and len(queue._messages) == before:
                store.nothing_changed()
            return result

    while True:
        if sqs_mapping_polls.mapping_stopped():
            return []  # its event source mapping was disabled or deleted meanwhile
        result = store.journaled_call("sqs.receive_message", (self.account_id, self.region_name, queue_name, count, args, kwargs), attempt)
        left = deadline - time.monotonic()
        if result or left <= 0:
            return result
        started = time.monotonic()
        wait_for_a_visible_message(queue, left)
        if time.monotonic() - started < 0.005:
            time.sleep(0.01)  # visible messages, but others took them: do not spin


def wait_for_a_visible_message(queue: Any, longest: float) -> None:
    """Waits until the queue has a visible message, a change to it notifies
    (a new message, a visibility changed, a FIFO delete), the next in-flight or
    delayed message becomes visible, or `longest` seconds pass. moto woke every
    waiting receiver once a second to look again: with the runtime's pollers
    waiting on their queues, that was most of an idle emulator's work."""
    with queue._messages_lock:
        if queue.messages:
            return
        now = sqs_models.unix_time_millis()
        upcoming = [max(message.visible_at, message.delayed_until) for message in queue._messages]
        soonest = (min(upcoming) - now) / 1000 + 0.001 if upcoming else longest
        queue._messages_lock.wait(max(0.0, min(longest, soonest)))


def holding_named_queue_lock_notifying_waiters(original: Any, self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
    """Under the queue's lock, then wakes its long polls: a visibility changed
    (to 0, the message is visible now)."""
    queue = self.get_queue(queue_name)
    with queue._messages_lock:
        try:
            return original(self, queue_name, *args, **kwargs)
        finally:
            queue._messages_lock.notify_all()


def _replay_receive(account_id: str, region: str, queue_name: str, count: int, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    sqs_models.sqs_backends[account_id][region].receive_message(queue_name, count, 0, *args, **kwargs)


store.replayable("sqs.receive_message", _replay_receive)
