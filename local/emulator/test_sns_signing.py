"""Tests of local/emulator/sns_signing.py against moto in process: every
notification SNS delivers to SQS or Lambda is signed over AWS's string to
sign, with SHA1withRSA (SignatureVersion 1, a topic's default) or
SHA256withRSA (2, when the topic says so), and verifies against the
certificate its SigningCertURL names; messages share the region's one
certificate. Unpatched moto 5.2.5 makes a new key and certificate per message,
always signs with version 2, and gives Lambda no signature."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sns import models as sns_models
from moto.sqs import models as sqs_models
from werkzeug.test import Client

from emulator import registry, sns_delivery

registry.install_service("sqs")
registry.install_service("sns")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def verify(envelope: dict[str, str], fields: tuple[str, ...] = ("Message", "MessageId", "Timestamp", "TopicArn", "Type"), cert_url: str = "SigningCertURL") -> None:
    """The envelope's signature is the region's certificate's, over the fields, with its version's hash; raises if not."""
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    certificate = x509.load_pem_x509_certificate(sns._message_public_keys[envelope[cert_url].rsplit("/", 1)[1]])
    signed = "".join(f"{k}\n{envelope[k]}\n" for k in fields)
    digest = {"1": hashes.SHA1(), "2": hashes.SHA256()}[envelope["SignatureVersion"]]
    certificate.public_key().verify(base64.b64decode(envelope["Signature"]), signed.encode(), padding.PKCS1v15(), digest)  # type: ignore[union-attr,call-arg,arg-type]


def two_notifications(name: str = "signed", attributes: dict[str, str] | None = None) -> tuple[str, list[dict[str, str]]]:
    """The subscription's ARN, and the two notifications it delivered."""
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic(name, attributes=attributes)
    queue = sqs.create_queue(f"{name}-target")
    subscription = sns.subscribe(topic.arn, queue.queue_arn, "sqs")
    sns.publish("first", arn=topic.arn)
    sns.publish("second", arn=topic.arn)
    return subscription.arn, [json.loads(m.body) for m in sqs.receive_message(f"{name}-target", 10, 0, 30)]


def test_each_notification_verifies_against_the_certificate_at_its_signing_cert_url() -> None:
    """A topic signs with SignatureVersion 1 (SHA1withRSA) unless its SignatureVersion attribute is 2 (SHA256withRSA)."""
    for name, attributes, version in (("signed", None, "1"), ("signed-v2", {"SignatureVersion": "2"}, "2")):
        _, envelopes = two_notifications(name, attributes)
        for envelope in envelopes:
            assert envelope["SignatureVersion"] == version
            verify(envelope)


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
        verify(envelope, ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"))


def test_lambda_s_event_is_signed_like_the_queue_s_envelope() -> None:
    """SNS gives Lambda the same signature and timestamp (SigningCertUrl, in the event's spelling); moto's event had none."""
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("signed-for-lambda")
    sqs.create_queue("signed-for-lambda")
    sns.subscribe(topic.arn, sqs.get_queue("signed-for-lambda").queue_arn, "sqs")
    function = sns.subscribe(topic.arn, f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:reader", "lambda")
    message_id = sns.publish("to a queue and a function", arn=topic.arn, subject="both")
    envelope = json.loads(sqs.receive_message("signed-for-lambda", 10, 0, 30)[0].body)
    event = sns_delivery._sns_lambda_event(function, "to a queue and a function", message_id, {"subject": "both"})["Records"][0]["Sns"]
    assert (event["MessageId"], event["Timestamp"], event["Signature"], event["SignatureVersion"]) == (message_id, envelope["Timestamp"], envelope["Signature"], "1")
    assert event["UnsubscribeUrl"].endswith(f"SubscriptionArn={function.arn}")
    verify(event, ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"), cert_url="SigningCertUrl")


def test_get_topic_attributes_lists_signature_version_once_set() -> None:
    """Terraform's signature_version reads it back (a plan after apply stays empty); moto kept it without listing it."""
    client = Client(DomainDispatcherApplication(create_backend_app))

    def call(**params: str) -> str:
        headers = {"Host": f"sns.{REGION}.amazonaws.com", "Content-Type": "application/x-www-form-urlencoded", "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/{REGION}/sns/aws4_request, SignedHeaders=host, Signature=x"}
        response = client.post("/", headers=headers, data=urlencode({"Version": "2010-03-31", **params}))
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:attributes-listed"
    call(Action="CreateTopic", Name="attributes-listed")
    assert "SignatureVersion" not in call(Action="GetTopicAttributes", TopicArn=arn)
    call(Action="SetTopicAttributes", TopicArn=arn, AttributeName="SignatureVersion", AttributeValue="2")
    assert "<key>SignatureVersion</key><value>2</value>" in call(Action="GetTopicAttributes", TopicArn=arn).replace("\n", "").replace(" ", "")
