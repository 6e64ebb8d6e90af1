"""A JSON request's parameters read by a parser made once per input shape.

moto reads every JSON-protocol request (DynamoDB, SQS, EventBridge, Logs)
by walking the operation's input shape for each one: a method looked up by
name for every node, and every member of every structure asked for (the
ten kinds of a DynamoDB `AttributeValue` for each attribute of an item).
The shape does not change while the emulator runs, so the walk is worked
out once per shape into nested functions that do what moto's handlers do
(botocore's shapes, moto's `BaseJSONParser`): a structure keeps its members
that are present and not null, in the shape's order, under their JSON
names; lists and maps are read element by element; numbers, blobs and
timestamps are converted as moto converts them; anything else is passed on
as it is. A parser with other converters, another kind of map or a handler
of its own keeps moto's walk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.model import Shape
from moto.core import parse as moto_parse

Read = Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


def _float(value: Any) -> Any:
    return value if value is moto_parse.UNDEFINED else float(value)


def _integer(value: Any) -> Any:
    return value if value is moto_parse.UNDEFINED else int(value)


# moto's handler for each type name, and what the reader does instead.
_HANDLERS: dict[str, Any] = {
    "structure": moto_parse.BaseJSONParser._parse_structure,
    "list": moto_parse.RequestParser._parse_list,
    "map": moto_parse.RequestParser._parse_map,
    "blob": moto_parse.BaseJSONParser._parse_blob,
    "timestamp": moto_parse.BaseJSONParser._parse_timestamp,
    "float": moto_parse.BaseJSONParser._parse_float,
    "double": moto_parse.BaseJSONParser._parse_float,
    "integer": moto_parse.BaseJSONParser._parse_integer,
    "byte": moto_parse.BaseJSONParser._parse_integer,
    "short": moto_parse.BaseJSONParser._parse_integer,
    "long": moto_parse.BaseJSONParser._parse_integer,
}
_SIMPLE: dict[str, Read] = {
    "blob": moto_parse.default_blob_parser,
    "timestamp": moto_parse.default_timestamp_parser,
    "float": _float,
    "double": _float,
    "integer": _integer,
    "byte": _integer,
    "short": _integer,
    "long": _integer,
}


class _NotMotosWalk(Exception):
    """The parser class handles a type its own way: moto's walk reads the request."""


def _handler_is_motos(type_name: str) -> bool:
    expected = _HANDLERS.get(type_name, moto_parse.RequestParser._default_handle)
    return getattr(moto_parse.JSONParser, f"_parse_{type_name}", moto_parse.RequestParser._default_handle) is expected


# Readers per shape object (botocore keeps one object per shape of a loaded model).
_readers: dict[int, tuple[Shape, Read]] = {}


def reader(shape: Shape) -> Read:
    """The function that reads a value of `shape` as moto's JSONParser would."""
    known = _readers.get(id(shape))
    if known is not None and known[0] is shape:
        return known[1]
    read = _reader(shape)
    _readers[id(shape)] = (shape, read)  # the shape is kept, so its id is not reused
    return read


def _reader(shape: Shape) -> Read:
    kind = shape.type_name
    if not _handler_is_motos(kind):
        raise _NotMotosWalk(kind)
    if kind == "structure":
        return _as_is if shape.is_document_type else _structure_reader(shape)
    if kind == "list":
        member = reader(shape.member)
        if member is _as_is:
            return lambda node: [item for item in node]  # moto's loop: any iterable, copied
        return lambda node: [member(item) for item in node]
    if kind == "map":
        key, value = reader(shape.key), reader(shape.value)
        if key is _as_is and value is _as_is:
            return lambda node: {k: v for k, v in node.items()}  # moto's loop: a copy from .items()
        return lambda node: {key(k): value(v) for k, v in node.items()}
    return _SIMPLE.get(kind, _as_is)


def _structure_reader(shape: Shape) -> Read:
    members = [(name, member.serialization.get("name", name)) for name, member in shape.members.items()]
    # Members are read lazily: a recursive shape (a map of AttributeValue
    # inside an AttributeValue) is still being made when its member asks.
    plan: list[tuple[str, str, Read]] | None = None

    def read(value: Any) -> Any:
        nonlocal plan
        if plan is None:
            plan = [(name, json_name, reader(shape.members[name])) for name, json_name in members]
        if value is None:
            return None
        parsed = {}
        for name, json_name, member in plan:
            raw = value.get(json_name)
            if raw is not None:
                parsed[name] = raw if member is _as_is else member(raw)
        return parsed

    return read


def parse_json_body(original: Callable[[Any, Any, Shape], Any], self: Any, raw_body: Any, shape: Shape) -> Any:
    """JSONParser._parse_json_body through the shape's reader, where the parser is moto's own plain one."""
    if type(self) is not moto_parse.JSONParser or self.MAP_TYPE is not dict or self._blob_parser is not moto_parse.default_blob_parser or self._timestamp_parser is not moto_parse.default_timestamp_parser:
        return original(self, raw_body, shape)
    try:
        read = reader(shape)
    except _NotMotosWalk:
        return original(self, raw_body, shape)
    return read(self._parse_body_as_json(raw_body))
