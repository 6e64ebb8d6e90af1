"""moto bugs that keep Terraform plans from settling (a plan after apply must
show no changes): a function's DeadLetterConfig is lost, a queue's
RedrivePolicy comes back with spaces, and SetQueueAttributes without Policy
erases the queue policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def function_init(original: Any, self: Any, account_id: str, spec: dict[str, Any], *a: Any, **k: Any) -> None:
    original(self, account_id, spec, *a, **k)
    self.dead_letter_config = spec.get("DeadLetterConfig") or None


def function_configuration(original: Any, self: Any, *a: Any, **k: Any) -> dict[str, Any]:
    config = original(self, *a, **k)
    dlc = getattr(self, "dead_letter_config", None)
    if dlc and dlc.get("TargetArn"):
        config["DeadLetterConfig"] = {"TargetArn": dlc["TargetArn"]}
    return config


def function_update(original: Any, self: Any, updates: dict[str, Any]) -> dict[str, Any]:
    if "DeadLetterConfig" in updates:
        self.dead_letter_config = updates["DeadLetterConfig"] or None
    return original(self, updates)


def compact_redrive_policy(getter: Callable[[Any], dict[str, Any]], self: Any) -> dict[str, Any]:
    result = getter(self)
    if self.redrive_policy:  # AWS returns compact JSON; moto adds spaces
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


def queue_set_attributes(original: Any, self: Any, attributes: dict[str, Any], *a: Any, **k: Any) -> None:
    previous = getattr(self, "policy", None)
    original(self, attributes, *a, **k)
    if "Policy" not in attributes:
        self.policy = previous
