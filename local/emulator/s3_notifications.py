"""S3 event notifications as AWS sends them.

moto matches a notification's events and prefix/suffix filters (its own
code) and then sends the record as best it can. Here, as on AWS
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-enable-disable-notification-intro.html):

* PutBucketNotificationConfiguration validates every destination first: it
  must exist and its resource policy must let s3.amazonaws.com deliver from
  this bucket (the queue policy's sqs:SendMessage, the topic policy's
  sns:Publish, the function's lambda:InvokeFunction). Otherwise the whole
  configuration is refused with AWS's 400 InvalidArgument "Unable to validate
  the following destination configurations", naming each destination.
* An accepted configuration sends an s3:TestEvent to its queues and topics
  (not to functions), with AWS's fields.
* The record has every field of AWS's event message structure (version 2.1):
  userIdentity, requestParameters, responseElements, the bucket's
  ownerIdentity, the object's versionId (versioned buckets) and sequencer;
  size and eTag only for ObjectCreated events.
* A function is invoked asynchronously (InvocationType Event) through the
  runtime's inbox, so Lambda's retries, DLQ and destinations apply.
* A delivery the destination's policy refuses (it was changed after the
  configuration) is dropped and traced, as S3 drops it on AWS.
* With EventBridge turned on (EventBridgeConfiguration), each created or
  removed object is an "Object Created" / "Object Deleted" event on the
  account's default bus, in the structure of the S3 user guide's "EventBridge
  event message structure" (moto sent it to every bus, with its own field
  names, and skipped the targets' input transformers)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import quote_plus

from moto.core.utils import iso_8601_datetime_with_milliseconds
from moto.moto_api._internal import mock_random

from . import trace_file
from .arns import parse_arn
from .contract import enqueue_async
from .iam_enforcement import service_may, service_may_invoke

log = logging.getLogger("streamlab.s3")
SERVICE = "s3.amazonaws.com"
# S3 does not say who the owner is beyond an opaque canonical principal; one stable value per emulator.
OWNER_PRINCIPAL = "A3NL1KOZZKEXAMPLE"
_sequence = 0


def _refusal(kind: str, arn: str, bucket: Any) -> str | None:
    """Why this destination would refuse S3's delivery from the bucket, in AWS's words, or None."""
    context = {"aws:SourceArn": bucket.arn, "aws:SourceAccount": bucket.account_id}
    target = parse_arn(arn)
    try:
        if kind == "queue":
            from moto.sqs.models import sqs_backends

            queue = sqs_backends[target.account][target.region].get_queue(target.resource)
            allowed = service_may(getattr(queue, "policy", None), SERVICE, "sqs:SendMessage", arn, context).allowed
            return None if allowed else "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"
        if kind == "topic":
            from moto.sns.models import sns_backends

            topic = sns_backends[target.account][target.region].get_topic(arn)
            allowed = service_may(topic.policy, SERVICE, "sns:Publish", arn, context).allowed
            return None if allowed else "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"
        from moto.awslambda.models import lambda_backends

        function = lambda_backends[target.account][target.region].get_function(arn)
        allowed = service_may_invoke(function, arn, SERVICE, context).allowed
        return None if allowed else "Not authorized to invoke function [" + arn + "]"
    except Exception:
        return {"queue": "The destination queue does not exist", "topic": "The destination topic does not exist"}.get(kind, f"The destination function [{arn}] does not exist")


def _destinations(configuration: Any) -> list[tuple[str, str]]:
    kinds = (("queue", configuration.queue), ("topic", configuration.topic), ("function", configuration.cloud_function))
    return [(kind, notification.arn) for kind, notifications in kinds for notification in notifications]


def validate_destinations(original: Any, self: Any, notification_config: Any) -> None:
    """PutBucketNotificationConfiguration: refused as a whole, like AWS, if any destination would refuse S3;
    once accepted, the test event goes out."""
    previous = self.notification_configuration
    original(self, notification_config)  # moto parses, checks events and regions
    if self.notification_configuration is None:
        return
    refused = [(arn, why) for kind, arn in _destinations(self.notification_configuration) if (why := _refusal(kind, arn, self))]
    if refused:
        self.notification_configuration = previous
        from moto.s3.exceptions import InvalidArgumentError

        # AWS names each refused destination (ArgumentName1, 2, …); moto's error carries the first.
        raise InvalidArgumentError("Unable to validate the following destination configurations", refused[0][0], refused[0][1])
    send_test_event(self)


def no_early_test_event(account_id: str, bucket: Any) -> None:
    """moto sends the test event inside set_notification_configuration, before
    validate_destinations could refuse the configuration; validate_destinations sends it instead."""
    del account_id, bucket


def send_test_event(bucket: Any) -> None:
    event = {
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": iso_8601_datetime_with_milliseconds(),
        "Bucket": bucket.name,
        "RequestId": mock_random.uuid4().hex[:16].upper(),
        "HostId": mock_random.uuid4().hex,
    }
    for kind, arn in dict.fromkeys(_destinations(bucket.notification_configuration)):
        if kind != "function":
            _deliver(kind, arn, bucket, event)


def _sequencer() -> str:
    """Increases with every event, as S3's hexadecimal sequencer does for one key."""
    global _sequence
    _sequence += 1
    return f"{time.time_ns():016X}{_sequence:04X}"[-18:]


def record(event_name: str, bucket: Any, key: Any, configuration_id: str) -> dict[str, Any]:
    """One record of S3's event message structure, version 2.1."""
    obj: dict[str, Any] = {"key": quote_plus(key.name, safe="/")}  # "red flower.jpg" -> "red+flower.jpg"
    if event_name.startswith("s3:ObjectCreated"):
        obj["size"] = key.size
        obj["eTag"] = key.etag.replace('"', "")
    if getattr(bucket, "is_versioned", False) and getattr(key, "version_id", None) not in (None, "null"):
        obj["versionId"] = key.version_id
    obj["sequencer"] = _sequencer()
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region_name,
        "eventTime": iso_8601_datetime_with_milliseconds(),
        "eventName": event_name[3:],
        "userIdentity": {"principalId": f"AWS:{bucket.account_id}"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": mock_random.uuid4().hex[:16].upper(), "x-amz-id-2": mock_random.uuid4().hex},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration_id,
            "bucket": {"name": bucket.name, "ownerIdentity": {"principalId": OWNER_PRINCIPAL}, "arn": bucket.arn},
            "object": obj,
        },
    }


def _deliver(kind: str, arn: str, bucket: Any, event: dict[str, Any]) -> None:
    why = _refusal(kind, arn, bucket)
    if why:
        message = f"S3 bucket {bucket.name} could not deliver a notification to {arn}: {why}"
        log.warning(message)
        trace_file.emit("refused", source=bucket.arn, reason=message)
        return
    target = parse_arn(arn)
    body = json.dumps(event)
    if kind == "queue":
        from moto.sqs.models import sqs_backends

        sqs_backends[target.account][target.region].send_message(target.resource, body)
    elif kind == "topic":
        from moto.sns.models import sns_backends

        sns_backends[target.account][target.region].publish(arn=arn, message=body, subject="Amazon S3 Notification")
    else:
        enqueue_async(arn, event, "s3")
    trace_file.emit("delivered", source=bucket.arn, target=arn, detail=str(event.get("Records", [{}])[0].get("eventName", "s3:TestEvent")))


def send_event(account_id: str, event_name: Any, bucket: Any, key: Any) -> None:
    """Each matching notification of the bucket gets its own record (its configurationId)."""
    del account_id
    configuration = bucket.notification_configuration
    if configuration is None:
        return
    name = str(getattr(event_name, "value", event_name))
    kinds = (("queue", configuration.queue), ("topic", configuration.topic), ("function", configuration.cloud_function))
    for kind, notifications in kinds:
        for notification in notifications:
            if notification.matches(name, key.name):
                _deliver(kind, notification.arn, bucket, {"Records": [record(name, bucket, key, notification.id)]})
    if configuration.event_bridge is not None:
        _to_eventbridge(bucket, name, key)


# The detail's "reason": the API call behind the event name's last part.
_REASONS = {"Put": "PutObject", "Post": "PostObject", "Copy": "CopyObject", "CompleteMultipartUpload": "CompleteMultipartUpload", "Delete": "DeleteObject", "DeleteMarkerCreated": "DeleteObject"}


def eventbridge_event(bucket: Any, event_name: str, key: Any) -> dict[str, Any] | None:
    """The event S3 sends to EventBridge (the S3 user guide's "EventBridge event message
    structure"): Object Created or Object Deleted, with the object in the detail."""
    kind, action = (event_name.split(":") + ["", ""])[1:3]
    created = kind == "ObjectCreated"
    if not created and kind != "ObjectRemoved":
        return None
    obj: dict[str, Any] = {"key": key.name, "sequencer": _sequencer()}
    if created:
        obj.update({"size": key.size, "etag": key.etag.replace('"', "")})
    if getattr(key, "version_id", None):
        obj["version-id"] = key.version_id
    detail: dict[str, Any] = {"version": "0", "bucket": {"name": bucket.name}, "object": obj, "request-id": mock_random.get_random_hex(16).upper(), "requester": bucket.account_id, "source-ip-address": "127.0.0.1", "reason": _REASONS.get(action, action)}
    if not created:
        detail["deletion-type"] = "Delete Marker Created" if action == "DeleteMarkerCreated" else "Permanently Deleted"
    return {
        "version": "0",
        "id": str(mock_random.uuid4()),
        "detail-type": "Object Created" if created else "Object Deleted",
        "source": "aws.s3",
        "account": bucket.account_id,
        "time": time.time(),  # epoch seconds, as moto's PutEvents keeps it; targets get ISO 8601
        "region": bucket.region_name,
        "resources": [bucket.arn],
        "detail": detail,
        "ingestion-time": time.time(),
    }


def _to_eventbridge(bucket: Any, event_name: str, key: Any) -> None:
    """The event to the rules of the account's default bus (moto sent it to every bus, without input transformers)."""
    from moto.events.models import events_backends

    event = eventbridge_event(bucket, event_name, key)
    if event is None:
        return
    default_bus = events_backends[bucket.account_id][bucket.region_name].event_buses.get("default")
    for rule in list(default_bus.rules.values()) if default_bus else []:
        send: Any = rule.send_to_targets  # moto types the event as its TypedDict; this is one
        send(event)
