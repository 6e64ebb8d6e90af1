"""Tests of local/emulator/speed_sqs.py against moto in process: a send no
longer counts the whole queue, the visible messages take one clock reading,
and every answer stays moto's. A speed patch changes no behaviour, so the
answers are compared with moto's own; only the clock count fails unpatched."""

from __future__ import annotations

import pytest
from moto.sqs import models as sqs_models

from emulator import registry

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
