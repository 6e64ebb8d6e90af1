"""Tests of local/emulator/speed_sqs.py against moto in process: a send no
longer counts the whole queue, the visible messages take one clock reading,
a receipt handle is drawn in a few calls, and every answer stays moto's. A
speed patch changes no behaviour, so the answers are compared with moto's
own; only the clock count fails unpatched."""

from __future__ import annotations

import pytest
from moto.moto_api._internal import mock_random
from moto.sqs import models as sqs_models
from moto.sqs import utils as sqs_utils

from emulator import registry, speed_sqs
from emulator.persistence import determinism

registry.install_service("sqs")

ACCOUNT = "123456789012"


def test_content_based_deduplication_still_drops_a_fifo_duplicate() -> None:
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    backend.create_queue("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    for _ in range(2):
        backend.send_message("orders.fifo", "the same order", group_id="user-42")
    assert [m.body for m in backend.receive_message("orders.fifo", 10, 0, 30)] == ["the same order"]


def test_the_queue_s_counts_are_exact_after_sends_and_receives() -> None:
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    backend.create_queue("counted")
    for i in range(5):
        backend.send_message("counted", f"m{i}")
    backend.receive_message("counted", 2, 0, 30)
    attributes = backend.get_queue_attributes("counted", ["All"])
    assert (int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])) == (3, 2)


def test_the_visible_messages_are_moto_s_with_one_clock_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Visible, in flight, delayed and visible again: the same messages as
    moto's Queue.messages, in the same order, for one reading of the clock."""
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    queue = backend.create_queue("mixed")
    for i in range(6):
        backend.send_message("mixed", f"m{i}", delay_seconds=60 if i == 4 else 0)
    backend.receive_message("mixed", 2, 0, 30)  # m0, m1 in flight
    queue._messages[0].visible_at = 0.0  # m0's visibility timeout has passed
    readings: list[float] = []
    real = sqs_models.unix_time_millis

    def reading() -> float:
        readings.append(real())
        return readings[-1]

    monkeypatch.setattr(sqs_models, "unix_time_millis", reading)
    patched = queue.messages
    assert len(readings) == 1
    moto_s = [m for m in queue._messages if m.visible and not m.delayed]  # moto's own property, unpatched
    assert [m.body for m in patched] == [m.body for m in moto_s] == ["m0", "m2", "m3", "m5"]


@pytest.mark.parametrize("per_thread", [False, True], ids=["moto's generator", "the emulator's per-thread generator"])
@pytest.mark.parametrize("seed", range(20))
def test_a_receipt_handle_is_moto_s_own_from_the_same_draws(seed: int, per_thread: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same handle as moto's letter-by-letter loop for the same seed, and
    the generator left where moto's loop leaves it, so every later draw (the
    next handle, a message id) is the same too."""
    if per_thread:
        monkeypatch.setattr(mock_random, "__class__", determinism.PerThreadRandom)
    mock_random.seed(seed)
    theirs = [sqs_utils.generate_receipt_handle() for _ in range(3)]
    after_theirs = mock_random.random()
    mock_random.seed(seed)
    ours = [speed_sqs.receipt_handle() for _ in range(3)]
    assert ours == theirs
    assert mock_random.random() == after_theirs
    assert all(len(handle) == 185 and handle.isalpha() and handle.islower() for handle in ours)


def test_a_received_message_carries_a_handle_drawn_the_batched_way() -> None:
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    backend.create_queue("handles")
    backend.send_message("handles", "m")
    mock_random.seed(7)
    (message,) = backend.receive_message("handles", 1, 0, 30)
    mock_random.seed(7)
    assert message.receipt_handle == sqs_utils.generate_receipt_handle()
