"""Counts of every hop a message makes through the emulator, since it started,
so that a gap between two hops shows where messages went (issue 24). A
learner reads them with `make hops`; the console's pipelines show them.

  topic         published          messages accepted by Publish / PublishBatch
  subscription  attempted          deliveries SNS tried (after the filter policy)
                delivered, failed  ... and their outcome
  queue         sent               messages added (SendMessage, SNS, a DLQ move in)
                received           messages returned by ReceiveMessage, and
                by_receive_count   how many of those were a first, second, ... receive
                deleted            messages removed by DeleteMessage(Batch)
                to_dlq             messages moved to the queue's dead-letter queue
                purged, moved_out  removed by PurgeQueue, by a message move task
                present            messages in the queue now (visible or not)
                unaccounted        sent - every departure - present: a message
                                   that left by no known path. Always 0.
  table         written            successful PutItem and UpdateItem calls
                                   (a BatchWriteItem put is a PutItem)

The counting layers run inside atomic.py's queue lock (registry/sqs.py puts
them inside it), so a queue's counts and its message list change together."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import Any

from .contract import HOP_COUNTS_PATH, serving_json
from .persistence import pickling

_lock = threading.Lock()
_counts: dict[str, dict[str, Counter[str]]] = {kind: defaultdict(Counter) for kind in ("topic", "subscription", "queue", "table")}
_receive_counts: dict[str, Counter[int]] = defaultdict(Counter)
_queues: dict[str, Any] = {}  # queue ARN -> the queue, to count what is present
STARTED = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _save() -> Any:
    return _counts, _receive_counts, _queues, STARTED


def _load(saved: Any) -> None:
    """The counts since the instance's first start: they describe the messages the restored queues hold."""
    global STARTED
    counts, receive_counts, queues, STARTED = saved
    for mine, theirs in ((_counts, counts), (_receive_counts, receive_counts), (_queues, queues)):
        mine.clear()
        mine.update(theirs)


pickling.register("hop_counts", _save, _load)


def count(kind: str, arn: str, hop: str, n: int = 1) -> None:
    if n:
        with _lock:
            _counts[kind][arn][hop] += n


def snapshot() -> dict[str, Any]:
    """Every counter, with each queue's present and unaccounted messages. A
    queue's counters change only under its lock, so they are read under it,
    together with what it holds."""
    with _lock:
        out: dict[str, Any] = {kind: {arn: dict(c) for arn, c in by_arn.items()} for kind, by_arn in _counts.items() if kind != "queue"}
        queues = list(_queues.items())
    out["queue"] = {}
    for arn, queue in queues:
        with queue._messages_lock, _lock:
            c: dict[str, Any] = dict(_counts["queue"][arn])
            c["by_receive_count"] = {str(k): v for k, v in sorted(_receive_counts[arn].items())}
            c["present"] = len(queue._messages)
        departed = sum(c.get(hop, 0) for hop in ("deleted", "to_dlq", "purged", "moved_out"))
        c["unaccounted"] = c.get("sent", 0) - departed - c["present"]
        out["queue"][arn] = c
    out["since"] = STARTED
    return out


def topic_publish(original: Any, self: Any, *args: Any, **kwargs: Any) -> str:
    message_id = original(self, *args, **kwargs)
    count("topic", self.arn, "published")
    return message_id


def queue_add_message(original: Any, self: Any, message: Any) -> None:
    with self._messages_lock:
        before = len(self._messages)
        original(self, message)
        added = len(self._messages) - before  # a FIFO duplicate is not added
        _queues[self.queue_arn] = self
        count("queue", self.queue_arn, "sent", added)


def queue_delete_message(original: Any, self: Any, receipt_handle: str) -> None:
    with self._messages_lock:
        before = len(self._messages)
        original(self, receipt_handle)
        count("queue", self.queue_arn, "deleted", before - len(self._messages))


def receive_message(original: Any, self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
    queue = self.get_queue(queue_name)
    with queue._messages_lock:
        before = len(queue._messages)
        result = original(self, queue_name, *args, **kwargs)
        count("queue", queue.queue_arn, "to_dlq", before - len(queue._messages))  # receive removes only by a DLQ move
        if result:
            count("queue", queue.queue_arn, "received", len(result))
            with _lock:
                _receive_counts[queue.queue_arn].update(m.approximate_receive_count for m in result)
    return result


def purge_queue(original: Any, self: Any, queue_name: str) -> None:
    queue = self.get_queue(queue_name)
    with queue._messages_lock:
        before = len(queue._messages)
        original(self, queue_name)
        count("queue", queue.queue_arn, "purged", before - len(queue._messages))


# A deleted queue's counts go with it: a queue created again under the same
# name (lab 3's migration does) starts from zero, as its message list does.
def delete_queue(original: Any, self: Any, queue_name: str) -> Any:
    arn = self.get_queue(queue_name).queue_arn
    result = original(self, queue_name)
    with _lock:
        _queues.pop(arn, None)
        _counts["queue"].pop(arn, None)
        _receive_counts.pop(arn, None)
    return result


def table_write(original: Any, self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
    result = original(self, table_name, *args, **kwargs)  # raises when a condition fails: nothing written
    count("table", self.get_table(table_name).table_arn, "written")
    return result


def serving_counts(app: Any) -> Any:
    """The WSGI app with GET HOP_COUNTS_PATH answered by snapshot() as JSON."""
    return serving_json(app, HOP_COUNTS_PATH, snapshot)
