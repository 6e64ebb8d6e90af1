"""SQS refuses a message whose characters or size it does not allow.

AWS's SendMessage reference: a message can hold only #x9 | #xA | #xD |
#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF (XML's characters),
and "if a message contains characters outside the allowed set, Amazon SQS
rejects the message and returns an InvalidMessageContents error". A string
attribute's value "has the same restrictions on the content as the message
body", and "all parts of the message attribute, including Name, Type, and
Value, are part of the message size restriction", counted in bytes
(MessageAttributeValue). moto stored such messages, and measured a body's
size in characters without its attributes, so a NUL, or 600,000 "é" (1.2 MB),
worked locally and failed on AWS.

`SendMessage` now answers 400: InvalidMessageContents for the body's
characters, InvalidParameterValue for an attribute's characters or the size
(moto's text for the size). In `SendMessageBatch` such an entry fails on its
own (`Failed`, `SenderFault`), as a batch reports each message, and the others
are sent; the batch's total is counted in bytes as well. Only these two API
calls are checked: what SNS delivers to a queue is not (AWS does not document
that case).
"""

from __future__ import annotations

import re
from typing import Any

from moto.sqs.exceptions import BatchEntryIdsNotDistinct, BatchRequestTooLong, InvalidBatchEntryId, InvalidParameterValue, SQSException, TooManyEntriesInBatchRequest
from moto.sqs.models import MAXIMUM_MESSAGE_LENGTH

_OUTSIDE_THE_SET = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The text of the other emulators that check it (LocalStack, fakecloud); AWS does not document its own.
MESSAGE = "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"


class InvalidMessageContents(SQSException):
    def __init__(self) -> None:
        super().__init__("InvalidMessageContents", MESSAGE)


def _allowed(text: Any) -> bool:
    return not isinstance(text, str) or _OUTSIDE_THE_SET.search(text) is None


def _bytes(value: Any) -> int:
    return len(value.encode("utf-8", "surrogatepass")) if isinstance(value, str) else len(value or b"")


def message_size(body: Any, attributes: dict[str, Any] | None) -> int:
    """The body and every attribute's name, type and value, in bytes."""
    size = _bytes(body)
    for name, attribute in (attributes or {}).items():
        size += _bytes(name) + _bytes(attribute.get("DataType")) + _bytes(attribute.get("StringValue")) + _bytes(attribute.get("BinaryValue"))
    return size


def refusal(queue: Any, body: Any, attributes: dict[str, Any] | None) -> SQSException | None:
    """Why SQS refuses this message for this queue, or None."""
    if not _allowed(body):
        return InvalidMessageContents()
    if not all(_allowed(attribute.get("StringValue")) for attribute in (attributes or {}).values()):
        return InvalidParameterValue(MESSAGE)
    if message_size(body, attributes) > int(queue.maximum_message_size):
        return InvalidParameterValue(f"One or more parameters are invalid. Reason: Message must be shorter than {queue.maximum_message_size} bytes.")
    return None


def send_message(original: Any, self: Any) -> Any:
    """SQSResponse.send_message: the queue must exist (moto's error first), then the message is judged."""
    queue = self.sqs_backend.get_queue(self._get_queue_name())
    refused = refusal(queue, self._get_param("MessageBody"), self._get_param("MessageAttributes", {}))
    if refused is not None:
        raise refused
    return original(self)


def send_message_batch(original: Any, self: Any, queue_name: str, entries: dict[str, dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """SQSBackend.send_message_batch (only the API calls it): the request's own checks see every
    entry, in moto's order, the total in bytes; then an entry SQS refuses fails alone."""
    queue = self.get_queue(queue_name)
    if any(not re.match(r"^[\w-]{1,80}$", entry["Id"]) for entry in entries.values()):
        raise InvalidBatchEntryId()
    total = sum(message_size(entry.get("MessageBody"), entry.get("MessageAttributes")) for entry in entries.values())
    if total > MAXIMUM_MESSAGE_LENGTH:
        raise BatchRequestTooLong(total)
    repeated = self._get_first_duplicate_id([entry["Id"] for entry in entries.values()])
    if repeated:
        raise BatchEntryIdsNotDistinct(repeated)
    if len(entries) > 10:
        raise TooManyEntriesInBatchRequest(len(entries))
    refused = {key: why for key, entry in entries.items() if (why := refusal(queue, entry.get("MessageBody"), entry.get("MessageAttributes"))) is not None}
    if not refused:
        return original(self, queue_name, entries)
    rest = {key: entry for key, entry in entries.items() if key not in refused}
    messages, failed = original(self, queue_name, rest) if rest else ([], [])
    return messages, failed + [{"Id": entries[key]["Id"], "SenderFault": True, "Code": why.code, "Message": why.message} for key, why in refused.items()]
