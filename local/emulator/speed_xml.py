"""The XML of a query-protocol answer (SNS, SQS's query API, IAM, STS,
CloudWatch), written directly rather than through xmltodict.

moto's query serializer builds the answer as nested dicts and lists, then
has xmltodict.unparse turn them into text through xml.sax's XMLGenerator: an
attribute object, a name check and several method calls per element, about
a quarter of a `Publish`'s serializing (cProfile, docs/local-runtime.md).
The writer below makes the same text for what moto builds (elements, text,
`@` attributes, lists as repeated elements, None and "" as an empty element)
with the same escaping (xml.sax.saxutils's own `escape` and `quoteattr`).
Anything else (a `#comment`, bytes, a name xmltodict would refuse, pretty
printing) goes to xmltodict as before."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# Names xmltodict accepts unchanged (it refuses ? ! < > / quotes = and
# whitespace). A name outside this set is left to xmltodict, which decides.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*", re.ASCII)
_names: set[str] = set()


class _Unsupported(Exception):
    """A value this writer does not make; xmltodict writes the whole answer."""


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise _Unsupported
    if name in _names:
        return name
    if not _PLAIN_NAME.fullmatch(name):
        raise _Unsupported
    if len(_names) < 4096:  # shape names: a bounded set
        _names.add(name)
    return name


def _text(value: Any) -> str:
    """xmltodict's _convert_value_to_string, for the types moto puts in an answer."""
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return str(value)
    raise _Unsupported


def _element(key: Any, value: Any, out: list[str]) -> None:
    """xmltodict's _emit for one key: an element per value (a list repeats it)."""
    name = _name(key)
    for item in value if type(value) is list or type(value) is tuple else (value,):
        if item is None:
            out.append(f"<{name}/>")
        elif type(item) is not dict:
            text = _text(item)
            out.append(f"<{name}>{escape(text)}</{name}>" if text else f"<{name}/>")
        else:
            _structure(name, item, out)


def _structure(name: str, members: dict[Any, Any], out: list[str]) -> None:
    start = len(out)
    out.append("")  # the start tag, once its attributes are known
    attributes = ""
    text = ""
    for key, value in members.items():
        if type(key) is not str:
            raise _Unsupported
        if key == "#text":
            text = "" if value is None else _text(value)
        elif key.startswith("@"):
            if key == "@xmlns" and type(value) is dict:  # prefixed namespaces: left to xmltodict
                raise _Unsupported
            attributes += f" {_name(key[1:])}={quoteattr('' if value is None else _text(value))}"
        elif key.startswith("#"):
            raise _Unsupported
        elif type(value) is list and not value:
            continue  # xmltodict writes no element for an empty list
        else:
            _element(key, value, out)
    if text:
        out.append(escape(text))  # after the children, as xmltodict writes it
    if len(out) == start + 1:
        out[start] = f"<{name}{attributes}/>"
    else:
        out[start] = f"<{name}{attributes}>"
        out.append(f"</{name}>")


def xml_text(body: Any) -> str | None:
    """xmltodict.unparse(body, full_document=False, short_empty_elements=True), or None where it is left to xmltodict."""
    if type(body) is not dict:
        return None
    out: list[str] = []
    try:
        for key, value in body.items():
            _element(key, value, out)
    except _Unsupported:
        return None
    return "".join(out)


def serialize_body(original: Callable[[Any, Any], str], self: Any, body: Any) -> str:
    """BaseXMLSerializer._serialize_body, the same text without xmltodict where it can."""
    text = None if self.pretty_print else xml_text(body)
    return original(self, body) if text is None else text
