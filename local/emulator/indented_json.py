"""json.dumps(value, indent=2, ...) with the same text, made faster.

Given an indent, Python's json module leaves its C encoder for a pure-Python
one built from nested closures per call: slower, and each call leaves a
reference cycle (about 30 objects) that only the cyclic collector frees. SNS
formats every envelope it delivers to SQS (and every email-json email) this
way, so a burst of notifications fed the collector. Here the containers are
laid out in Python and every leaf is encoded by the C encoder; the text is
json.dumps's own (test_indented_json.py compares them)."""

from __future__ import annotations

import json
from typing import Any

_INDENT = "  "


def dumps_indented(value: Any, *, sort_keys: bool = False) -> str:
    """json.dumps(value, indent=2, sort_keys=sort_keys, separators=(",", ": "))."""
    try:
        return _format(value, "\n", sort_keys)
    except _Unsupported:
        return json.dumps(value, indent=2, sort_keys=sort_keys, separators=(",", ": "))


class _Unsupported(Exception):
    """A key json would convert (not a str): json.dumps formats the whole value instead."""


def _format(value: Any, newline: str, sort_keys: bool) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + _INDENT
        items = sorted(value.items()) if sort_keys else value.items()
        parts = []
        for key, item in items:
            if not isinstance(key, str):
                raise _Unsupported
            parts.append(f"{json.dumps(key)}: {_format(item, inner, sort_keys)}")
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + _INDENT
        return "[" + inner + ("," + inner).join(_format(item, inner, sort_keys) for item in value) + newline + "]"
    return json.dumps(value)
