"""SQS: queues whose message lists change atomically and are counted hop by
hop, a runtime nudged on every new message, Terraform-stable attributes,
DLQ redrive tasks, bodies refused with characters SQS does not allow, sends
and receives that do not count the queue or draw letter by letter, and an
event source mapping's long polls that end with the mapping."""

from __future__ import annotations

from moto.sqs import models as sqs_models
from moto.sqs import responses as sqs_responses

from .. import atomic, hop_counts, invocations_off, nudges, speed_sqs, sqs_mapping_polls, sqs_message_contents, sqs_message_move, terraform_fixes
from ..patching import add, replace, wrap, wrap_property

Queue, Backend, Response = sqs_models.Queue, sqs_models.SQSBackend, sqs_responses.SQSResponse

PATCHES = (
    # Counted under the queue's lock, then the runtime is nudged; moto's own Lambda poller never sees it.
    wrap(Queue, "add_message", hop_counts.queue_add_message, nudges.queue_add_message, invocations_off.queue_add_message, expects="self, message"),
    wrap(Queue, "delete_message", atomic.holding_queue_lock_notifying_waiters, hop_counts.queue_delete_message, expects="self, receipt_handle"),
    wrap(Backend, "receive_message", atomic.receive_message, hop_counts.receive_message, expects="self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names"),
    # A receive by an event source mapping's poller takes nothing once the mapping is disabled or deleted.
    wrap(Response, "receive_message", sqs_mapping_polls.response_receive_message, expects="self"),
    wrap(Backend, "purge_queue", atomic.holding_named_queue_lock, hop_counts.purge_queue, expects="self, queue_name"),
    wrap(Backend, "change_message_visibility", atomic.holding_named_queue_lock_notifying_waiters, expects="self, queue_name, receipt_handle, visibility_timeout"),
    wrap(Backend, "delete_queue", hop_counts.delete_queue, expects="self, queue_name"),
    # While a send runs the queue answers with its configuration only; otherwise the compact RedrivePolicy.
    wrap_property(Queue, "attributes", speed_sqs.attributes_while_sending, terraform_fixes.compact_redrive_policy),
    wrap_property(Queue, "messages", speed_sqs.visible_messages),
    wrap(Queue, "_set_attributes", terraform_fixes.queue_set_attributes, expects="self, attributes, now"),
    wrap(Backend, "send_message", speed_sqs.send_message, expects="self, queue_name, message_body, message_attributes, delay_seconds, deduplication_id, group_id, system_attributes, validate_group_id"),
    replace(sqs_models, "generate_receipt_handle", speed_sqs.receipt_handle, expects=""),
    wrap(Backend, "is_message_valid_based_on_retention_period", speed_sqs.retention_check, expects="self, queue_name, message"),
    # A body with a character SQS does not allow is refused (a batch's entry fails alone).
    wrap(Response, "send_message", sqs_message_contents.send_message, expects="self"),
    wrap(Backend, "send_message_batch", sqs_message_contents.send_message_batch, expects="self, queue_name, entries"),
    add(Response, "start_message_move_task", sqs_message_move.start_message_move_task),
    add(Response, "list_message_move_tasks", sqs_message_move.list_message_move_tasks),
    add(Response, "cancel_message_move_task", sqs_message_move.cancel_message_move_task),
)
