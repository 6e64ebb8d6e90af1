"""SQS DLQ redrive (StartMessageMoveTask, ListMessageMoveTasks,
CancelMessageMoveTask) for the emulator: moto has none of them.

AWS semantics kept (SQS Developer Guide, "Configure a dead-letter queue
redrive"; API Reference, StartMessageMoveTask):
- SourceArn must be a queue that is some queue's dead-letter queue, else
  InvalidParameterValue ("Source queue must be configured as a Dead Letter
  Queue.").
- Without DestinationArn the messages go back to their source queue. AWS keeps
  each message's own source; here the DLQ must have exactly one source queue
  (true of every streamlab DLQ), else DestinationArn is required.
- One active task per source queue (AWS: "There can be only one active
  message movement task per queue"); a second start fails.
- The task moves the messages visible when it started, asynchronously, at
  MaxNumberOfMessagesPerSecond if given (AWS: up to 500/s, system-optimised
  when absent), each sent to the destination before it leaves the DLQ, so a
  crash in between leaves a duplicate, never a loss. A moved message is a new
  message on the destination: its receive count starts again at 0.
- ListMessageMoveTasks lists the tasks of a source queue, newest first, with
  Status RUNNING | COMPLETED | CANCELLED | FAILED and the approximate counts.
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

from moto.core.responses import ActionResult
from moto.moto_api._internal import mock_random
from moto.sqs import models as sqs_models
from moto.sqs.exceptions import InvalidParameterValue, QueueDoesNotExist

from . import hop_counts
from .persistence import pickling, store

_tasks: dict[str, list[dict[str, Any]]] = {}  # source ARN -> tasks, newest first
_lock = threading.Lock()


def _queue_by_arn(backend: Any, arn: str) -> Any:
    for queue in backend.queues.values():
        if queue.queue_arn == arn:
            return queue
    raise QueueDoesNotExist()


def _task(handle: str) -> dict[str, Any]:
    return next(task for tasks in _tasks.values() for task in tasks if task["TaskHandle"] == handle)


def _move_one(backend: Any, task: dict[str, Any], message_id: str) -> str:
    """Moves one message of the task's source, if it is still there and visible: "moved", "skipped" or "failed"."""
    source, destination = _queue_by_arn(backend, task["SourceArn"]), _queue_by_arn(backend, task["DestinationArn"])
    # Taken from the source under its lock (atomic.py), then sent: holding
    # one queue's lock while sending to another could deadlock with a
    # receive that moves a message the other way, to its DLQ.
    with source._messages_lock:
        message = next((m for m in source._messages if m.id == message_id), None)
        if message is None or not message.visible:
            store.nothing_changed()
            return "skipped"  # received (and perhaps deleted) meanwhile
        source._messages.remove(message)
        source.pending_messages.discard(message)
        hop_counts.count("queue", source.queue_arn, "moved_out")
    try:
        backend.send_message(destination.name, message.body, message_attributes=message.message_attributes)
    except Exception as error:
        with source._messages_lock:
            source._messages.append(message)  # not moved: it stays in the source
            hop_counts.count("queue", source.queue_arn, "moved_out", -1)
        task["Status"] = "FAILED"
        task["FailureReason"] = str(error)
        return "failed"
    task["ApproximateNumberOfMessagesMoved"] += 1
    return "moved"


def _move(backend: Any, task: dict[str, Any]) -> None:
    source = _queue_by_arn(backend, task["SourceArn"])
    per_second = task.get("MaxNumberOfMessagesPerSecond")
    left = task["ApproximateNumberOfMessagesToMove"] - task["ApproximateNumberOfMessagesMoved"]
    for message_id in [m.id for m in list(source._messages) if m.visible and not m.delayed][:left]:
        if task["Status"] == "CANCELLING":
            break
        if task["ApproximateNumberOfMessagesMoved"] and per_second:
            time.sleep(1 / per_second)  # the pause goes between messages, so the task ends with its last move
        # Each move is a change of its own, journaled (persistence/store.py).
        args = (backend.account_id, backend.region_name, task["TaskHandle"], message_id)
        if store.journaled_call("sqs.move_message", args, functools.partial(_move_one, backend, task, message_id)) == "failed":
            return
    task["Status"] = "CANCELLED" if task["Status"] == "CANCELLING" else "COMPLETED"


def _replay_move(account_id: str, region: str, handle: str, message_id: str) -> None:
    _move_one(sqs_models.sqs_backends[account_id][region], _task(handle), message_id)


def _resume() -> None:
    """A task that was running when the emulator stopped goes on (its moves so far were journaled)."""
    for tasks in _tasks.values():
        for task in tasks:
            if task["Status"] == "CANCELLING":
                task["Status"] = "CANCELLED"
            elif task["Status"] == "RUNNING":
                account_id, region = task["SourceArn"].split(":")[4], task["SourceArn"].split(":")[3]
                threading.Thread(target=_move, args=(sqs_models.sqs_backends[account_id][region], task), daemon=True).start()


def _load(saved: dict[str, list[dict[str, Any]]]) -> None:
    _tasks.clear()
    _tasks.update(saved)


store.replayable("sqs.move_message", _replay_move)
store.after_recovery(_resume)
pickling.register("sqs_message_move", lambda: _tasks, _load)


def start_message_move_task(self: Any) -> ActionResult:
    source_arn = self._get_param("SourceArn")
    destination_arn = self._get_param("DestinationArn")
    per_second = self._get_param("MaxNumberOfMessagesPerSecond")
    backend = self.sqs_backend
    source = _queue_by_arn(backend, source_arn)
    sources = backend.list_dead_letter_source_queues(source.name)
    if not sources:
        raise InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.")
    if destination_arn:
        destination = _queue_by_arn(backend, destination_arn)
    elif len(sources) == 1:
        destination = sources[0]
    else:
        raise InvalidParameterValue("the emulator needs a DestinationArn for a dead-letter queue with several source queues")
    if per_second is not None and not 1 <= int(per_second) <= 500:
        raise InvalidParameterValue("MaxNumberOfMessagesPerSecond must be between 1 and 500")
    with _lock:
        tasks = _tasks.setdefault(source_arn, [])
        if any(t["Status"] in ("RUNNING", "CANCELLING") for t in tasks):
            raise InvalidParameterValue("There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
        task = {
            "TaskHandle": mock_random.uuid4().hex,  # seeded: a replay makes the same handle
            "Status": "RUNNING",
            "SourceArn": source_arn,
            "DestinationArn": destination.queue_arn,
            "ApproximateNumberOfMessagesMoved": 0,
            "ApproximateNumberOfMessagesToMove": sum(1 for m in source._messages if m.visible and not m.delayed),
            "StartedTimestamp": int(time.time() * 1000),
        }
        if per_second is not None:
            task["MaxNumberOfMessagesPerSecond"] = int(per_second)
        tasks.insert(0, task)
    if not store.replaying():  # a replayed task's moves are journaled records of their own; _resume() goes on after recovery
        threading.Thread(target=_move, args=(backend, task), daemon=True).start()
    return ActionResult({"TaskHandle": task["TaskHandle"]})


def list_message_move_tasks(self: Any) -> ActionResult:
    source_arn = self._get_param("SourceArn")
    _queue_by_arn(self.sqs_backend, source_arn)
    limit = int(self._get_param("MaxResults") or 1)
    shown = [{k: v for k, v in t.items() if k != "TaskHandle" or t["Status"] == "RUNNING"} for t in _tasks.get(source_arn, [])[:limit]]
    for t in shown:
        if t["Status"] == "CANCELLING":
            t["Status"] = "RUNNING"
    return ActionResult({"Results": shown})


def cancel_message_move_task(self: Any) -> ActionResult:
    handle = self._get_param("TaskHandle")
    for tasks in _tasks.values():
        for task in tasks:
            if task["TaskHandle"] == handle and task["Status"] == "RUNNING":
                task["Status"] = "CANCELLING"
                return ActionResult({"ApproximateNumberOfMessagesMoved": task["ApproximateNumberOfMessagesMoved"]})
    raise InvalidParameterValue("Task does not exist or is not running.")
