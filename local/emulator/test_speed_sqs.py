"""Tests of local/emulator/speed_sqs.py against moto in process: a send no
longer counts the whole queue, and every answer stays moto's. A speed patch
changes no behaviour, so these pass on unpatched moto too; they guard the
answers the shortcut must keep."""

from __future__ import annotations

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
