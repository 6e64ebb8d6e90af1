"""Tests of local/emulator/sns_history.py against moto in process: a topic
keeps only its last 100 published messages in moto's record of them (on
unpatched moto it keeps all 150), the newest last, and a topic restored with
the old unbounded list is bounded at its next publish."""

from __future__ import annotations

from moto.sns import models as sns_models

from emulator import registry, sns_history

registry.install_service("sns")

ACCOUNT = "123456789012"


def test_a_topic_keeps_its_last_100_published_messages() -> None:
    backend = sns_models.sns_backends[ACCOUNT]["us-east-1"]
    topic = backend.create_topic("history-bounded")
    for i in range(150):
        backend.publish(f"message {i}", arn=topic.arn)
    assert len(topic.sent_notifications) == sns_history.KEPT == 100
    assert [n[1] for n in topic.sent_notifications][-2:] == ["message 148", "message 149"]


def test_a_restored_topic_s_full_list_is_bounded_at_its_next_publish() -> None:
    backend = sns_models.sns_backends[ACCOUNT]["us-east-1"]
    topic = backend.create_topic("history-restored")
    topic.sent_notifications = [(str(i), f"old {i}", None, None, None) for i in range(500)]  # as an older snapshot holds it
    backend.publish("new", arn=topic.arn)
    assert len(topic.sent_notifications) == 100
    assert topic.sent_notifications[-1][1] == "new"
