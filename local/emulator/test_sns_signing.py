"""Tests of local/emulator/sns_signing.py against moto in process: every
notification SNS delivers to SQS is signed (SignatureVersion 2,
SHA256withRSA) over AWS's string to sign, and verifies against the
certificate its SigningCertURL names; messages share the region's one
certificate. Unpatched moto 5.2.5 makes a new key and certificate per message,
so the last test fails on it."""

from __future__ import annotations

import base64
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from moto.sns import models as sns_models
from moto.sqs import models as sqs_models

from emulator import registry

registry.install_service("sqs")
registry.install_service("sns")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def two_notifications() -> tuple[str, list[dict[str, str]]]:
    """The subscription's ARN, and the two notifications it delivered."""
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("signed")
    queue = sqs.create_queue("signed-target")
    subscription = sns.subscribe(topic.arn, queue.queue_arn, "sqs")
    sns.publish("first", arn=topic.arn)
    sns.publish("second", arn=topic.arn)
    return subscription.arn, [json.loads(m.body) for m in sqs.receive_message("signed-target", 10, 0, 30)]


def test_each_notification_verifies_against_the_certificate_at_its_signing_cert_url() -> None:
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    _, envelopes = two_notifications()
    for envelope in envelopes:
        assert envelope["SignatureVersion"] == "2"
        key_name = envelope["SigningCertURL"].rsplit("/", 1)[1]
        certificate = x509.load_pem_x509_certificate(sns._message_public_keys[key_name])
        signed = "".join(f"{k}\n{envelope[k]}\n" for k in ("Message", "MessageId", "Timestamp", "TopicArn", "Type"))
        certificate.public_key().verify(base64.b64decode(envelope["Signature"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg,arg-type]


def test_notifications_share_the_region_s_one_certificate() -> None:
    subscription_arn, (first, second) = two_notifications()
    assert first["SigningCertURL"] == second["SigningCertURL"]
    assert first["UnsubscribeURL"].endswith(f"?Action=Unsubscribe&SubscriptionArn={subscription_arn}")


def test_a_subject_is_signed_and_one_publish_shares_its_timestamp_across_subscriptions() -> None:
    """AWS signs Subject when a message has one; unpatched and first-patched, it was left out and such messages did not verify."""
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("signed-subject")
    for name in ("subject-a", "subject-b"):
        sqs.create_queue(name)
        sns.subscribe(topic.arn, sqs.get_queue(name).queue_arn, "sqs")
    sns.publish("with a subject", arn=topic.arn, subject="hello")
    envelopes = [json.loads(sqs.receive_message(name, 10, 0, 30)[0].body) for name in ("subject-a", "subject-b")]
    assert envelopes[0]["Timestamp"] == envelopes[1]["Timestamp"]
    for envelope in envelopes:
        key_name = envelope["SigningCertURL"].rsplit("/", 1)[1]
        certificate = x509.load_pem_x509_certificate(sns._message_public_keys[key_name])
        signed = "".join(f"{k}\n{envelope[k]}\n" for k in ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"))
        certificate.public_key().verify(base64.b64decode(envelope["Signature"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg,arg-type]
