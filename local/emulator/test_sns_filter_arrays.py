"""Tests of local/emulator/sns_filter_arrays.py: filter policies against
String.Array attributes and body arrays, per element, as AWS documents. The
anything-but, prefix and body-array cases fail on unpatched moto 5.2.5; the
exact match on an array is their control (moto gets it right)."""

from __future__ import annotations

import json

from moto.sns.utils import FilterPolicyMatcher

from emulator import registry

registry.install_service("sns")


def matches(policy: dict[str, object], attributes: dict[str, object] | None = None, body: object = None) -> bool:
    scope = "MessageBody" if body is not None else "MessageAttributes"
    matcher = FilterPolicyMatcher(policy, scope)
    return bool(matcher.matches(attributes or {}, json.dumps(body) if body is not None else "{}"))


def keywords(*words: str) -> dict[str, object]:
    return {"keywords": {"Type": "String.Array", "Value": json.dumps(list(words))}}


def test_an_exact_value_matches_any_element_of_a_string_array() -> None:
    assert matches({"keywords": ["lambda"]}, keywords("sns", "lambda"))
    assert not matches({"keywords": ["lambda"]}, keywords("sns", "sqs"))


def test_anything_but_matches_only_when_no_element_is_excluded() -> None:
    assert matches({"keywords": [{"anything-but": ["spoiler"]}]}, keywords("sns", "lambda"))
    assert not matches({"keywords": [{"anything-but": ["spoiler"]}]}, keywords("sns", "spoiler"))


def test_prefix_matches_an_element() -> None:
    assert matches({"keywords": [{"prefix": "lamb"}]}, keywords("sns", "lambda"))
    assert not matches({"keywords": [{"prefix": "dyn"}]}, keywords("sns", "lambda"))


def test_arrays_in_the_message_body_match_per_element() -> None:
    assert matches({"keywords": [{"prefix": "lamb"}]}, body={"keywords": ["sns", "lambda"]})
    assert not matches({"keywords": [{"anything-but": ["spoiler"]}]}, body={"keywords": ["spoiler"]})
    assert matches({"keywords": ["sns"]}, body={"keywords": ["sns", "x"]})


def test_plain_string_attributes_are_matched_as_before() -> None:
    assert matches({"author": [{"prefix": "al"}]}, {"author": {"Type": "String", "Value": "alice"}})
    assert matches({"author": [{"anything-but": ["bob"]}]}, {"author": {"Type": "String", "Value": "alice"}})
    assert matches({"length": [{"numeric": [">=", 10]}]}, {"length": {"Type": "Number", "Value": "12"}})


def test_a_string_attribute_matches_a_policy_string_only_exactly() -> None:
    """AWS compares the strings (case-sensitively); moto matched inside a
    String value that parses as JSON. The field's other rules still apply."""

    def author(value: str) -> dict[str, object]:
        return {"author": {"Type": "String", "Value": value}}

    policy: dict[str, object] = {"author": ["alice", {"prefix": "team-"}]}
    assert matches(policy, author("alice"))
    assert matches(policy, author("team-blue"))
    assert not matches(policy, author("Alice"))
    assert not matches(policy, author('"xalicey"')), "moto: a substring of a JSON string"
    assert not matches(policy, author('{"alice": 1}')), "moto: a key of a JSON object"
    assert not matches(policy, author('["alice"]')), "a String, not a String.Array"
    assert not matches({"author": ["alice"]}, {"author": {"Type": "Number", "Value": "1"}})
