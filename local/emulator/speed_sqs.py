"""SQS work moto repeated per message, skipped with the same answers: a send
or a receive no longer counts every message in the queue, the visible
messages are found with one clock reading, and a receipt handle's letters
are drawn in a few calls, from the same random words."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from moto.moto_api._internal import mock_random
from moto.sqs import models as sqs_models

# On every send, moto reads queue.attributes just for ContentBasedDeduplication,
# and that property counts every message in the queue (three O(n) scans): a
# burst of n messages costs O(n^2). While a send runs, the queue answers with
# its configuration only; GetQueueAttributes still gets the full, counted set.
_send_path = threading.local()


def send_message(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _send_path.active = True
    try:
        return original(self, *args, **kwargs)
    finally:
        _send_path.active = False


def attributes_while_sending(getter: Callable[[Any], dict[str, Any]], queue: Any) -> dict[str, Any]:
    if not getattr(_send_path, "active", False):
        return getter(queue)
    if not queue.fifo_queue:
        return {}  # moto lists the FIFO attributes for FIFO queues only
    return {"FifoQueue": "true", "ContentBasedDeduplication": str(bool(queue.content_based_deduplication)).lower()}


# For every message it receives, moto checks the retention period by computing
# all of the queue's attributes, three of which count every message in the
# queue: a receive from a queue with n messages cost O(n) per message. The
# retention period is read directly instead.
def retention_check(original: Any, self: Any, queue_name: str, message: Any) -> bool:
    retention = int(self.get_queue(queue_name).message_retention_period)
    return retention + message.sent_timestamp / 1000 > time.time()


# Queue.messages (the visible messages) is read by every receive and, for a
# long poll, each time a message arrives, once per waiting receiver; moto
# read the clock twice per message in the queue (Message.visible and
# .delayed), which was about 4 % of the emulator's CPU in a lab 1 burst. The
# clock is read once per call; inside a journaled change it is the change's
# recorded time either way (persistence/determinism.py).
def visible_messages(getter: Callable[[Any], list[Any]], queue: Any) -> list[Any]:
    now = sqs_models.unix_time_millis()
    return [message for message in queue._messages if now > message.visible_at and not now < message.delayed_until]


# Every received message gets a new receipt handle: 185 lowercase letters,
# which moto draws one random.choice at a time, each a few Python calls deep:
# most of a ReceiveMessage's CPU (a batch of ten drew 1,850 of them). The
# handle is state (the journal's replay must draw the very same one), so the
# draws are not changed, only batched: choice() of 26 letters takes the top 5
# bits of one 32-bit word of the generator and draws again when they are 26
# or more. getrandbits(32 * n) hands over the next n words in one call, least
# significant first, so in its little-endian bytes every fourth byte is a
# word's top byte, and its top 5 bits pick the letter. Each round asks for
# exactly as many words as letters are missing, so no word is drawn that
# moto's loop would not have drawn (test_speed_sqs.py checks the handles and
# the generator's state after them).
_RECEIPT_HANDLE_LENGTH = 185
_LETTER_OF_TOP_BYTE = bytes(ord("a") + (byte >> 3) if byte >> 3 < 26 else 0 for byte in range(256))
_REDRAWN_TOP_BYTES = bytes(range(26 << 3, 256))  # top 5 bits 26-31: choice() draws again


def receipt_handle() -> str:
    letters = b""
    missing = _RECEIPT_HANDLE_LENGTH
    while missing:
        words = mock_random.getrandbits(32 * missing).to_bytes(4 * missing, "little")
        letters += words[3::4].translate(_LETTER_OF_TOP_BYTE, _REDRAWN_TOP_BYTES)
        missing = _RECEIPT_HANDLE_LENGTH - len(letters)
    return letters.decode("ascii")
