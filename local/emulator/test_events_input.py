"""Tests of local/emulator/events_input.py: the input transformer examples of
the EventBridge user guide (eb-transform-target-input) and the API reference's
InputTransformer, each giving the output those pages show. moto's parser
raised on the first, fourth and fifth (a string value outside quotes; text)."""

from __future__ import annotations

import json

from emulator.events_input import render

EVENT = {"version": "0", "id": "7bf73129", "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "detail": {"instance-id": "i-0123456789", "state": "RUNNING"}}
PATHS = {"instance": "$.detail.instance-id", "state": "$.detail.state"}
RULE = "arn:aws:events:us-east-2:123456789012:rule/example"


def _render(template: str) -> str:
    return render({"InputPathsMap": PATHS, "InputTemplate": template}, EVENT, RULE, "example")


def test_simple_json_quotes_a_string_value() -> None:
    assert _render('{"instance" : <instance>, "state": <state>}') == '{"instance" : "i-0123456789", "state": "RUNNING"}'


def test_json_with_a_mix_of_variables_and_static_information() -> None:
    out = _render('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}')
    assert json.loads(out) == {"instance": "i-0123456789", "state": [9, "RUNNING", True], "Transformed": "Yes"}


def test_reserved_variables_in_json() -> None:
    out = json.loads(_render('{"ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>, "all": <aws.events.event.json>}'))
    assert (out["ruleArn"], out["ruleName"]) == (RULE, "example")
    assert "detail" not in out["originalEvent"] and out["originalEvent"]["source"] == "aws.ec2"
    assert out["all"] == EVENT


def test_a_string_template_keeps_its_quotes_and_inserts_text() -> None:
    assert _render('"instance <instance> is in <state>"') == '"instance i-0123456789 is in RUNNING"'
    assert _render('"<aws.events.rule-name> triggered"') == '"example triggered"'


def test_a_text_template_and_quotes_inside_a_json_string() -> None:
    assert _render('<instance> is in state "<state>"') == 'i-0123456789 is in state "RUNNING"'
    out = _render('{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<state>\\""}')
    assert json.loads(out) == {"myInstance": "i-0123456789", "myStatus": 'i-0123456789 is in state "RUNNING"'}


def test_a_path_that_matches_nothing_is_null() -> None:
    assert render({"InputPathsMap": {"gone": "$.detail.nothing"}, "InputTemplate": '{"v": <gone>, "s": "[<gone>]"}'}, EVENT, RULE, "example") == '{"v": null, "s": "[]"}'
