"""DynamoDB update expressions are validated with the same steps as moto's, on
a quicker copy of the tree and with fewer type checks per node: the same
answers (test_speed_update_validation.py compares them with moto's).

moto validates each UpdateItem's expression on a copy of its parsed tree
(speed_expressions.py keeps one parse per expression), then runs ten
processors over the copy, each visiting every node. In process, lab 3's
`completeSubmission` update (six SETs and a condition) cost 1.8 ms, and most
of it was here (docs/local-runtime.md, "Where the time goes"):

- `copy.deepcopy` of the tree: about a quarter. Its generic machinery
  (`__reduce_ex__`, a state dict per object) is slow for plain objects;
  `tree_copy` makes the same copy, object by object.
- Each processor asking, for each node, whether the node is a `Node` and
  whether it is one of the processor's types: a new tuple and an abstract
  base class check each time. The answers depend only on the two classes,
  so `traverse_node_recursively` keeps them.
- Three of the ten processors check the expression alone: one clause of each
  kind, no two paths that overlap, no key attribute updated. They read the
  tree, its attribute names and the table's key attributes, raise or change
  nothing, so once they pass for an expression (moto's one parse of it,
  speed_expressions.py), its names and the table's keys, `validate` runs the
  other seven. A check that fails is never kept: it fails again, with moto's
  error, on every request."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from moto.dynamodb.parsing.ast_nodes import Node  # type: ignore[attr-defined]  # moto's module is untyped
from moto.dynamodb.parsing.validators import ActionCountValidator, OverlappingPathsValidator, UpdateHashRangeKeyValidator

_IMMUTABLE = (str, int, float, bool, Decimal, type(None))  # deepcopy returns these as they are


def _plain_node(kind: type) -> bool:
    """A tree node that deepcopy would copy attribute by attribute: it says nothing else about copying."""
    return (
        issubclass(kind, Node)
        and not hasattr(kind, "__slots__")
        and getattr(kind, "__deepcopy__", None) is None
        and kind.__reduce_ex__ is object.__reduce_ex__
        and kind.__reduce__ is object.__reduce__
        and getattr(kind, "__getstate__", None) in (None, getattr(object, "__getstate__", None))
        and getattr(kind, "__setstate__", None) is None
    )


_plain_kinds: dict[type, bool] = {}


def tree_copy(x: Any, memo: dict[int, Any] | None = None, _nil: Any = None) -> Any:
    """copy.deepcopy for a parsed expression's tree: the same copy (shared nodes
    stay shared, parent links point into the copy). What is not a tree node, a
    list, a tuple, a dict or an immutable value is handed to copy.deepcopy."""
    if isinstance(x, _IMMUTABLE):
        return x
    if memo is None:
        memo = {}
    found = memo.get(id(x), memo)
    if found is not memo:
        return found
    kind = type(x)
    if kind is list:
        result: Any = []
        memo[id(x)] = result
        result.extend(tree_copy(item, memo) for item in x)
    elif kind is dict:
        result = {}
        memo[id(x)] = result
        for key, value in x.items():
            result[tree_copy(key, memo)] = tree_copy(value, memo)
    elif kind is tuple:
        result = tuple(tree_copy(item, memo) for item in x)
        memo[id(x)] = result
    else:
        plain = _plain_kinds.get(kind)
        if plain is None:
            plain = _plain_kinds[kind] = _plain_node(kind)
        if not plain:
            return copy.deepcopy(x, memo)
        result = object.__new__(kind)
        memo[id(x)] = result
        result.__dict__.update({name: tree_copy(value, memo) for name, value in x.__dict__.items()})
    return result


_is_node: dict[type, bool] = {}
_wants: dict[tuple[type, type], bool] = {}


def traverse_node_recursively(self: Any, node: Any, child_id: int = -1) -> Any:
    """moto's DepthFirstTraverser.traverse_node_recursively, with its two type
    checks answered once per pair of classes (every processor's
    `nodes_to_be_processed` is its class's `_processing_map` keys)."""
    kind = type(node)
    is_node = _is_node.get(kind)
    if is_node is None:
        is_node = _is_node[kind] = isinstance(node, Node)
    if not is_node:
        return node
    parent_node = node.parent
    if node.children is not None:
        for i, child_node in enumerate(node.children):
            self.pre_processing_of_child(node, i)
            self.traverse_node_recursively(child_node, i)
    pair = (type(self), kind)
    wanted = _wants.get(pair)
    if wanted is None:
        wanted = _wants[pair] = isinstance(node, self.nodes_to_be_processed())
    if wanted:
        node = self.process(node)
        node.parent = parent_node
        if parent_node:
            parent_node.children[child_id] = node
    return node


_EXPRESSION_CHECKS = (ActionCountValidator, OverlappingPathsValidator, UpdateHashRangeKeyValidator)
MAX_PASSED = 2048  # as many as speed_expressions keeps parses
_passed: dict[tuple[Any, ...], Any] = {}  # (id of the parse, names, key attributes) -> the parse, so that its id stays its own


def remember_expression(original: Any, self: Any, expression: Any, *args: Any, **kwargs: Any) -> None:
    """moto's Validator keeps only a copy of the expression; its checks are remembered by the parse itself."""
    original(self, expression, *args, **kwargs)
    self.streamlab_expression = expression


def _passed_key(validator: Any) -> tuple[Any, ...] | None:
    try:
        names = tuple(sorted((validator.expression_attribute_names or {}).items()))
        key = (id(validator.streamlab_expression), names, tuple(validator.table.table_key_attrs))
        hash(key)
    except (AttributeError, TypeError):
        return None  # malformed names: moto answers
    return key


def validate(original: Any, self: Any) -> Any:
    """moto's Validator.validate, without the expression-only checks once they passed for this expression, names and table."""
    checks = [processor for processor in self.processors if isinstance(processor, _EXPRESSION_CHECKS)]
    key = _passed_key(self)
    if key is None or not checks or self.processors[: len(checks)] != checks:
        return original(self)  # not the processors this was written for (moto runs the checks first)
    expression = self.streamlab_expression
    if _passed.get(key) is not expression:
        for check in checks:
            self.node_to_validate = check.traverse(self.node_to_validate)
        if len(_passed) < MAX_PASSED:
            _passed[key] = expression
    self.processors = self.processors[len(checks) :]
    return original(self)
