"""EventBridge: rules deliver to Lambda functions and SNS topics (moto raised NotImplementedError)."""

from __future__ import annotations

from moto.events.models import Rule

from .. import events_targets
from ..patching import wrap

PATCHES = (wrap(Rule, "send_to_targets", events_targets.send_to_targets, expects="self, original_event, transform_input"),)
