"""An event source mapping's long polls end with the mapping. The runtime's
SQS pollers long-poll for 20 s, as Lambda's do, and tag each ReceiveMessage
with the mapping's ARN (MAPPING_POLL_HEADER, protocol.ts part 10). Such a
receive takes nothing once that mapping is disabled or deleted, and disabling
or deleting the mapping wakes the queue's waiting receives, which then return
empty. On AWS the pollers are Lambda's own and stop with the mapping; here
the poller's aborted HTTP request does not end the server's wait, so a poll in
flight when a learner disabled the mapping took the next message and hid it
for its visibility timeout. A receive without the header is untouched."""

from __future__ import annotations

import threading
from typing import Any

from .arns import parse_arn
from .contract import MAPPING_POLL_HEADER

_polling_for = threading.local()


def response_receive_message(original: Any, self: Any) -> Any:
    """SQSResponse.receive_message: notes which mapping (if any) this request polls for."""
    _polling_for.mapping_arn = self.headers.get(MAPPING_POLL_HEADER)
    try:
        return original(self)
    finally:
        _polling_for.mapping_arn = None


def mapping_stopped() -> bool:
    """Whether this thread's receive polls for a mapping that is disabled or gone."""
    arn = getattr(_polling_for, "mapping_arn", None)
    if not arn:
        return False
    try:
        mapping_arn = parse_arn(arn)  # arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>
    except ValueError:
        return False
    kind, _, uuid = mapping_arn.resource.partition(":")
    if kind != "event-source-mapping":
        return False
    from moto.awslambda.models import lambda_backends

    mapping = lambda_backends[mapping_arn.account][mapping_arn.region]._event_source_mappings.get(uuid)
    return mapping is None or not mapping.enabled


def _wake_polls_of(mapping: Any) -> None:
    try:
        source = parse_arn(getattr(mapping, "event_source_arn", "") or "")  # arn:aws:sqs:<region>:<account>:<name>
    except ValueError:
        return
    if source.service != "sqs":
        return
    from moto.sqs.models import sqs_backends

    queue = sqs_backends[source.account][source.region].queues.get(source.resource)
    if queue is not None:
        with queue._messages_lock:
            queue._messages_lock.notify_all()


def update_event_source_mapping(original: Any, self: Any, uuid: str, spec: dict[str, Any]) -> Any:
    mapping = original(self, uuid, spec)
    if mapping is not None and not mapping.enabled:
        _wake_polls_of(mapping)
    return mapping


def delete_event_source_mapping(original: Any, self: Any, uuid: str) -> Any:
    mapping = original(self, uuid)
    if mapping is not None:
        _wake_polls_of(mapping)
    return mapping
