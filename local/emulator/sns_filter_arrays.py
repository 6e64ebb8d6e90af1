"""SNS filter policies on arrays as AWS documents them (String value
matching, Anything-but matching): each element of a String.Array attribute,
or of an array in the message body, is matched as a separate string. A
policy value matches when any element matches it; anything-but matches when
no element is one of its values. moto 5.2.5 matches a String.Array's JSON
text character by character for anything-but, never applies prefix, suffix
or equals-ignore-case to its elements, and fails on an array in the body.
A plain String attribute is compared with the policy's strings exactly, as
AWS does; moto also matched the policy's string inside a String value that
parses as JSON (a substring of '"xalicey"', a key of '{"alice": 1}')."""

from __future__ import annotations

import json
from typing import Any


def _elements(field: str, dict_body: dict[str, Any], attributes_based_check: bool) -> list[Any] | None:
    """The array's elements, or None when the field is not an array."""
    if field not in dict_body:
        return None
    value = dict_body[field]
    if not attributes_based_check:
        return value if isinstance(value, list) else None
    if not isinstance(value, dict) or value.get("Type") != "String.Array":
        return None
    try:
        elements = json.loads(value["Value"])
    except (ValueError, TypeError):
        return None
    return elements if isinstance(elements, list) else None


def _plain_string(field: str, dict_body: dict[str, Any], attributes_based_check: bool) -> str | None:
    """The value of a String message attribute, or None for anything else."""
    value = dict_body.get(field) if attributes_based_check else None
    if isinstance(value, dict) and value.get("Type") == "String" and isinstance(value.get("Value"), str):
        return str(value["Value"])
    return None


def field_match(original: Any, field: str, rules: list[Any], dict_body: dict[str, Any], attributes_based_check: bool = True) -> bool:
    # A String attribute against a policy's plain strings: AWS compares the two
    # strings, case-sensitively. moto also parsed the attribute as JSON (an
    # exception for nearly every value, about 30 us each) and then matched a
    # substring of a JSON string or a key of a JSON object. The other rules of
    # the field (prefix, numeric, anything-but, exists) go to moto as before.
    value = _plain_string(field, dict_body, attributes_based_check)
    if value is not None and any(isinstance(rule, str) for rule in rules):
        if any(rule == value for rule in rules if isinstance(rule, str)):
            return True
        rest = [rule for rule in rules if not isinstance(rule, str)]
        return bool(rest) and bool(original(field, rest, dict_body, attributes_based_check))
    elements = _elements(field, dict_body, attributes_based_check)
    if elements is None:
        return bool(original(field, rules, dict_body, attributes_based_check))

    def one(element: Any) -> dict[str, Any]:
        if attributes_based_check:
            return {field: {"Type": "Number" if isinstance(element, (int, float)) and not isinstance(element, bool) else "String", "Value": element if isinstance(element, (int, float)) else str(element)}}
        return {field: element}

    for rule in rules:
        if isinstance(rule, dict) and "anything-but" in rule:
            if all(original(field, [rule], one(element), attributes_based_check) for element in elements):
                return True
        elif isinstance(rule, dict) and "exists" in rule:
            if original(field, [rule], dict_body, attributes_based_check):
                return True
        elif any(original(field, [rule], one(element), attributes_based_check) for element in elements):
            return True
    return False
