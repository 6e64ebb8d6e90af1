"""Tests of local/emulator/sns_email.py against moto in process: an email
subscription starts pending, as on AWS, its confirmation email lands in the
outbox, it gets nothing until confirmed, and it cannot be unsubscribed while
pending. Unpatched moto 5.2.5 confirms email subscriptions at once."""

from __future__ import annotations

from email import message_from_bytes

import pytest
from moto.sns import models as sns_models
from moto.sns.exceptions import SNSInvalidParameter

from emulator import registry
from emulator.contract import OUTBOX

registry.install_service("sns")

ACCOUNT = "123456789012"


def emails_to(address: str) -> list[dict[str, str]]:
    found = []
    for path in sorted(OUTBOX.glob("*.eml")):
        msg = message_from_bytes(path.read_bytes())
        if msg["To"] == address:
            found.append({k: str(v) for k, v in msg.items()})
    return found


def test_a_new_email_subscription_is_pending_and_gets_a_confirmation_email() -> None:
    backend = sns_models.sns_backends[ACCOUNT]["us-east-1"]
    topic = backend.create_topic("alerts")
    subscription = backend.subscribe(topic.arn, "pending@example.com", "email")
    assert subscription.attributes["PendingConfirmation"] == "true"
    [confirmation] = emails_to("pending@example.com")
    assert confirmation["X-Streamlab-Kind"] == "SubscriptionConfirmation"
    assert "".join(confirmation["X-Streamlab-Token"].split()) == subscription.token  # type: ignore[attr-defined]  # a long header is folded


def test_a_pending_subscription_gets_no_notification_and_cannot_be_unsubscribed() -> None:
    backend = sns_models.sns_backends[ACCOUNT]["us-east-1"]
    topic = backend.create_topic("news")
    subscription = backend.subscribe(topic.arn, "quiet@example.com", "email")
    backend.publish("hello", arn=topic.arn)
    assert [e["X-Streamlab-Kind"] for e in emails_to("quiet@example.com")] == ["SubscriptionConfirmation"]
    with pytest.raises(SNSInvalidParameter, match="pending confirmation"):
        backend.unsubscribe(subscription.arn)


def test_a_confirmed_subscription_gets_each_notification_as_an_email() -> None:
    backend = sns_models.sns_backends[ACCOUNT]["us-east-1"]
    topic = backend.create_topic("orders")
    subscription = backend.subscribe(topic.arn, "learner@example.com", "email")
    subscription.attributes["PendingConfirmation"] = "false"  # what ConfirmSubscription with its token does
    backend.publish("order stored", arn=topic.arn, subject="Order")
    kinds = [(e["X-Streamlab-Kind"], e["Subject"]) for e in emails_to("learner@example.com")]
    assert kinds[-1] == ("Notification", "Order")
