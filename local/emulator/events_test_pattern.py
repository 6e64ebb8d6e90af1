"""TestEventPattern, which moto leaves unimplemented (its handler answers
nothing), answered with moto's own matcher: the one PutEvents uses for rules,
so a learner can try a pattern before writing a rule, as on AWS
(https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html).

An event without the fields EventBridge requires (id, account, source, time,
region, resources, detail-type) is refused with AWS's ValidationException; a
pattern that is not valid with InvalidEventPatternException (moto's parser)."""

from __future__ import annotations

import json
from typing import Any

REQUIRED = ("id", "account", "source", "time", "region", "resources", "detail-type")


def test_event_pattern(self: Any) -> str:
    from moto.core.exceptions import JsonRESTError
    from moto.events.models import EventPattern

    pattern = EventPattern.load(self._get_param("EventPattern"))
    try:
        event = json.loads(self._get_param("Event") or "")
    except json.JSONDecodeError:
        event = None
    if not isinstance(event, dict) or any(field not in event for field in REQUIRED):
        raise JsonRESTError("ValidationException", "Parameter Event is not valid.")
    matches: Any = pattern.matches_event  # moto types the event as its TypedDict; any JSON object is one
    return json.dumps({"Result": bool(matches(event))})
