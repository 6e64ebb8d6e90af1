"""SQS refuses a message body with a character outside the set it allows.

AWS's SendMessage reference: a message can hold only #x9 | #xA | #xD |
#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF (XML's characters),
and "if a message contains characters outside the allowed set, Amazon SQS
rejects the message and returns an InvalidMessageContents error". moto stored
such a message, so code that sends a NUL or another control character worked
locally and failed on AWS. `SendMessage` now answers 400
InvalidMessageContents; in `SendMessageBatch` that entry fails on its own
(`Failed`, `SenderFault`), as a batch reports each message, and the others are
sent. Only these two API calls are checked: what SNS delivers to a queue is
not (AWS does not document that case).
"""

from __future__ import annotations

import re
from typing import Any

from moto.sqs.exceptions import BatchEntryIdsNotDistinct, BatchRequestTooLong, InvalidBatchEntryId, SQSException, TooManyEntriesInBatchRequest
from moto.sqs.models import MAXIMUM_MESSAGE_LENGTH

_OUTSIDE_THE_SET = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The message of the other emulators that check it (LocalStack, fakecloud); AWS's own is not documented.
MESSAGE = "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"


class InvalidMessageContents(SQSException):
    def __init__(self) -> None:
        super().__init__("InvalidMessageContents", MESSAGE)


def allowed(body: Any) -> bool:
    return not isinstance(body, str) or _OUTSIDE_THE_SET.search(body) is None


def send_message(original: Any, self: Any) -> Any:
    """SQSResponse.send_message: the queue must exist (moto's error first), then the body is checked."""
    if not allowed(self._get_param("MessageBody")):
        self.sqs_backend.get_queue(self._get_queue_name())
        raise InvalidMessageContents()
    return original(self)


def send_message_batch(original: Any, self: Any, queue_name: str, entries: dict[str, dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """SQSBackend.send_message_batch (only the API calls it): an entry with a refused body fails alone."""
    refused = [key for key, entry in entries.items() if not allowed(entry.get("MessageBody"))]
    if not refused:
        return original(self, queue_name, entries)
    # The request's own checks see every entry, in moto's order, before any entry is judged.
    self.get_queue(queue_name)
    if any(not re.match(r"^[\w-]{1,80}$", entry["Id"]) for entry in entries.values()):
        raise InvalidBatchEntryId()
    body_length = sum(len(entry["MessageBody"]) for entry in entries.values())
    if body_length > MAXIMUM_MESSAGE_LENGTH:
        raise BatchRequestTooLong(body_length)
    repeated = self._get_first_duplicate_id([entry["Id"] for entry in entries.values()])
    if repeated:
        raise BatchEntryIdsNotDistinct(repeated)
    if len(entries) > 10:
        raise TooManyEntriesInBatchRequest(len(entries))
    rest = {key: entry for key, entry in entries.items() if key not in refused}
    messages, failed = original(self, queue_name, rest) if rest else ([], [])
    return messages, failed + [{"Id": entries[key]["Id"], "SenderFault": True, "Code": "InvalidMessageContents", "Message": MESSAGE} for key in refused]
