"""Tests of local/emulator/speed_value_picker.py: every answer of every
operation of the services the labs use is the same bytes as moto's own
picker writes, for results generated from each operation's output shape
with every spelling moto's aliases accept; the keys are worked out once per
member; and a member read under another parent is worked out again."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from botocore import xform_name
from botocore.model import Shape
from moto.core import serialize as moto_serialize
from moto.core.serialize import XFormedAttributePicker, get_serializer_class
from moto.core.utils import get_service_model
from moto.sns.responses import SNSResponse

from emulator import registry, speed_value_picker
from emulator.conftest import motos_own
from emulator.registry import core as core_patches

registry.install_service("core")

MOTOS_OWN = motos_own(core_patches.PATCHES, "get_value", moto_serialize.ResponseSerializer)

# The services the labs and the any-function suite answer, with the protocol
# moto answers each in, and the response transformers moto gives them.
SERVICES = [
    ("sqs", "json", None),
    ("sns", "query", SNSResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER),
    ("dynamodb", "json", None),
    ("dynamodbstreams", "json", None),
    ("lambda", "rest-json", None),
    ("events", "json", None),
    ("cloudwatch", "query", None),
    ("logs", "json", None),
    ("s3", "rest-xml", None),
    ("iam", "query", None),
    ("apigatewayv2", "rest-json", None),
]


class Model:
    """A result that is not a dict: moto's own path takes it."""

    def __init__(self, **attributes: Any) -> None:
        self.__dict__.update(attributes)


def generated(rng: random.Random, shape: Shape, depth: int = 0) -> Any:
    """A value of `shape` as a moto backend might hold it: a structure as a dict
    under any of the spellings the aliases accept (sometimes a model object),
    members sometimes missing."""
    kind = shape.type_name
    if kind == "structure":
        spelled: dict[str, Any] = {}
        if depth < 4:
            for name, member in shape.members.items():
                roll = rng.random()
                if roll < 0.2:
                    continue
                key = name if roll < 0.6 else xform_name(name) if roll < 0.8 else rng.choice([name[len(shape.name):] or name, member.name, member.serialization.get("name", name)])
                spelled[key] = generated(rng, member, depth + 1)
        return Model(**spelled) if rng.random() < 0.1 and all(k.isidentifier() for k in spelled) else spelled
    if kind == "list":
        return [generated(rng, shape.member, depth + 1) for _ in range(rng.randint(0, 2) if depth < 4 else 0)]
    if kind == "map":
        return {f"k{i}": generated(rng, shape.value, depth + 1) for i in range(rng.randint(0, 2) if depth < 4 else 0)}
    if kind in ("integer", "long"):
        return rng.randint(0, 10**6)
    if kind in ("float", "double"):
        return rng.random()
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "timestamp":
        return datetime.datetime(2026, 12, 7, rng.randint(0, 23), tzinfo=datetime.timezone.utc)
    if kind == "blob":
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 8)))
    return rng.choice(["", "a", "héllo", "<b>&amp;</b>", "x" * 40, "arn:aws:sns:us-east-1:123456789012:t"])


def answer(service: str, protocol: str, operation: str, result: Any, transformers: Any, pick: Any) -> Any:
    """The serialized answer, with get_value taken from `pick` (moto's own, or this patch)."""
    model = get_service_model(service).operation_model(operation)
    serializer = get_serializer_class(service, protocol)(operation_model=model, value_picker=XFormedAttributePicker(response_transformers=transformers))
    serializer.get_value = pick.__get__(serializer)  # type: ignore[method-assign]
    return serializer.serialize(result)


def _patched(self: Any, value: Any, key: str, shape: Shape) -> Any:
    return speed_value_picker.serializer_get_value(MOTOS_OWN, self, value, key, shape)


@pytest.mark.parametrize(("service", "protocol", "transformers"), SERVICES, ids=[s[0] for s in SERVICES])
def test_every_operations_answer_is_motos_own(service: str, protocol: str, transformers: Any) -> None:
    model = get_service_model(service)
    rng = random.Random(service)
    compared = failed_alike = 0
    for operation in model.operation_names:
        output = model.operation_model(operation).output_shape
        if output is None or model.operation_model(operation).has_event_stream_output:
            continue
        for _ in range(8):
            result = generated(rng, output)
            state = rng.getstate()
            try:
                theirs = answer(service, protocol, operation, result, transformers, MOTOS_OWN)
            except Exception as error:  # a generated value moto cannot write either: the same failure
                with pytest.raises(type(error)):
                    answer(service, protocol, operation, result, transformers, _patched)
                failed_alike += 1
            else:
                assert answer(service, protocol, operation, result, transformers, _patched) == theirs, f"{service} {operation}"
                compared += 1
            rng.setstate(state)
    assert compared >= 3 * failed_alike and compared >= 8 * 3, (compared, failed_alike)


def test_keys_are_worked_out_once_per_member(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    real = XFormedAttributePicker.get_possible_keys

    def counting(self: Any, context: Any) -> Any:
        asked.append(context.key)
        return real(self, context)

    monkeypatch.setattr(XFormedAttributePicker, "get_possible_keys", counting)
    for i in range(20):
        answer("sqs", "json", "SendMessage", {"MessageId": f"m{i}", "MD5OfMessageBody": "0" * 32}, None, _patched)
    members = len(get_service_model("sqs").operation_model("SendMessage").output_shape.members)
    assert len(asked) <= members  # once per member at most, not once per answer
    asked.clear()
    answer("sqs", "json", "SendMessage", {"MessageId": "m", "MD5OfMessageBody": "0" * 32}, None, MOTOS_OWN)
    assert len(asked) == members  # moto's own path asks for every member of every answer


def test_a_member_under_another_parent_is_worked_out_again() -> None:
    model = get_service_model("sqs").operation_model("SendMessage")
    output = model.output_shape
    member = output.members["MessageId"]
    serializer = get_serializer_class("sqs", "json")(operation_model=model, value_picker=XFormedAttributePicker())
    picker = serializer._value_picker
    member.parent = output
    assert speed_value_picker._keys_to_try(serializer, picker, {}, "MessageId", member) == ("MessageId", "message_id")
    # Under a structure named "Message", ShapePrefixAlias also offers "Id".
    other = get_service_model("sqs").operation_model("ReceiveMessage").output_shape.members["Messages"].member
    member.parent = other
    try:
        assert speed_value_picker._keys_to_try(serializer, picker, {}, "MessageId", member) == ("MessageId", "message_id", "Id", "id")
    finally:
        member.parent = output
