"""DynamoDB condition and update expressions are parsed once per expression,
not on every request: the same answers as moto's (docs/local-runtime.md,
"Where the time goes"; test_speed_expressions.py compares them with moto's).

moto parses a ConditionExpression (and a FilterExpression) with a hand-written
lexer that compiles its patterns again for each character, and parses it twice
per conditional write: once to validate the request, once to check the item.
An UpdateExpression is parsed twice too. The labs write conditionally on every
event (an order's version, an idempotency record, a submission's status).

A condition's parse depends on the expression, its attribute names, and which
attribute values it names and of what type; never on a value itself (moto only
looks a value up and keeps it in the tree). So the tree is parsed once with a
stand-in for each value, kept, and each request gets a copy with its own
values in place. An expression that fails to parse is not kept: it fails on
every request with moto's error, as before."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

from moto.dynamodb.comparisons import AttributeValue

# Enough for every expression a lab or a learner's function uses; a client that
# builds a new expression per request (values written into the text) only
# stops being kept once this many are.
MAX_KEPT = 2048

_conditions: dict[tuple[Any, ...], tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}
_updates: dict[str, Any] = {}
_lock = threading.Lock()


class _Placeholder(str):
    """Stands for the value of the expression attribute value it names (":now")."""


def _key(expression: str, names: dict[str, str] | None, values: dict[str, dict[str, Any]] | None) -> tuple[Any, ...] | None:
    """What a parse depends on, or None when the request's shape is not one to keep."""
    try:
        typed = None if values is None else tuple(sorted((name, tuple(value)) for name, value in values.items()))
        key = (expression, None if names is None else tuple(sorted(names.items())), typed)
        hash(key)
    except (AttributeError, TypeError):
        return None  # malformed: moto answers it
    return key


def _with_values(node: Any, values: dict[str, dict[str, Any]] | None, seen: dict[int, Any]) -> Any:
    """A copy of the kept tree, each stand-in replaced by the request's value."""
    if id(node) in seen:
        return seen[id(node)]  # a node the tree holds twice (FuncAttrExists keeps its operand twice) stays one
    if isinstance(node, (str, int, float, Decimal, type(None))):
        return node  # never changed: a path's names and indexes, an operator's text
    if isinstance(node, AttributeValue) and isinstance(node.value, _Placeholder):
        result: Any = AttributeValue({node.type: values[node.value][node.type]})  # type: ignore[index]
    elif isinstance(node, list):
        result = [_with_values(child, values, seen) for child in node]
    elif isinstance(node, tuple):
        result = tuple(_with_values(child, values, seen) for child in node)
    elif hasattr(node, "__dict__") and not isinstance(node, type):
        result = object.__new__(type(node))
        seen[id(node)] = result
        result.__dict__.update({name: _with_values(child, values, seen) for name, child in vars(node).items()})
        return result
    else:
        result = node
    seen[id(node)] = result
    return result


def parse_condition(original: Any, self: Any) -> Any:
    expression = self.condition_expression
    names, values = self.expression_attribute_names, self.expression_attribute_values
    key = _key(expression, names, values) if expression else None
    if key is None:
        return original(self)
    kept = _conditions.get(key)
    if kept is None:
        stand_ins = None if values is None else {name: {kind: _Placeholder(name) for kind in value} for name, value in values.items()}
        parser = type(self)(expression, names, stand_ins)
        tree = original(parser)  # moto's errors, for an expression it refuses
        kept = (tree, tuple(parser.expr_attr_names_found), tuple(parser.expr_attr_values_found))
        with _lock:
            if len(_conditions) < MAX_KEPT:
                _conditions[key] = kept
    tree, names_found, values_found = kept
    self.expr_attr_names_found.extend(names_found)
    self.expr_attr_values_found.extend(values_found)
    return _with_values(tree, values, {})


def parse_update(original: Any, expression: str) -> Any:
    # The same tree serves every request: moto reads it (the names and values
    # it uses) and validates a deep copy of it (parsing/validators.py), which
    # it then fills in and applies. A copy here would cost more than a parse.
    kept = _updates.get(expression) if isinstance(expression, str) else None
    if kept is None:
        kept = original(expression)
        if isinstance(expression, str):
            with _lock:
                if len(_updates) < MAX_KEPT:
                    _updates[expression] = kept
    return kept
