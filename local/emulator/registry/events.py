"""EventBridge: rules deliver to Lambda functions and SNS topics (moto raised NotImplementedError),
and TestEventPattern answers (moto answered nothing)."""

from __future__ import annotations

from moto.events.models import Rule
from moto.events.responses import EventsHandler

from .. import events_targets, events_test_pattern
from ..patching import replace, wrap

PATCHES = (
    wrap(Rule, "send_to_targets", events_targets.send_to_targets, expects="self, original_event, transform_input"),
    replace(EventsHandler, "test_event_pattern", events_test_pattern.test_event_pattern, expects="self"),
)
