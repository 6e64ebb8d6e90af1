"""Tests of local/emulator/speed_update_validation.py against moto in process:
its copy of a parsed update expression is deepcopy's, and the same requests
get the same answers with it as with moto's own copy and traversal, updates
that succeed and updates moto refuses. A speed patch changes no behaviour;
the timing is in docs/local-runtime.md."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from moto.dynamodb.parsing import validators
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node  # type: ignore[attr-defined]  # moto's module is untyped
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]  # moto's own import says so too

from emulator import registry, speed_update_validation
from emulator.conftest import motos_own
from emulator.registry import dynamodb as dynamodb_patches
from emulator.test_speed_expressions import N, S, run
from emulator.test_speed_streams import Api, table_spec

registry.install_service("dynamodb")

EXPRESSIONS = [
    "SET #s = :completed, prediction_result = :p, confidence_score = :c, completed_at = :now",
    "SET a.b[2].c = if_not_exists(a.b[2].c, :zero) + :one, l = list_append(l, :more) REMOVE x, y[0]",
    "ADD #n :one, #t :set DELETE #o :gone",
]


def _same_tree(ours: Any, theirs: Any, original: Any, seen: dict[int, int]) -> None:
    """ours and theirs are alike, object for object, and neither shares a node or a list with the original."""
    assert type(ours) is type(theirs)
    if isinstance(ours, (list, tuple)):
        if isinstance(ours, list):
            assert ours is not original
        assert len(ours) == len(theirs)
        for a, b, o in zip(ours, theirs, original, strict=True):
            _same_tree(a, b, o, seen)
    elif isinstance(ours, Node):
        assert ours is not original, "a node of the original tree"
        if id(ours) in seen:
            assert seen[id(ours)] == id(theirs), "a node shared in one copy and not the other"
            return
        seen[id(ours)] = id(theirs)
        assert ours.__dict__.keys() == theirs.__dict__.keys()
        for name in ours.__dict__:
            if name != "parent":  # parent links: the test walks them
                _same_tree(ours.__dict__[name], theirs.__dict__[name], original.__dict__[name], seen)
    else:
        assert ours == theirs


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_tree_copy_makes_deepcopy_s_copy(expression: str) -> None:
    tree = UpdateExpressionParser.make(expression)
    ours, theirs = speed_update_validation.tree_copy(tree), copy.deepcopy(tree)
    _same_tree(ours, theirs, tree, {})
    for node in (ours, theirs):  # the copies' parent links point into the copies
        stack = [node]
        while stack:
            current = stack.pop()
            for child in current.children or []:
                if isinstance(child, Node):
                    assert child.parent is current or child.parent is None
                    stack.append(child)


def update_scenario(table: str) -> list[tuple[str, dict[str, Any]]]:
    """Updates the labs do not make: nested paths, lists, sets, functions, and what moto refuses."""
    key = {"pk": S("u")}
    requests: list[tuple[str, dict[str, Any]]] = [
        ("PutItem", {"Item": {**key, "a": {"M": {"b": {"L": [N(0), N(1), {"M": {"c": N(5)}}]}}}, "l": {"L": [S("x")]}, "x": S("gone"), "y": {"L": [N(1), N(2)]}, "old": {"SS": ["k", "gone"]}}}),
    ]
    for _ in range(2):
        requests += [
            ("UpdateItem", {"Key": key, "UpdateExpression": EXPRESSIONS[1], "ExpressionAttributeValues": {":zero": N(0), ":one": N(1), ":more": {"L": [S("y")]}}, "ReturnValues": "ALL_NEW"}),
            (
                "UpdateItem",
                {
                    "Key": key,
                    "UpdateExpression": EXPRESSIONS[2],
                    "ExpressionAttributeNames": {"#n": "n", "#t": "tags", "#o": "old"},
                    "ExpressionAttributeValues": {":one": N(1), ":set": {"SS": ["t1", "t2"]}, ":gone": {"SS": ["gone"]}},
                    "ReturnValues": "UPDATED_OLD",
                },
            ),
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET #s = :v", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":v": S("done")}, "ReturnValues": "ALL_OLD"}),
            ("UpdateItem", {"Key": {"pk": S("new")}, "UpdateExpression": "SET n = if_not_exists(n, :zero) + :one", "ExpressionAttributeValues": {":zero": N(0), ":one": N(1)}, "ReturnValues": "ALL_NEW"}),
            # What moto refuses: the key, overlapping paths, two SET clauses, a missing path, a string plus a number, ADD to a string.
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": S("other")}}),
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET a = :v, a.b = :v", "ExpressionAttributeValues": {":v": S("x")}}),
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET a = :v SET b = :v", "ExpressionAttributeValues": {":v": S("x")}}),
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET q = nothing.here + :one", "ExpressionAttributeValues": {":one": N(1)}}),
            ("UpdateItem", {"Key": key, "UpdateExpression": "SET l = :s + :one", "ExpressionAttributeValues": {":s": S("x"), ":one": N(1)}}),
            ("UpdateItem", {"Key": key, "UpdateExpression": "ADD #s :one", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":one": N(1)}}),
        ]
    return [(action, {"TableName": table, **body}) for action, body in requests]


def run_updates(table: str) -> list[tuple[int, Any]]:
    api = Api()
    api("dynamodb", "CreateTable", table_spec(table, key="pk"))
    answers: list[tuple[int, Any]] = []
    for action, body in update_scenario(table):
        status, _, text = api("dynamodb", action, body)
        answers.append((status, json.loads(text.replace(table, "TABLE")) if text else None))
    return answers


def test_every_answer_is_moto_s_with_the_quick_copy_and_traversal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert validators.deepcopy is speed_update_validation.tree_copy, "the patch is installed"
    assert DepthFirstTraverser.traverse_node_recursively is speed_update_validation.traverse_node_recursively
    quick = (run(Api(), "validated-quickly"), run_updates("updated-quickly"))

    assert speed_update_validation._passed, "expressions whose checks passed were kept"
    speed_update_validation._wants.clear()
    speed_update_validation._passed.clear()
    monkeypatch.setattr(validators.Validator, "validate", motos_own(dynamodb_patches.PATCHES, "validate"))
    monkeypatch.setattr(validators, "deepcopy", copy.deepcopy)
    monkeypatch.setattr(DepthFirstTraverser, "traverse_node_recursively", motos_own(dynamodb_patches.PATCHES, "traverse_node_recursively"))
    moto_s = (run(Api(), "validated-by-moto"), run_updates("updated-by-moto"))
    assert not speed_update_validation._wants, "moto's own traversal ran"
    assert not speed_update_validation._passed, "moto's own validate ran"

    assert quick == moto_s
    statuses = [status for status, _ in quick[1]]
    assert statuses.count(200) >= 9 and statuses.count(400) >= 10, statuses  # updates made, and refused


def test_the_expression_only_checks_run_once_per_expression_names_and_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """They run for an expression's first update and not again, unless its names change; an expression they refuse is refused every time."""
    ran: list[str] = []

    def counted(traverse: Any) -> Any:
        def traverse_counted(self: Any, node: Any) -> Any:
            ran.append(type(self).__name__)
            return traverse(self, node)

        return traverse_counted

    for check in speed_update_validation._EXPRESSION_CHECKS:
        monkeypatch.setattr(check, "traverse", counted(check.traverse))
    api = Api()
    api("dynamodb", "CreateTable", table_spec("checked-once", key="pk"))

    def update(expression: str, names: dict[str, str]) -> int:
        ran.clear()
        body = {"TableName": "checked-once", "Key": {"pk": S("k")}, "UpdateExpression": expression, "ExpressionAttributeNames": names, "ExpressionAttributeValues": {":v": S("x")}}
        return api("dynamodb", "UpdateItem", body)[0]

    assert update("SET #a = :v", {"#a": "a"}) == 200  # a new item: moto validates twice, the checks run once
    assert ran == ["ActionCountValidator", "OverlappingPathsValidator", "UpdateHashRangeKeyValidator"]
    assert (update("SET #a = :v", {"#a": "a"}), ran) == (200, [])
    assert update("SET #a = :v", {"#a": "pk"}) == 400  # the same expression naming the key: checked, and refused
    assert (update("SET #a = :v", {"#a": "pk"}), len(ran)) == (400, 3)  # and again
