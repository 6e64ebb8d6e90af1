"""What an EventBridge target receives from its InputTransformer, as the user
guide's "Amazon EventBridge input transformation" shows it.

moto substituted each value as bare text and then parsed the result as JSON,
so the guide's own "Simple JSON" example ({"instance": <instance>} with a
string value) and a plain-text template (the API reference's
"<instance> is in state <status>") raised inside PutEvents. Here, as in the
guide's table of examples:

* in a JSON template, a variable outside a string is inserted as JSON (a
  string value gets its quotes: {"state": "RUNNING"}), one inside a string as
  its text, escaped for JSON ("<instance> is in <state>" keeps its quotes);
* a template that is not JSON (it starts with neither {, [ nor ") is text, and
  its variables are inserted as text;
* the predefined variables: aws.events.rule-arn, aws.events.rule-name,
  aws.events.event.ingestion-time, aws.events.event (the event without its
  detail) and aws.events.event.json (the whole event);
* a path that matches nothing inserts null (nothing inside a string or text).

The result is the text a queue or a topic receives as is; a function receives
it parsed when it is JSON, else as a JSON string."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")


def _match(path: str, event: Any) -> Any:
    from jsonpath_ng.ext import parse  # moto's own JSONPath library

    found = parse(path).find(event)
    return found[0].value if found else None


def _as_text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value)


def _insert(value: Any, where: str) -> str:
    if where == "json":
        return json.dumps(value)
    text = _as_text(value)
    return json.dumps(text)[1:-1] if where == "json-string" else text


def render(transformer: dict[str, Any], event: dict[str, Any], rule_arn: str, rule_name: str) -> str:
    """The text of the transformed input for `event`, delivered by rule `rule_arn`."""
    values = {name: _match(path, event) for name, path in (transformer.get("InputPathsMap") or {}).items()}
    values.update(
        {
            "aws.events.rule-arn": rule_arn,
            "aws.events.rule-name": rule_name,
            "aws.events.event.ingestion-time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "aws.events.event": {key: value for key, value in event.items() if key != "detail"},
            "aws.events.event.json": event,
        }
    )
    template = transformer.get("InputTemplate", "")
    json_template = template.lstrip()[:1] in ("{", "[", '"')
    out: list[str] = []
    in_string = escaped = False
    position = 0
    while position < len(template):
        placeholder = _PLACEHOLDER.match(template, position) if template[position] == "<" else None
        if placeholder and placeholder.group(1) in values:
            where = ("json-string" if in_string else "json") if json_template else "text"
            out.append(_insert(values[placeholder.group(1)], where))
            position = placeholder.end()
            continue
        char = template[position]
        out.append(char)
        if escaped:
            escaped = False
        elif in_string and char == "\\":
            escaped = True
        elif char == '"':
            in_string = not in_string
        position += 1
    return "".join(out)
