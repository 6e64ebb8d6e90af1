"""Tests of local/emulator/sns_email.py against moto in process: an email
subscription starts pending, as on AWS, its confirmation email lands in the
outbox, it gets nothing until confirmed, and it cannot be unsubscribed while
pending. Unpatched moto 5.2.5 confirms email subscriptions at once. An
email's bytes are the email package's own, written faster."""

from __future__ import annotations

import random
from email import message_from_bytes
from email.policy import compat32

import pytest
from moto.sns import models as sns_models
from moto.sns.exceptions import SNSInvalidParameter

from emulator import registry, sns_email
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


HEADER_TEXTS = [
    "",
    "a",
    "AWS Notification Message",
    "learner@example.com",
    "arn:aws:sns:us-east-1:123456789012:streamlab-local-message-notifications",
    "two  spaces,\ttab; semicolon",
    " leading and trailing ",
    "=?utf-8?q?looks_encoded?=",
    "héllo wörld",
    "emoji 🎉",
    "line\nbreak",
    "x" * 70,
    "word " * 20,
]


def test_an_email_s_bytes_are_compat32_s_for_generated_headers_and_bodies() -> None:
    """Written with short lines as they are, every email equals what the email
    package's compat32 writes: ASCII and not, short and long, odd spacing."""
    rng = random.Random(30)
    compared = written_as_is = 0
    for _ in range(400):
        texts = [rng.choice(HEADER_TEXTS) + rng.choice(["", " tail", "é"]) for _ in range(4)]
        msg = sns_email.eml_message(texts[0], texts[1], rng.choice(HEADER_TEXTS) * rng.randint(1, 5), {"X-Streamlab-Kind": texts[2], "X-Streamlab-Topic-Arn": texts[3]})
        assert msg.as_bytes(policy=sns_email.SHORT_LINES) == msg.as_bytes()
        compared += 1
        for name, value in msg.items():
            if sns_email.SHORT_LINES.fold_binary(name, value) == f"{name}: {value}\n".encode(errors="replace"):
                written_as_is += 1
    assert compared == 400 and written_as_is > 400 * 5  # most of the headers take the short path


def test_a_header_is_folded_as_compat32_folds_it() -> None:
    rng = random.Random(31)
    alphabet = "".join(chr(c) for c in range(0x20, 0x7F)) + "  \t\né"
    for _ in range(20_000):
        name = rng.choice(["To", "Subject", "X-Streamlab-Topic-Arn", "Message-ID"])
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        try:
            theirs = compat32.fold_binary(name, value)
        except Exception as error:  # compat32 refuses some (a newline not followed by a space): so must this
            with pytest.raises(type(error)):
                sns_email.SHORT_LINES.fold_binary(name, value)
        else:
            assert sns_email.SHORT_LINES.fold_binary(name, value) == theirs, (name, value)
