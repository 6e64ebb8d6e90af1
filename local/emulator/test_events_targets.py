"""Tests of local/emulator/events_targets.py against moto in process: PutEvents
to a bus whose rule targets a Lambda function enqueues an asynchronous
invocation with the event (when the function's policy allows EventBridge), and
a rule targeting an SNS topic publishes the event. Unpatched moto 5.2.5 raises
NotImplementedError for both."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from emulator import iam_enforcement, registry
from emulator.contract import INBOX

registry.install_service("events")

ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _resource_policies_enforced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The function's and the topic's policies decide (conftest switches IAM off for the other tests)."""
    monkeypatch.setattr(iam_enforcement, "ENABLED", True)


def _events() -> Any:
    from moto.events.models import events_backends

    return events_backends[ACCOUNT][REGION]


def _inbox() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(Path(INBOX).glob("*.json"))]


def test_a_rule_invokes_a_function_the_policy_allows(new_function: Callable[..., Any]) -> None:
    from moto.awslambda.models import lambda_backends

    function = new_function("events-target-fn")
    events = _events()
    rule = events.put_rule("orders-placed", event_pattern=json.dumps({"source": ["shop"], "detail-type": ["OrderPlaced"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    events.put_targets("orders-placed", "default", [{"Id": "fn", "Arn": function.function_arn}])
    no_qualifier: Any = None  # moto annotates the qualifier as str; None means the unqualified function
    lambda_backends[ACCOUNT][REGION].add_permission(function.function_name, no_qualifier, json.dumps({"StatementId": "events", "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": rule.arn}))
    before = len(_inbox())
    events.put_events([{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"orderId": "o-1"}), "EventBusName": "default"}])
    events.put_events([{"Source": "shop", "DetailType": "OrderCancelled", "Detail": json.dumps({"orderId": "o-2"}), "EventBusName": "default"}])
    items = _inbox()[before:]
    assert [item["event"]["detail"] for item in items] == [{"orderId": "o-1"}], "only the matching event"
    item = items[0]
    assert item["functionArn"] == function.function_arn and item["source"] == "events"
    assert item["event"]["source"] == "shop" and item["event"]["detail-type"] == "OrderPlaced"
    assert item["event"]["time"].endswith("Z")


def test_without_permission_the_event_is_not_delivered(new_function: Callable[..., Any]) -> None:
    function = new_function("events-denied-fn")
    events = _events()
    events.put_rule("no-permission", event_pattern=json.dumps({"source": ["shop2"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    events.put_targets("no-permission", "default", [{"Id": "fn", "Arn": function.function_arn}])
    before = len(_inbox())
    events.put_events([{"Source": "shop2", "DetailType": "x", "Detail": "{}", "EventBusName": "default"}])
    assert len(_inbox()) == before


def test_a_rule_publishes_to_a_topic() -> None:
    from moto.sns.models import sns_backends

    sns = sns_backends[ACCOUNT][REGION]
    topic = sns.create_topic("events-topic")
    sns.set_topic_attribute(topic.arn, "policy", json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": topic.arn}]}))
    events = _events()
    events.put_rule("to-topic", event_pattern=json.dumps({"source": ["billing"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    events.put_targets("to-topic", "default", [{"Id": "topic", "Arn": topic.arn}])
    events.put_events([{"Source": "billing", "DetailType": "Invoice", "Detail": json.dumps({"total": 3}), "EventBusName": "default"}])
    assert topic.sent_notifications, "the topic published the event"
    published = json.loads(topic.sent_notifications[-1][1])
    assert published["detail"] == {"total": 3}


def test_a_queue_gets_the_input_path_only_if_its_policy_allows_the_rule() -> None:
    from moto.sqs.models import sqs_backends

    sqs = sqs_backends[ACCOUNT][REGION]
    queue = sqs.create_queue("events-queue")
    events = _events()
    rule = events.put_rule("to-queue", event_pattern=json.dumps({"source": ["stock"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    events.put_targets("to-queue", "default", [{"Id": "q", "Arn": queue.queue_arn, "InputPath": "$.detail"}])
    put = [{"Source": "stock", "DetailType": "Low", "Detail": json.dumps({"sku": "s-1", "left": 2}), "EventBusName": "default"}]
    events.put_events(put)
    assert sqs.receive_message("events-queue", 10, 0, 30) == [], "no queue policy: refused (moto sent it)"
    statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue.queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule.arn}}}
    sqs.set_queue_attributes("events-queue", {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
    events.put_events(put)
    [message] = sqs.receive_message("events-queue", 10, 0, 30)
    assert json.loads(message.body) == {"sku": "s-1", "left": 2}, "InputPath $.detail: the detail only"


def _dlq(name: str, rule_arn: str | None) -> Any:
    """A queue for dead letters; with a rule ARN, its policy lets that rule's EventBridge send."""
    from moto.sqs.models import sqs_backends

    sqs = sqs_backends[ACCOUNT][REGION]
    queue = sqs.create_queue(name)
    if rule_arn:
        statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue.queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}
        sqs.set_queue_attributes(name, {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
    return queue


def test_a_refused_or_missing_target_sends_the_event_to_its_dlq_at_once(new_function: Callable[..., Any]) -> None:
    """eb-rule-dlq: missing permissions and a target that is gone are not retried; the event goes to the DLQ with the documented attributes."""
    from moto.sqs.models import sqs_backends

    function = new_function("events-dlq-fn")
    events = _events()
    rule = events.put_rule("dead-letters", event_pattern=json.dumps({"source": ["dlq-shop"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    dlq = _dlq("events-target-dlq", rule.arn)
    gone = f"arn:aws:sqs:{REGION}:{ACCOUNT}:no-such-queue"
    events.put_targets("dead-letters", "default", [{"Id": "fn", "Arn": function.function_arn, "DeadLetterConfig": {"Arn": dlq.queue_arn}}, {"Id": "gone", "Arn": gone, "DeadLetterConfig": {"Arn": dlq.queue_arn}}])
    events.put_events([{"Source": "dlq-shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"orderId": "o-9"}), "EventBusName": "default"}])
    messages = sqs_backends[ACCOUNT][REGION].receive_message("events-target-dlq", 10, 0, 30, message_attribute_names=["All"])
    seen = {}
    for m in messages:
        attributes = {k: v["StringValue"] for k, v in m.message_attributes.items()}
        seen[attributes["TARGET_ARN"]] = attributes
        assert json.loads(m.body)["detail"] == {"orderId": "o-9"}, "the body is the event"
    assert set(seen) == {function.function_arn, gone}
    assert seen[function.function_arn]["ERROR_CODE"] == "NO_PERMISSIONS" and seen[gone]["ERROR_CODE"] == "NO_RESOURCE"
    for attributes in seen.values():
        assert attributes["RULE_ARN"] == rule.arn and attributes["RETRY_ATTEMPTS"] == "0" and attributes["ERROR_MESSAGE"]
        assert "EXHAUSTED_RETRY_CONDITION" not in attributes, "no retry condition ended these"


def test_a_dlq_whose_policy_does_not_allow_the_rule_gets_nothing(new_function: Callable[..., Any]) -> None:
    from moto.sqs.models import sqs_backends

    function = new_function("events-dlq-closed-fn")
    events = _events()
    events.put_rule("closed-dlq", event_pattern=json.dumps({"source": ["closed-shop"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    dlq = _dlq("events-closed-dlq", None)
    events.put_targets("closed-dlq", "default", [{"Id": "fn", "Arn": function.function_arn, "DeadLetterConfig": {"Arn": dlq.queue_arn}}])
    events.put_events([{"Source": "closed-shop", "DetailType": "x", "Detail": "{}", "EventBusName": "default"}])
    assert sqs_backends[ACCOUNT][REGION].receive_message("events-closed-dlq", 10, 0, 30) == []


def test_an_input_transformer_shapes_the_body_and_a_bus_target_forwards_the_event() -> None:
    """InputTransformer (the user guide's eb-transform-target-input) and another bus as a target
    (eb-cross-account / eb-bus-to-bus): moto's own delivery, held to AWS's behaviour here."""
    from moto.sqs.models import sqs_backends

    sqs = sqs_backends[ACCOUNT][REGION]
    events = _events()
    events.create_event_bus("audit", None, None, tags=[])
    audit_rule = events.put_rule("audit-all", event_pattern=json.dumps({"source": ["stock"]}), event_bus_arn="audit", state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    forward = events.put_rule("forward", event_pattern=json.dumps({"source": ["stock"]}), event_bus_arn=None, state="ENABLED", description="", role_arn="", tags=[], scheduled_expression=None)
    queues = {}
    for name, rule in (("shaped", forward), ("audited", audit_rule)):
        queue = sqs.create_queue(f"events-{name}")
        statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue.queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule.arn}}}
        sqs.set_queue_attributes(f"events-{name}", {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
        queues[name] = queue
    transformer = {"InputPathsMap": {"sku": "$.detail.sku", "left": "$.detail.left"}, "InputTemplate": "<sku> has <left> left"}  # the API reference's own form
    audit_bus = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/audit"
    events.put_targets("forward", "default", [{"Id": "shaped", "Arn": queues["shaped"].queue_arn, "InputTransformer": transformer}, {"Id": "bus", "Arn": audit_bus}])
    events.put_targets("audit-all", "audit", [{"Id": "audited", "Arn": queues["audited"].queue_arn}])
    events.put_events([{"Source": "stock", "DetailType": "Low", "Detail": json.dumps({"sku": "s-9", "left": 3}), "EventBusName": "default"}])
    [shaped] = sqs.receive_message("events-shaped", 10, 0, 30)
    assert shaped.body == "s-9 has 3 left"
    [audited] = sqs.receive_message("events-audited", 10, 0, 30)
    assert json.loads(audited.body)["detail"] == {"sku": "s-9", "left": 3}, "the event reached the other bus and its rule"
