"""Email subscriptions as on AWS: a new one starts pending, its confirmation
email and every notification land as .eml files in the outbox (the lab's
mailbox), ConfirmSubscription checks the token, and a pending subscription
gets no notifications and cannot be unsubscribed."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from email.charset import QP, SHORTEST, Charset
from email.header import Header
from email.message import Message
from email.policy import Compat32
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from moto.moto_api._internal import mock_random
from moto.sns.exceptions import SNSInvalidParameter

from .arns import parse_arn
from .contract import CONSOLE_URL, OUTBOX
from .indented_json import dumps_indented
from .persistence.store import replaying

EMAIL_PROTOCOLS = ("email", "email-json")


# The .eml is built with the email package's compat32 classes: the same
# headers, encoded words and quoted-printable body as EmailMessage, at a third
# of its cost (0.67 → 0.23 ms each here; a lab 1 burst sends one per message
# per email subscriber).
_UTF8_QP = Charset("utf-8")
_UTF8_QP.header_encoding = SHORTEST
_UTF8_QP.body_encoding = QP


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, _UTF8_QP)


# compat32 folds every header through a Header object: writing an email's
# bytes took 240 µs of its 630 here. A header of printable ASCII whose line
# fits in 78 characters comes out of that fold unchanged, so it is written
# as it is (60-85 µs for the whole email); any other header is folded by
# compat32 (test_sns_email.py compares the two on generated headers and
# whole emails).
_PRINTABLE = re.compile(r"[\x20-\x7e]*")


class _Compat32ShortLines(Compat32):
    def fold_binary(self, name: str, value: Any) -> bytes:
        if type(value) is str and len(name) + 2 + len(value) <= 78 and _PRINTABLE.fullmatch(value) and self.max_line_length == 78:
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


SHORT_LINES = _Compat32ShortLines()


def eml_message(to: str, subject: str, body: str, headers: dict[str, str]) -> Message[str, str | Header]:
    msg: Message[str, str | Header] = Message()
    msg["From"] = "AWS Notifications <no-reply@sns.amazonaws.com>"
    msg["To"] = _header(to)
    msg["Subject"] = _header(subject)
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain="sns.streamlab.local")
    for key, value in headers.items():
        msg[key] = _header(value)
    msg.set_payload(body, _UTF8_QP)  # adds MIME-Version, Content-Type and Content-Transfer-Encoding
    return msg


def _write_eml(to: str, subject: str, body: str, headers: dict[str, str]) -> Path | None:
    if replaying():
        return None  # sent when the request was first acknowledged
    OUTBOX.mkdir(parents=True, exist_ok=True)
    msg = eml_message(to, subject, body, headers)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
    path = OUTBOX / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(msg.as_bytes(policy=SHORT_LINES))
    tmp.rename(path)  # readers never see a half-written email
    return path


def subscribe(original: Any, self: Any, topic_arn: str, endpoint: str, protocol: str) -> Any:
    known = self._find_subscription(topic_arn, endpoint, protocol)
    subscription = original(self, topic_arn, endpoint, protocol)
    if protocol in EMAIL_PROTOCOLS and known is None:
        subscription.token = mock_random.uuid4().hex + mock_random.uuid4().hex  # seeded: a replay makes the same token
        subscription.attributes["PendingConfirmation"] = "true"
        subscription.attributes["ConfirmationWasAuthenticated"] = "false"
        topic_name = parse_arn(topic_arn).resource
        _write_eml(
            endpoint,
            "AWS Notification - Subscription Confirmation",
            (
                f"You have chosen to subscribe to the topic:\n{topic_arn}\n\n"
                "To confirm this subscription, click or visit the link below "
                "(If this was in error no action is necessary):\n"
                f"{CONSOLE_URL}/confirmation.html?{urlencode({'TopicArn': topic_arn, 'Token': subscription.token, 'Endpoint': endpoint})}\n\n"
                "The link opens the lab console (make console). Or confirm from a terminal:\n"
                f"  make confirm EMAIL={endpoint}\n"
            ),
            {
                "X-Streamlab-Kind": "SubscriptionConfirmation",
                "X-Streamlab-Topic-Arn": topic_arn,
                "X-Streamlab-Topic-Name": topic_name,
                "X-Streamlab-Token": subscription.token,
            },
        )
    return subscription


def unsubscribe(original: Any, self: Any, subscription_arn: str) -> None:
    subscription = self.subscriptions.get(subscription_arn)
    if subscription is not None and subscription.attributes.get("PendingConfirmation") == "true":
        # AWS cannot delete a pending subscription; it expires after 48 hours.
        # It disappears here with its topic, or when the emulator restarts.
        raise SNSInvalidParameter(
            "Invalid parameter: Cannot unsubscribe a subscription that is pending confirmation"
        )
    original(self, subscription_arn)


def confirm_subscription(original: Any, self: Any) -> Any:
    from moto.core.responses import ActionResult

    topic_arn = self._get_param("TopicArn")
    token = self._get_param("Token")
    for subscription in self.backend.subscriptions.values():
        if subscription.topic_arn == topic_arn and getattr(subscription, "token", None) == token:
            subscription.attributes["PendingConfirmation"] = "false"
            subscription.attributes["ConfirmationWasAuthenticated"] = "true"
            return ActionResult({"SubscriptionArn": subscription.arn})
    raise SNSInvalidParameter("Invalid token")


def subscription_publish(original: Any, self: Any, message: str, message_id: str, **kw: Any) -> None:
    """A notification to a confirmed email subscription becomes an .eml in the outbox."""
    if self.protocol not in EMAIL_PROTOCOLS:
        return original(self, message, message_id, **kw)
    if self.attributes.get("PendingConfirmation") == "true":
        return None  # AWS does not deliver to a pending subscription
    matcher = self._filter_policy_matcher
    if matcher is not None and not matcher.matches(kw.get("message_attributes"), message):
        return None
    if kw.get("message_structure") == "json":
        message = self._parse_message_structure(message, self.protocol)
    subject = kw.get("subject") or "AWS Notification Message"
    if self.protocol == "email-json":
        body = dumps_indented(self.get_post_data(message, message_id, kw.get("subject"), kw.get("message_attributes")))
    else:
        body = message + f"\n\n--\nYou are subscribed to {self.topic_arn}.\n"
    _write_eml(
        self.endpoint,
        subject,
        body,
        {
            "X-Streamlab-Kind": "Notification",
            "X-Streamlab-Topic-Arn": self.topic_arn,
            "X-Streamlab-Message-Id": message_id,
        },
    )
    return None
