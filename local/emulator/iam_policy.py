"""IAM policy evaluation, as the IAM User Guide's "Policy evaluation logic"
(reference_policies_evaluation-logic) describes it for one account:

1. An explicit Deny in any applicable statement wins.
2. Otherwise an Allow is needed; without one the request is implicitly denied.

A statement applies when its Action (or NotAction), Resource (or NotResource),
Principal (for resource-based policies) and every Condition match. Matching
follows the reference pages: actions are case-insensitive and take `*` and `?`
wildcards; resources (ARNs) are case-sensitive with the same wildcards;
condition keys are case-insensitive; a missing key fails a condition unless the
operator ends in IfExists or is a negated one (StringNotEquals, ArnNotLike …).

Pure functions only: iam_enforcement.py feeds them moto's state.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = "Allow", "ExplicitDeny", "ImplicitDeny"


@dataclass(frozen=True)
class Decision:
    effect: str  # ALLOW, EXPLICIT_DENY or IMPLICIT_DENY
    statement: dict[str, Any] | None = None

    @property
    def allowed(self) -> bool:
        return self.effect == ALLOW


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# Every request is checked against every statement of its caller's policies;
# translating each pattern anew cost about 4 % of the emulator's CPU in lab 1's
# burst. A policy holds few patterns, so their compiled forms are kept.
@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    # fnmatch's [] classes do not exist in IAM: escape them.
    return re.compile(fnmatch.translate(pattern.replace("[", "[[]")), 0 if case_sensitive else re.IGNORECASE)


def _wildcard(pattern: str, value: str, case_sensitive: bool) -> bool:
    return _compiled(pattern, case_sensitive).match(value) is not None


def action_matches(patterns: Iterable[str], action: str) -> bool:
    return any(_wildcard(p, action, case_sensitive=False) for p in patterns)


def resource_matches(patterns: Iterable[str], resource: str) -> bool:
    return any(p == "*" or _wildcard(p, resource, case_sensitive=True) for p in patterns)


def principal_matches(principal: Any, caller: dict[str, str]) -> bool:
    """Principal of a resource-based policy against the caller, e.g.
    {"Service": "sns.amazonaws.com"} or {"AWS": "arn:aws:iam::123456789012:root"}."""
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for kind, values in principal.items():
        for value in _as_list(values):
            if value == "*":
                return True
            if kind == "Service" and value == caller.get("service"):
                return True
            if kind == "AWS":
                account_root = f"arn:aws:iam::{caller.get('account')}:root"
                if value in (caller.get("arn"), caller.get("role_arn"), account_root, caller.get("account")):
                    return True
    return False


def _condition_values(context: dict[str, Any], key: str) -> list[str] | None:
    for name, value in context.items():
        if name.lower() == key.lower():
            return [str(v).lower() if isinstance(v, bool) else str(v) for v in _as_list(value)]
    return None


_NEGATED = ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals")


def _one_value_matches(operator: str, expected: str, actual: str) -> bool:
    base = operator.replace("IfExists", "")
    if base in ("StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals"):
        return expected == actual
    if base in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return expected.lower() == actual.lower()
    if base in ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike"):
        return _wildcard(expected, actual, case_sensitive=True)
    if base == "Bool":
        return expected.lower() == actual.lower()
    if base.startswith("Numeric"):
        a, e = float(actual), float(expected)
        return {
            "NumericEquals": a == e,
            "NumericNotEquals": a == e,
            "NumericLessThan": a < e,
            "NumericLessThanEquals": a <= e,
            "NumericGreaterThan": a > e,
            "NumericGreaterThanEquals": a >= e,
        }[base]
    raise ValueError(f"condition operator {operator} is not supported by the emulator")


def condition_matches(condition: dict[str, Any] | None, context: dict[str, Any]) -> bool:
    """Every operator, and within it every key, must match (AND); the values of one key are alternatives (OR)."""
    for operator, keys in (condition or {}).items():
        negated = operator.replace("IfExists", "") in _NEGATED
        for key, expected in keys.items():
            actual = _condition_values(context, key)
            if actual is None:
                if operator.endswith("IfExists") or negated:
                    continue
                return False
            hit = any(_one_value_matches(operator, str(e), a) for e in _as_list(expected) for a in actual)
            if hit == negated:  # a negated operator matches when no value is equal
                return False
    return True


def statement_applies(statement: dict[str, Any], action: str, resource: str, context: dict[str, Any], caller: dict[str, str] | None = None) -> bool:
    if "Action" in statement and not action_matches(_as_list(statement["Action"]), action):
        return False
    if "NotAction" in statement and action_matches(_as_list(statement["NotAction"]), action):
        return False
    if "Resource" in statement and not resource_matches(_as_list(statement["Resource"]), resource):
        return False
    if "NotResource" in statement and resource_matches(_as_list(statement["NotResource"]), resource):
        return False
    if caller is not None:  # a resource-based policy names who it is for
        if "Principal" in statement and not principal_matches(statement["Principal"], caller):
            return False
        if "NotPrincipal" in statement and principal_matches(statement["NotPrincipal"], caller):
            return False
        if "Principal" not in statement and "NotPrincipal" not in statement:
            return False
    return condition_matches(statement.get("Condition"), context)


def statements_of(documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for d in documents for s in _as_list(d.get("Statement"))]


def evaluate(documents: Iterable[dict[str, Any]], action: str, resource: str, context: dict[str, Any] | None = None, caller: dict[str, str] | None = None) -> Decision:
    """The decision of these policy documents for one request. Pass `caller`
    for resource-based policies (their statements must name the principal)."""
    context = context or {}
    allow: dict[str, Any] | None = None
    for statement in statements_of(documents):
        if not statement_applies(statement, action, resource, context, caller):
            continue
        if statement.get("Effect") == "Deny":
            return Decision(EXPLICIT_DENY, statement)
        if statement.get("Effect") == "Allow" and allow is None:
            allow = statement
    return Decision(ALLOW, allow) if allow is not None else Decision(IMPLICIT_DENY)
