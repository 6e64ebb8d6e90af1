"""Tests of local/emulator/speed_xml.py: every query-protocol answer (and
error) of the services the labs use is the same text as xmltodict writes,
for results generated from each operation's output shape; generated trees
with awkward text are the same text or left to xmltodict; and the patched
serializer writes a plain answer without xmltodict."""

from __future__ import annotations

import random
from typing import Any

import pytest
import xmltodict
from moto.core import serialize as moto_serialize
from moto.core.serialize import XFormedAttributePicker, get_serializer_class
from moto.core.utils import get_service_model
from moto.sns.responses import SNSResponse

from emulator import registry, speed_xml
from emulator.conftest import motos_own
from emulator.registry import core as core_patches
from emulator.test_speed_value_picker import generated

registry.install_service("core")

MOTOS_OWN = motos_own(core_patches.PATCHES, "_serialize_body", moto_serialize.BaseXMLSerializer)

QUERY_SERVICES = [("sns", SNSResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER), ("sqs", None), ("iam", None), ("cloudwatch", None), ("sts", None)]


def _serializer(service: str, operation: str, transformers: Any, own: bool) -> Any:
    serializer = get_serializer_class(service, "query")(operation_model=get_service_model(service).operation_model(operation), value_picker=XFormedAttributePicker(response_transformers=transformers))
    if own:
        serializer._serialize_body = MOTOS_OWN.__get__(serializer)  # type: ignore[method-assign]
    return serializer


@pytest.mark.parametrize(("service", "transformers"), QUERY_SERVICES, ids=[s[0] for s in QUERY_SERVICES])
def test_every_query_answer_is_xmltodicts_text(service: str, transformers: Any) -> None:
    model = get_service_model(service)
    rng = random.Random(service)
    compared = 0
    for operation in model.operation_names:
        output = model.operation_model(operation).output_shape
        for _ in range(6):
            result = generated(rng, output) if output is not None else {}
            state = rng.getstate()
            try:
                theirs = _serializer(service, operation, transformers, own=True).serialize(result)
            except Exception as error:  # a generated value moto cannot write either: the same failure
                with pytest.raises(type(error)):
                    _serializer(service, operation, transformers, own=False).serialize(result)
                continue
            rng.setstate(state)
            assert _serializer(service, operation, transformers, own=False).serialize(result) == theirs, f"{service} {operation}"
            compared += 1
    assert compared >= 4 * len(model.operation_names), compared


def _errors() -> list[tuple[str, Exception]]:
    from moto.iam.exceptions import NotFoundException
    from moto.sns.exceptions import InvalidParameterValue, TopicNotFound
    from moto.sqs.exceptions import QueueDoesNotExist

    return [("sns", TopicNotFound()), ("sns", InvalidParameterValue("a <bad> & 'odd' \"value\"")), ("sqs", QueueDoesNotExist()), ("iam", NotFoundException("Role x & <y> not found"))]


def test_error_answers_are_xmltodicts_text() -> None:
    for service, error in _errors():
        for operation in list(get_service_model(service).operation_names)[:10]:
            theirs = _serializer(service, operation, None, own=True).serialize(error)
            assert _serializer(service, operation, None, own=False).serialize(error) == theirs


TEXTS = ["", " ", "plain", "a & b", "<tag>", "x > y", 'say "hi"', "it's", "both ' and \"", "line\nbreak", "tab\there", "cr\rlf", "héllo ✓", "]]>", "&amp;"]


def tree(rng: random.Random, depth: int = 0) -> Any:
    """A dict-and-list tree of the kinds moto builds, and a few it does not."""
    roll = rng.random()
    if depth >= 4 or roll < 0.35:
        return rng.choice([*TEXTS, None, True, False, 0, 7, 2.5, -1, []])
    if roll < 0.5:
        return [tree(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    members: dict[str, Any] = {}
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.08:
            members["@xmlns"] = rng.choice(["https://sns.amazonaws.com/doc/2010-03-31/", 'a"b', "a'b", "a\nb", None])
        elif kind < 0.12:
            members[rng.choice(["@id", "@type"])] = rng.choice([*TEXTS, None, 3, True])
        elif kind < 0.16:
            members["#text"] = rng.choice([*TEXTS, None, 5])
        elif kind < 0.18:
            members[rng.choice(["#comment", "bad name", "a/b", "?x", "@xmlns"])] = rng.choice(["c", {"p": "urn:x"}, b"bytes"])
        else:
            members[rng.choice(["Member", "Name", "ns:Value", "item", "Attributes.entry", "_x-1"])] = tree(rng, depth + 1)
    return members


def test_generated_trees_are_xmltodicts_text_or_left_to_it() -> None:
    rng = random.Random(2026)
    written = 0
    for _ in range(4000):
        body = {rng.choice(["PublishResponse", "ErrorResponse", "Root"]): tree(rng)}
        ours = speed_xml.xml_text(body)
        try:
            theirs = xmltodict.unparse(body, full_document=False, short_empty_elements=True, pretty=False)
        except ValueError:  # a name xmltodict refuses: left to it, which refuses it again
            assert ours is None
            continue
        if ours is not None:
            assert ours == theirs, body
            written += 1
    assert written >= 3000, written  # most trees are written here, not left to xmltodict


def test_a_plain_answer_is_written_without_xmltodict(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = xmltodict.unparse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(moto_serialize.xmltodict, "unparse", counted)
    serializer = _serializer("sns", "Publish", SNSResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER, own=False)
    answer = serializer.serialize({"MessageId": "m-1"})
    assert "<MessageId>m-1</MessageId>" in answer["body"] and calls == []
    serializer.pretty_print = True  # pretty printing is xmltodict's
    serializer.serialize({"MessageId": "m-1"})
    assert len(calls) == 1
