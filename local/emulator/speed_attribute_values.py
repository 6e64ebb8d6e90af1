"""DynamoDB items are written into a JSON answer without moto's shape walk:
the same bytes, at a fraction of the CPU (test_speed_attribute_values.py
compares the two on thousands of items).

moto 5.2.5 serializes every answer by walking its botocore shape. For each
member of each structure it asks an attribute picker, which tries up to six
alias providers, so each value of an item costs ten picker calls (one per
AttributeValue member: S, N, B, SS, ...). A `BatchGetItem` of 50 lab 3
submissions took 113 ms of the emulator's CPU, 57 % of it in that walk
(docs/local-runtime.md, "Where the time goes"). An AttributeValue that moto
holds is a dict with one type key, so its JSON is known without the walk:
strings and numbers as they are, binaries in base64 as moto encodes them,
maps and lists value by value. Anything else (a value that is not that
plain, an empty attribute name, a picker with response transformers) takes
moto's own path."""

from __future__ import annotations

from typing import Any

# The AttributeValue shape's members, in the order moto writes them.
_MEMBERS = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")


def _plain_attribute_value_shape(shape: Any) -> bool:
    """The shape is DynamoDB's (or its streams') AttributeValue as moto 5.2.5 knows it."""
    # Checked each time, not kept by id(): botocore makes shape objects as
    # they are resolved, and a freed one's id can name another shape.
    return shape.name == "AttributeValue" and tuple(shape.members) == _MEMBERS and "name" not in shape.serialization


def _value(serializer: Any, value: Any) -> dict[str, Any] | None:
    """The JSON of one AttributeValue, or None where moto's path must decide."""
    if type(value) is not dict or len(value) != 1:
        return None
    ((tag, inner),) = value.items()
    kind = type(inner)
    if tag == "S" or tag == "N":
        return {tag: inner} if kind is str else None
    if tag == "M":
        if kind is not dict:
            return None
        entries = {}
        for name, member in inner.items():
            written = _value(serializer, member) if name else None
            if written is None:
                return None
            entries[name] = written
        return {"M": entries}
    if tag == "L":
        if kind is not list:
            return None
        items = []
        for member in inner:
            written = _value(serializer, member)
            if written is None:
                return None
            items.append(written)
        return {"L": items}
    if tag == "NULL" or tag == "BOOL":
        return {tag: inner} if kind is bool else None
    if tag == "SS" or tag == "NS":
        return {tag: list(inner)} if kind is list and all(type(s) is str for s in inner) else None
    if tag == "B":
        return {tag: serializer._base64(inner)} if kind is str or kind is bytes else None
    if tag == "BS":
        return {tag: [serializer._base64(b) for b in inner]} if kind is list and all(type(b) is str or type(b) is bytes for b in inner) else None
    return None


def serialize_structure(original: Any, self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
    """BaseJSONSerializer._serialize_type_structure, with an AttributeValue written directly."""
    if key and _plain_attribute_value_shape(shape) and not getattr(self._value_picker, "response_transformers", None):
        written = _value(self, value)
        if written is not None:
            serialized[key] = written
            return
    original(self, serialized, value, shape, key)
