"""SNS signs every message it delivers to SQS, HTTP(S) or Lambda with a
certificate it keeps for a long time: SHA1withRSA (SignatureVersion 1, every
topic's default) or SHA256withRSA (2), as the topic's SignatureVersion
attribute says. The envelope's SigningCertURL serves that certificate and its
UnsubscribeURL names the subscription. moto made and signed a new key and
X.509 certificate for every delivered message instead (tens of milliseconds
each, and memory that grew with every delivery), always with version 2: here
one key per run and one certificate per region. The conformance test
sns-envelope.test.ts verifies every notification against the certificate at
its SigningCertURL."""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core import utils as moto_utils
from moto.moto_api._internal import mock_random
from moto.sns import models as sns_models


@functools.lru_cache(maxsize=1)
def signing_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_key(self: Any) -> Any:
    return signing_key()


@functools.cache
def signing_certificate(region: str) -> str:
    """The key name of the region's one certificate (moto serves it at SigningCertURL)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = signing_key()
    now = moto_utils.utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"), x509.NameAttribute(NameOID.COMMON_NAME, "Amazon RSA 2048 M01")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_name = f"SimpleNotificationService-{mock_random.uuid4().hex}.pem"
    sns_models.sns_backends[DEFAULT_ACCOUNT_ID][region]._message_public_keys[key_name] = cert.public_bytes(serialization.Encoding.PEM)
    return key_name


# One publish fans out to every subscription. Each envelope carries the time
# the message was published and a signature over the same fields, so they are
# made once per message (by id; a protocol's own text under MessageStructure
# json is signed apart) rather than once per subscription.
@functools.lru_cache(maxsize=256)
def _published_at(message_id: str) -> str:
    return str(moto_utils.iso_8601_datetime_with_milliseconds())


# A handful is enough: the cache only has to outlive one publish's fan-out
# (one string per protocol under MessageStructure json), and each key holds a
# whole message (up to 256 KB), so 256 of them could pin 64 MB.
@functools.lru_cache(maxsize=8)
def _signature(string_to_sign: str, version: str) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    digest = hashes.SHA256() if version == "2" else hashes.SHA1()
    return base64.b64encode(signing_key().sign(string_to_sign.encode("utf-8"), padding.PKCS1v15(), digest)).decode("utf-8")


def topic_attributes(original: Any, self: Any) -> Any:
    """moto's GetTopicAttributes, listing SignatureVersion once it is set (Terraform's
    signature_version reads it back; moto kept it and did not list it)."""
    result = original(self)
    version = getattr(self.backend.get_topic(self._get_param("TopicArn")), "signature_version", None)
    if version is not None:
        result.result["Attributes"]["SignatureVersion"] = str(version)
    return result


def signature_version(topic: Any) -> str:
    """The topic's SignatureVersion attribute ("1" unless it was set to "2"; moto keeps it as signature_version)."""
    return "2" if str(getattr(topic, "signature_version", "1")) == "2" else "1"


def string_to_sign(message: str, message_id: str, subject: str | None, timestamp: str, topic_arn: str) -> str:
    """The fields SNS signs for a Notification, in the SNS developer guide's order; Subject only when the message has one."""
    fields = ["Message", message, "MessageId", message_id, *(["Subject", subject] if subject else []), "Timestamp", timestamp, "TopicArn", topic_arn, "Type", "Notification"]
    return "".join(f"{field}\n" for field in fields)


@dataclass(frozen=True)
class Signed:
    """What a delivery carries besides the message: when it was published, and its signature."""

    timestamp: str
    version: str
    signature: str
    signing_cert_url: str


def sign(topic: Any, message: str, message_id: str, subject: str | None) -> Signed:
    """The stamp and signature of one delivery of a message (the same for every subscription it fans out to)."""
    region = topic.sns_backend.region_name
    timestamp = _published_at(message_id)
    version = signature_version(topic)
    signature = _signature(string_to_sign(message, message_id, subject, timestamp, topic.arn), version)
    return Signed(timestamp, version, signature, f"https://sns.{region}.amazonaws.com/{signing_certificate(region)}")


def unsubscribe_url(subscription: Any) -> str:
    return f"https://sns.{subscription.topic.sns_backend.region_name}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription.arn}"


def post_data(self: Any, message: str, message_id: str, subject: str | None, message_attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    signed = sign(self.topic, message, message_id, subject)
    post_data: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": self.topic.arn,
        "Message": message,
        "Timestamp": signed.timestamp,
        "SignatureVersion": signed.version,
        "Signature": signed.signature,
        "SigningCertURL": signed.signing_cert_url,
        "UnsubscribeURL": unsubscribe_url(self),
    }
    if subject:
        post_data["Subject"] = subject
    if message_attributes:
        post_data["MessageAttributes"] = message_attributes
    return post_data
