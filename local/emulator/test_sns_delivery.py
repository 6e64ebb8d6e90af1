"""Tests of local/emulator/sns_delivery.py against moto in process: SNS
delivers to a queue only if the queue policy lets the topic send, keeps a
refused message in the subscription's dead-letter queue, and PublishBatch
answers every entry. The refusal and the batch test fail on unpatched moto
5.2.5 (it delivers whatever the policy says, and drops the entry); the
allowed delivery is their control."""

from __future__ import annotations

import json
from typing import Any

import pytest
from moto.sns import models as sns_models
from moto.sqs import models as sqs_models

from emulator import iam_enforcement, registry

registry.install_service("sqs")
registry.install_service("sns")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def sns_may_send(queue_arn: str, topic_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}}],
        }
    )


def allowed_queue_subscribed(name: str) -> tuple[Any, Any, Any, Any]:
    """The backends, topic NAME and the subscription of queue NAME-target, whose policy lets the topic send."""
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic(name)
    target = sqs.create_queue(f"{name}-target")
    sqs.set_queue_attributes(f"{name}-target", {"Policy": sns_may_send(target.queue_arn, topic.arn)})
    return sqs, sns, topic, sns.subscribe(topic.arn, target.queue_arn, "sqs")


def test_a_queue_whose_policy_refuses_the_topic_gets_nothing_and_the_subscription_dlq_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iam_enforcement, "ENABLED", True)
    sqs = sqs_models.sqs_backends[ACCOUNT][REGION]
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("sd-orders")
    target = sqs.create_queue("sd-target")  # no queue policy: SQS refuses SNS
    dlq = sqs.create_queue("sd-subscription-dlq")
    sqs.set_queue_attributes("sd-subscription-dlq", {"Policy": sns_may_send(dlq.queue_arn, topic.arn)})
    subscription = sns.subscribe(topic.arn, target.queue_arn, "sqs")
    subscription.attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dlq.queue_arn})

    sns.publish("order 1", arn=topic.arn)

    assert sqs.receive_message("sd-target", 10, 0, 30) == []
    [kept] = sqs.receive_message("sd-subscription-dlq", 10, 0, 30)
    assert json.loads(kept.body)["Message"] == "order 1"


def test_a_queue_whose_policy_allows_the_topic_gets_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iam_enforcement, "ENABLED", True)
    sqs, sns, topic, _ = allowed_queue_subscribed("sd-allowed")
    sns.publish("order 2", arn=topic.arn)
    [delivered] = sqs.receive_message("sd-allowed-target", 10, 0, 30)
    assert json.loads(delivered.body)["Message"] == "order 2"


def test_publish_batch_answers_an_entry_whose_publish_failed_inside_as_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    sns = sns_models.sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("sd-batch")
    publish = sns_models.Topic.publish

    def failing_on_b(self: Any, message: str, *args: Any, **kwargs: Any) -> str:
        if message == "b":
            raise RuntimeError("an emulator fault")
        return publish(self, message, *args, **kwargs)

    monkeypatch.setattr(sns_models.Topic, "publish", failing_on_b)
    successful, failed = sns.publish_batch(topic.arn, [{"Id": "1", "Message": "a"}, {"Id": "2", "Message": "b"}, {"Id": "3", "Message": "c"}])
    assert sorted(e["Id"] for e in successful) == ["1", "3"]
    assert failed == [{"Id": "2", "Code": "InternalError", "Message": "the message was not published; send it again", "SenderFault": False}]


def test_an_envelope_is_delivered_in_moto_s_text_with_its_protocol_s_message_and_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The envelope's text is json.dumps(sort_keys=True, indent=2) of the
    signed fields, as moto wrote it; under MessageStructure json the queue
    gets the sqs text; a filtered-out message is not delivered."""
    monkeypatch.setattr(iam_enforcement, "ENABLED", True)
    sqs, sns, topic, subscription = allowed_queue_subscribed("sd-envelope")
    sns.set_subscription_attributes(subscription.arn, "FilterPolicy", json.dumps({"author": ["bob"]}))
    attributes = {"author": {"Type": "String", "Value": "bob"}}
    structured = json.dumps({"default": "for everyone", "sqs": "for queues ✓"})

    sns.publish(structured, arn=topic.arn, subject="Hi", message_attributes=attributes, message_structure="json")
    sns.publish("not for this queue", arn=topic.arn, message_attributes={"author": {"Type": "String", "Value": "eve"}})

    [delivered] = sqs.receive_message("sd-envelope-target", 10, 0, 30)
    envelope = json.loads(delivered.body)
    assert delivered.body == json.dumps(envelope, sort_keys=True, indent=2, separators=(",", ": "))
    assert (envelope["Message"], envelope["Subject"], envelope["MessageAttributes"]) == ("for queues ✓", "Hi", attributes)
    assert envelope["Type"] == "Notification" and envelope["TopicArn"] == topic.arn and envelope["Signature"]
