"""SNS -> SQS and SNS -> Lambda deliveries as on AWS: the queue policy or the
function's resource policy must let the topic deliver; each delivery counts in
AWS/SNS NumberOfNotificationsDelivered or NumberOfNotificationsFailed; a
refused message goes to the subscription's dead-letter queue if it has one. A
Lambda delivery is an asynchronous invocation (the inbox), with the event SNS
gives Lambda."""

from __future__ import annotations

import json
import logging
from typing import Any

from moto.awslambda import models as lambda_models
from moto.cloudwatch.models import cloudwatch_backends
from moto.core.exceptions import ServiceException
from moto.sqs import models as sqs_models
from werkzeug.exceptions import HTTPException

from . import hop_counts, iam_enforcement, iam_policy, lambda_versions, sns_signing, trace_file
from .arns import parse_arn
from .contract import enqueue_async
from .indented_json import dumps_indented

log = logging.getLogger("streamlab.emulator")


def _sns_lambda_event(subscription: Any, message: str, message_id: str, kw: dict[str, Any]) -> dict[str, Any]:
    """The event SNS gives Lambda, with the real topic, ids, subject and attributes, signed as an SQS delivery is."""
    attributes = {
        key: {"Type": value["Type"], "Value": value["Value"]}
        for key, value in (kw.get("message_attributes") or {}).items()
    }
    signed = sns_signing.sign(subscription.topic, message, message_id, kw.get("subject"))
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription.arn,
                "Sns": {
                    "Type": "Notification",
                    "MessageId": message_id,
                    "TopicArn": subscription.topic_arn,
                    "Subject": kw.get("subject"),
                    "Message": message,
                    "Timestamp": signed.timestamp,
                    "SignatureVersion": signed.version,
                    "Signature": signed.signature,
                    "SigningCertUrl": signed.signing_cert_url,
                    "UnsubscribeUrl": sns_signing.unsubscribe_url(subscription),
                    "MessageAttributes": attributes,
                },
            }
        ]
    }


def _sns_metric(topic_arn: str, name: str) -> None:
    # No Timestamp: moto then stamps it with its own (naive UTC) clock, as GetMetricStatistics expects.
    _, _, region, account, topic = parse_arn(topic_arn)
    cloudwatch_backends[account][region].put_metric_data(
        "AWS/SNS",
        [{"MetricName": name, "Value": 1.0, "Unit": "Count", "Dimensions": [{"Name": "TopicName", "Value": topic}]}],
    )


def _lambda_refusal(function_arn: str, topic_arn: str) -> str | None:
    """Why Lambda would refuse this topic's invocation (its resource policy), or None if it accepts it.
    Checked even with STREAMLAB_IAM=off, as it was before IAM enforcement existed."""
    _, _, region, account, rest = parse_arn(function_arn)
    try:
        function = lambda_models.lambda_backends[account][region].get_function(function_arn)
    except Exception:
        return f"function {rest} does not exist"
    decision = iam_policy.evaluate(
        [iam_enforcement.function_policy(function)], "lambda:InvokeFunction", lambda_versions.policy_resource(function, function_arn), {"aws:SourceArn": topic_arn, "aws:SourceAccount": account}, caller={"service": "sns.amazonaws.com"}
    )
    if decision.allowed:
        return None
    return f"the resource policy of {function.function_name} does not allow {topic_arn} to invoke it (aws_lambda_permission)"


def _queue_refusal(queue_arn: str, topic_arn: str) -> str | None:
    """Why SQS would refuse SNS's SendMessage for this topic (the queue policy), or None."""
    _, _, region, account, name = parse_arn(queue_arn)
    try:
        queue = sqs_models.sqs_backends[account][region].get_queue(name)
    except Exception:
        return f"queue {name} does not exist"
    decision = iam_enforcement.service_may(
        getattr(queue, "policy", None), "sns.amazonaws.com", "sqs:SendMessage", queue_arn, {"aws:SourceArn": topic_arn, "aws:SourceAccount": parse_arn(topic_arn).account}
    )
    if decision.allowed:
        return None
    return f"the queue policy of {name} does not allow sns.amazonaws.com to send messages from {topic_arn} (aws_sqs_queue_policy)"


def _to_subscription_dlq(subscription: Any, message: str, message_id: str, kw: dict[str, Any]) -> None:
    """Like SNS, keep an undeliverable message in the subscription's dead-letter queue (if it has one)."""
    policy = subscription.attributes.get("RedrivePolicy")
    if not policy:
        log.warning("the subscription %s has no dead-letter queue: message %s is lost", subscription.arn, message_id)
        trace_file.emit("error", source=subscription.topic_arn, reason=f"message {message_id} is lost: the subscription has no dead-letter queue")
        return
    dlq_arn = json.loads(policy)["deadLetterTargetArn"]
    refusal = _queue_refusal(dlq_arn, subscription.topic_arn)
    if refusal is not None:  # SNS needs the DLQ's queue policy too
        log.warning("the dead-letter queue of %s refuses SNS: %s; message %s is lost", subscription.arn, refusal, message_id)
        trace_file.emit("error", source=subscription.topic_arn, reason=f"message {message_id} is lost: its dead-letter queue refuses SNS: {refusal}")
        return
    _, _, region, account, name = parse_arn(dlq_arn)
    body = json.dumps(subscription.get_post_data(message, message_id, kw.get("subject"), kw.get("message_attributes")))
    sqs_models.sqs_backends[account][region].send_message(name, body)
    trace_file.emit("on-failure", source=subscription.topic_arn, condition="SNS could not deliver", dlq=dlq_arn)


def _deliver_envelope(subscription: Any, message: str, message_id: str, kw: dict[str, Any]) -> None:
    """moto's delivery of a signed envelope to SQS, in the same text, without
    its second filter match (the caller matched) or json's pure-Python encoder."""
    if kw.get("message_structure") == "json":
        message = subscription._parse_message_structure(message, subscription.protocol)
    envelope = subscription.get_post_data(message, message_id, kw.get("subject"), message_attributes=kw.get("message_attributes"))
    _, _, region, _, queue_name = parse_arn(subscription.endpoint)
    sqs_models.sqs_backends[subscription.account_id][region].send_message(
        queue_name,
        dumps_indented(envelope, sort_keys=True),
        deduplication_id=kw.get("deduplication_id"),
        group_id=kw.get("group_id"),
        validate_group_id=False,
    )


def subscription_publish(original: Any, self: Any, message: str, message_id: str, **kw: Any) -> None:
    if self.protocol not in ("sqs", "lambda"):
        return original(self, message, message_id, **kw)
    matcher = self._filter_policy_matcher
    if matcher is not None and not matcher.matches(kw.get("message_attributes"), message):
        return None
    hop_counts.count("subscription", self.arn, "attempted")
    refusal = (_queue_refusal if self.protocol == "sqs" else _lambda_refusal)(self.endpoint, self.topic_arn)
    if refusal is not None:
        log.warning("SNS could not deliver %s to %s: %s", message_id, self.endpoint, refusal)
        trace_file.emit(
            "refused",
            source=self.topic_arn,
            function=self.endpoint if self.protocol == "lambda" else None,
            destination=self.endpoint,
            reason=f"SNS could not deliver {message_id}: {refusal}",
        )
        _sns_metric(self.topic_arn, "NumberOfNotificationsFailed")
        hop_counts.count("subscription", self.arn, "failed")
        _to_subscription_dlq(self, message, message_id, kw)
        return None
    if self.protocol == "sqs":
        if self.attributes.get("RawMessageDelivery"):
            original(self, message, message_id, **kw)
        else:
            _deliver_envelope(self, message, message_id, kw)
        _sns_metric(self.topic_arn, "NumberOfNotificationsDelivered")
        hop_counts.count("subscription", self.arn, "delivered")
        return None
    if kw.get("message_structure") == "json":
        message = self._parse_message_structure(message, self.protocol)
    enqueue_async(self.endpoint, _sns_lambda_event(self, message, message_id, kw), "sns")
    _sns_metric(self.topic_arn, "NumberOfNotificationsDelivered")
    hop_counts.count("subscription", self.arn, "delivered")
    return None


# moto's PublishBatch drops an entry whose publish raised anything but
# InvalidParameterValue: it is neither in Successful nor in Failed, so the
# caller believes it was sent. AWS lists every entry in one of the two; an
# internal error is a Failed entry with SenderFault false, which the caller
# can retry.
def publish_batch(original: Any, self: Any, topic_arn: str, publish_batch_request_entries: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    entries = publish_batch_request_entries
    successful, failed = original(self, topic_arn, entries)
    answered = {e["Id"] for e in successful} | {e["Id"] for e in failed}
    for entry in entries:
        if entry["Id"] not in answered:
            failed.append({"Id": entry["Id"], "Code": "InternalError", "Message": "the message was not published; send it again", "SenderFault": False})
    return successful, failed


# moto's own errors (a missing topic, a bad parameter) are the caller's answer;
# anything else is an emulator fault, logged with its traceback before
# PublishBatch turns it into a Failed entry.
def publish(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return original(self, *args, **kwargs)
    except (ServiceException, HTTPException):
        raise
    except Exception:
        log.exception("Publish to %s failed", kwargs.get("arn"))
        raise
