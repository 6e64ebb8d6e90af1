"""EventBridge rules deliver to Lambda functions and SNS topics, as AWS does.

moto's `Rule.send_to_targets` delivers to log groups, archives, SQS queues,
buses and API destinations, and raises NotImplementedError for any other
target: `PutEvents` to a bus whose rule targets a function or a topic answered
HTTP 500. Here those two are delivered the way EventBridge does, after the
rule's pattern matched and its input transformer ran (moto's own code):

* a Lambda function is invoked asynchronously with the event, through the
  runtime's inbox (its retries, DLQ and destinations apply), if the function's
  resource policy lets events.amazonaws.com invoke it from this rule
  (aws_lambda_permission with source_arn = the rule);
* an SNS topic gets the event as the message, if the topic's policy lets
  events.amazonaws.com publish (aws_sns_topic_policy);
* an SQS queue gets it as the body, if the queue's policy lets
  events.amazonaws.com send from this rule (moto sent without asking), with
  SqsParameters.MessageGroupId for a FIFO queue.

What a target gets is, as on AWS: its constant Input, or the part of the event
its InputPath names ($.detail), or its InputTransformer's result
(events_input.py: moto's parser raised on the guide's own examples), or else
the whole event, without the ingestion-time moto adds to it. (moto ignored
Input and InputPath.)

A delivery that fails is traced and the rule's other targets still get the
event. The failures seen here are those EventBridge does not retry: a policy
that refuses (NO_PERMISSIONS) or a target that is gone (NO_RESOURCE). With a
DeadLetterConfig the event goes to that queue at once, as on AWS, with the
attributes RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE and RETRY_ATTEMPTS
(0), if the queue's policy lets events.amazonaws.com send from the rule;
without one it is dropped."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from . import events_input, trace_file
from .arns import parse_arn
from .contract import enqueue_async
from .iam_enforcement import service_may, service_may_invoke
from .lambda_versions import qualified_arn

log = logging.getLogger("streamlab.events")
SERVICE = "events.amazonaws.com"


class Undelivered(Exception):
    """A delivery EventBridge does not retry, with its DLQ ERROR_CODE."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _refused(rule: Any, target_arn: str, why: str) -> None:
    message = f"EventBridge rule {rule.arn} could not deliver to {target_arn}: {why}"
    log.warning(message)
    trace_file.emit("refused", source=rule.arn, reason=message)


def _dead_letter(rule: Any, target: dict[str, Any], event: Any, failure: Undelivered) -> None:
    """The event to the target's DLQ, as EventBridge sends it (no retries for these errors)."""
    dlq_arn = target.get("DeadLetterConfig", {}).get("Arn")
    if not dlq_arn:
        return
    from moto.sqs.models import sqs_backends

    arn = parse_arn(dlq_arn)
    backend = sqs_backends[arn.account][arn.region]
    try:
        queue = backend.get_queue(arn.resource)
    except Exception:  # a DLQ that is gone: the event is dropped
        _refused(rule, dlq_arn, f"its dead-letter queue {dlq_arn} does not exist; the event is dropped")
        return
    context = {"aws:SourceArn": rule.arn, "aws:SourceAccount": rule.account_id}
    if not service_may(getattr(queue, "policy", None), SERVICE, "sqs:SendMessage", dlq_arn, context).allowed:
        _refused(rule, dlq_arn, "no statement of the dead-letter queue's policy lets events.amazonaws.com send messages from this rule; the event is dropped")
        return
    attributes = {"RULE_ARN": rule.arn, "TARGET_ARN": target["Arn"], "ERROR_CODE": failure.code, "ERROR_MESSAGE": str(failure), "RETRY_ATTEMPTS": "0"}
    backend.send_message(
        arn.resource, json.dumps(event), message_attributes={name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()}
    )
    trace_file.emit("on-failure", source=rule.arn, function=target["Arn"], condition=failure.code, dlq=arn.resource)


def _to_lambda(rule: Any, target_arn: str, event: Any, target: dict[str, Any]) -> None:
    del target
    from moto.awslambda.models import lambda_backends

    arn = parse_arn(target_arn)
    function = lambda_backends[arn.account][arn.region].get_function(target_arn)
    context = {"aws:SourceArn": rule.arn, "aws:SourceAccount": rule.account_id}
    if not service_may_invoke(function, target_arn, SERVICE, context).allowed:
        raise Undelivered("NO_PERMISSIONS", "no statement of the function policy lets events.amazonaws.com invoke it from this rule (aws_lambda_permission)")
    enqueue_async(qualified_arn(function, target_arn), _payload(event), "events")


def _to_sns(rule: Any, target_arn: str, event: Any, target: dict[str, Any]) -> None:
    del target
    from moto.sns.models import sns_backends

    arn = parse_arn(target_arn)
    backend = sns_backends[arn.account][arn.region]
    topic = backend.get_topic(target_arn)
    context = {"aws:SourceArn": rule.arn, "aws:SourceAccount": rule.account_id}
    if not service_may(topic.policy, SERVICE, "sns:Publish", target_arn, context).allowed:
        raise Undelivered("NO_PERMISSIONS", "no statement of the topic policy lets events.amazonaws.com publish (aws_sns_topic_policy)")
    backend.publish(message=event if isinstance(event, str) else json.dumps(event), arn=target_arn)


def _to_sqs(rule: Any, target_arn: str, event: Any, target: dict[str, Any]) -> None:
    from moto.sqs.models import sqs_backends

    arn = parse_arn(target_arn)
    backend = sqs_backends[arn.account][arn.region]
    queue = backend.get_queue(arn.resource)
    context = {"aws:SourceArn": rule.arn, "aws:SourceAccount": rule.account_id}
    if not service_may(getattr(queue, "policy", None), SERVICE, "sqs:SendMessage", target_arn, context).allowed:
        raise Undelivered("NO_PERMISSIONS", "no statement of the queue policy lets events.amazonaws.com send messages from this rule (aws_sqs_queue_policy)")
    group = target.get("SqsParameters", {}).get("MessageGroupId")
    body = event if isinstance(event, str) else json.dumps(event)
    backend.send_message(arn.resource, body, group_id=group)


class _Transformed(str):
    """An InputTransformer's text: a queue or a topic gets it as is, a function parsed when it is JSON."""


def _payload(event: Any) -> Any:
    if isinstance(event, _Transformed):
        try:
            return json.loads(event)
        except json.JSONDecodeError:
            return str(event)
    return event


def _input_path(event: Any, path: str) -> Any:
    """InputPath: $ or $.a.b (the JSONPath subset EventBridge examples use)."""
    value = event
    for key in [k for k in path.removeprefix("$").split(".") if k]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


_DELIVER = {"lambda": _to_lambda, "sns": _to_sns, "sqs": _to_sqs}


def _with_iso_time(event: Any) -> Any:
    """moto keeps the time as epoch seconds; the event a target receives has it in ISO 8601."""
    if isinstance(event, dict) and isinstance(event.get("time"), (int, float)):
        event["time"] = datetime.fromtimestamp(event["time"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return event


def send_to_targets(original: Any, self: Any, original_event: Any, transform_input: bool = True) -> None:
    """Lambda, SNS and SQS targets here; every other target through moto's own delivery."""
    ours = [t for t in self.targets if parse_arn(t["Arn"]).service in _DELIVER]
    if not ours:
        original(self, original_event, transform_input)
        return
    if not self.event_pattern.matches_event(original_event):
        return
    whole = _with_iso_time({key: value for key, value in original_event.items() if key != "ingestion-time"})
    for target in ours:
        transformer = target.get("InputTransformer", {}) if transform_input else {}
        if "Input" in target:
            event: Any = json.loads(target["Input"])
        elif target.get("InputPath") and transform_input:
            event = _input_path(whole, target["InputPath"])
        elif transformer:
            event = _Transformed(events_input.render(transformer, whole, self.arn, self.name))
        else:
            event = dict(whole)
        try:
            try:
                _DELIVER[parse_arn(target["Arn"]).service](self, target["Arn"], event, target)
            except Undelivered:
                raise
            except Exception as error:  # moto's "not found" errors differ per service
                raise Undelivered("NO_RESOURCE", f"{type(error).__name__}: {error}") from error
        except Undelivered as failure:
            _refused(self, target["Arn"], f"{failure.code}: {failure}")
            _dead_letter(self, target, whole, failure)
    others = [t for t in self.targets if t not in ours]
    if others:
        saved = self.targets
        self.targets = others
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = saved
