"""dumps_indented writes json.dumps(indent=2)'s exact text, for the envelopes
SNS delivers and for any other JSON value, and leaves no reference cycle."""

from __future__ import annotations

import gc
import json
import random
from typing import Any

from emulator.indented_json import dumps_indented


def reference(value: Any, sort_keys: bool) -> str:
    return json.dumps(value, indent=2, sort_keys=sort_keys, separators=(",", ": "))


def random_value(rng: random.Random, depth: int = 0) -> Any:
    leaves = [
        lambda: rng.choice(["", "plain", 'quote " and \\ backslash', "line\nbreak\ttab", "ünïcödé ✓ 😀", "\u0000\u001f"]),
        lambda: rng.randint(-(10**20), 10**20),
        lambda: rng.choice([0.0, -1.5, 1e300, 3.141592653589793, float("nan"), float("inf")]),
        lambda: rng.choice([True, False, None]),
    ]
    if depth >= 4 or rng.random() < 0.4:
        return rng.choice(leaves)()
    if rng.random() < 0.5:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["a", "B", "Message", "z", "ä", "k" * rng.randint(1, 3)]) + str(i): random_value(rng, depth + 1) for i in range(rng.randint(0, 4))}


def test_an_sns_envelope_is_formatted_as_json_dumps_formats_it() -> None:
    envelope = {
        "Type": "Notification",
        "MessageId": "6a1b0c1e-0000-4000-8000-000000000000",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
        "Subject": "New message from bob",
        "Message": json.dumps({"event_type": "message_created", "text": "hi \"there\"\n"}),
        "Timestamp": "2026-12-05T20:00:00.000Z",
        "SignatureVersion": "2",
        "Signature": "c2lnbmF0dXJl",
        "MessageAttributes": {"author": {"Type": "String", "Value": "bob"}, "count": {"Type": "Number", "Value": "3"}},
    }
    for sort_keys in (True, False):
        assert dumps_indented(envelope, sort_keys=sort_keys) == reference(envelope, sort_keys)


def test_any_json_value_is_formatted_as_json_dumps_formats_it() -> None:
    rng = random.Random(20261205)
    for _ in range(2000):
        value = random_value(rng)
        sort_keys = rng.random() < 0.5
        assert dumps_indented(value, sort_keys=sort_keys) == reference(value, sort_keys)


def test_keys_json_would_convert_are_left_to_json_dumps() -> None:
    value = {1: "one", "two": [True, None]}
    assert dumps_indented(value) == reference(value, False)


def test_it_leaves_no_reference_cycle() -> None:
    envelope = {"Type": "Notification", "MessageAttributes": {"a": {"Type": "String", "Value": "b"}}, "List": [1, [2, {}]]}
    gc.collect()
    gc.disable()
    try:
        for _ in range(100):
            dumps_indented(envelope, sort_keys=True)
        assert gc.collect() == 0
        for _ in range(100):
            reference(envelope, True)
        assert gc.collect() > 0  # the check can fail: json.dumps(indent=2) leaves cycles
    finally:
        gc.enable()
