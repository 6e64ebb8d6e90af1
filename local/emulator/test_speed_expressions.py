"""Tests of local/emulator/speed_expressions.py against moto in process: the
same requests, with expressions kept and with moto parsing every one, get the
same answers: conditions that hold and fail with values that change from one
request to the next, updates, filters, and the errors of expressions moto
refuses. A speed patch changes no behaviour; the timing is in
docs/local-runtime.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator import registry, speed_expressions
from emulator.test_speed_streams import Api, table_spec

registry.install_service("dynamodb")


def S(text: str) -> dict[str, str]:
    return {"S": text}


def N(number: int) -> dict[str, str]:
    return {"N": str(number)}


def scenario(table: str) -> list[tuple[str, dict[str, Any]]]:
    """(action, body) in order; each write's outcome depends on the ones before it."""
    key = {"pk": S("order-1")}
    requests: list[tuple[str, dict[str, Any]]] = [
        ("PutItem", {"Item": {"pk": S("a"), "n": N(1)}, "ConditionExpression": "attribute_not_exists(pk)"}),
        ("PutItem", {"Item": {"pk": S("a"), "n": N(2)}, "ConditionExpression": "attribute_not_exists(pk)"}),  # fails
    ]
    # lab 2's versioned write: a later version wins, an earlier one fails.
    for version in (1, 3, 2, 5, 5):
        requests.append(
            (
                "PutItem",
                {
                    "Item": {**key, "version": N(version), "status": S("stored")},
                    "ConditionExpression": "attribute_not_exists(pk) OR #version < :version",
                    "ExpressionAttributeNames": {"#version": "version"},
                    "ExpressionAttributeValues": {":version": N(version)},
                },
            )
        )
    # An idempotency record's condition, its values changing with the clock.
    for now in (100, 200, 150):
        requests.append(
            (
                "PutItem",
                {
                    "Item": {"pk": S("idem"), "expiration": N(now + 60), "status": S("INPROGRESS")},
                    "ConditionExpression": "attribute_not_exists(#id) OR #expiry < :now OR (attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis AND #status = :inprogress)",
                    "ExpressionAttributeNames": {"#id": "pk", "#expiry": "expiration", "#in_progress_expiry": "in_progress_expiration", "#status": "status"},
                    "ExpressionAttributeValues": {":now": N(now), ":now_in_millis": N(now * 1000), ":inprogress": S("INPROGRESS")},
                },
            )
        )
    # Updates with a condition on the status, the counter growing.
    for status in ("stored", "stored", "done", "stored"):
        requests.append(
            (
                "UpdateItem",
                {
                    "Key": key,
                    "UpdateExpression": "SET #s = :next, retries = if_not_exists(retries, :zero) + :one",
                    "ConditionExpression": "#s = :expected",
                    "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": {":next": S("done" if status == "stored" else "stored"), ":expected": S(status), ":zero": N(0), ":one": N(1)},
                    "ReturnValues": "ALL_NEW",
                },
            )
        )
    # Lab 4's analytics: ADD to a number and a string set, unless this part was counted.
    for part in ("p1", "p2", "p1"):
        requests.append(
            (
                "UpdateItem",
                {
                    "Key": {"pk": S("window")},
                    "UpdateExpression": "ADD message_count :n, parts :part SET window_end = :end",
                    "ConditionExpression": "attribute_not_exists(parts) OR NOT contains(parts, :p)",
                    "ExpressionAttributeValues": {":n": N(3), ":part": {"SS": [part]}, ":p": S(part), ":end": S("2026-12-06T10:00:10Z")},
                    "ReturnValues": "UPDATED_NEW",
                },
            )
        )
    # One placeholder, a number in one request and a string in the next.
    for value in (N(2), S("2")):
        requests.append(("PutItem", {"Item": {"pk": S("typed"), "v": value}, "ConditionExpression": "attribute_not_exists(v) OR v <> :v", "ExpressionAttributeValues": {":v": value}}))
    # Filters.
    requests += [
        ("Scan", {"FilterExpression": "n BETWEEN :a AND :b", "ExpressionAttributeValues": {":a": N(0), ":b": N(5)}}),
        ("Scan", {"FilterExpression": "begins_with(#s, :x) AND size(pk) > :z", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":x": S("st"), ":z": N(3)}}),
        ("Scan", {"FilterExpression": "#s IN (:a, :b)", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":a": S("done"), ":b": S("INPROGRESS")}}),
        ("Scan", {"FilterExpression": "#s IN (:a, :b)", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":a": S("stored"), ":b": S("none")}}),
    ]
    # What moto refuses, refused alike, twice (the second would hit a kept parse).
    for _ in range(2):
        requests += [
            ("PutItem", {"Item": {"pk": S("bad")}, "ConditionExpression": "attribute_not_exists("}),
            ("PutItem", {"Item": {"pk": S("bad")}, "ConditionExpression": "status = :s", "ExpressionAttributeValues": {":s": S("x")}}),  # a reserved word
            ("PutItem", {"Item": {"pk": S("bad")}, "ConditionExpression": "attribute_not_exists(pk)", "ExpressionAttributeValues": {":unused": S("x")}}),
            ("PutItem", {"Item": {"pk": S("bad")}, "ConditionExpression": "pk = :missing", "ExpressionAttributeValues": {":other": S("x")}}),
            ("PutItem", {"Item": {"pk": S("bad")}, "ConditionExpression": "pk = :missing"}),
            ("UpdateItem", {"Key": {"pk": S("bad")}, "UpdateExpression": "SET = :v", "ExpressionAttributeValues": {":v": S("x")}}),
            ("UpdateItem", {"Key": {"pk": S("bad")}, "UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":w": S("x")}}),
        ]
    return [(action, {"TableName": table, **body}) for action, body in requests]


def run(api: Api, table: str) -> list[tuple[int, Any]]:
    api("dynamodb", "CreateTable", table_spec(table, key="pk"))
    answers: list[tuple[int, Any]] = []
    for action, body in scenario(table):
        try:
            status, _, text = api("dynamodb", action, body)
        except Exception as error:  # moto lets a few parse errors escape (a 500 when served)
            answers.append((500, f"{type(error).__name__}: {error}".replace(table, "TABLE")))
            continue
        answer = json.loads(text.replace(table, "TABLE")) if text else None
        if isinstance(answer, dict) and action == "Scan":
            answer["Items"] = sorted(answer.get("Items", []), key=json.dumps)
        answers.append((status, answer))
    return answers


def test_every_answer_is_moto_s_with_expressions_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    api = Api()
    speed_expressions._conditions.clear()
    speed_expressions._updates.clear()
    kept = run(api, "expressions-kept")
    assert len(speed_expressions._conditions) >= 6 and len(speed_expressions._updates) >= 2, "the expressions were kept"

    monkeypatch.setattr(speed_expressions, "_key", lambda *args: None)  # moto parses every condition
    monkeypatch.setattr(speed_expressions, "MAX_KEPT", 0)
    speed_expressions._updates.clear()  # and every update
    parsed = run(api, "expressions-parsed")
    assert not speed_expressions._updates

    assert kept == parsed
    statuses = [status for status, _ in kept]
    assert statuses.count(200) >= 15 and statuses.count(400) >= 12, statuses  # conditions held and failed, errors refused


def test_a_kept_condition_gets_each_request_s_values() -> None:
    from moto.dynamodb.comparisons import create_condition_expression_parser
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    expression, names = "#v < :version", {"#v": "version"}
    item = Item(hash_key=DynamoType({"S": "k"}), range_key=None, attrs={"version": {"N": "3"}})
    outcomes = [create_condition_expression_parser(expression, names, {":version": N(v)}).parse().expr(item) for v in (2, 4, 3, 10)]
    assert outcomes == [False, True, False, True]
