"""Tests of local/emulator/table_names.py against moto in process: CreateTable
refuses a name DynamoDB refuses, with AWS's ValidationException, and accepts
every name AWS accepts. Unpatched moto creates "t" and "a b", so the refusals
fail there."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator import registry
from emulator.test_speed_streams import Api, table_spec

registry.install_service("dynamodb")


def create(api: Api, name: str) -> tuple[int, dict[str, Any]]:
    status, _, body = api("dynamodb", "CreateTable", table_spec(name))
    return status, json.loads(body)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("t", "1 validation error detected: Value 't' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        ("a b", "1 validation error detected: Value 'a b' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (
            "é",
            "2 validation errors detected: Value 'é' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            "Value 'é' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        ),
        ("x" * 256, f"1 validation error detected: Value '{'x' * 256}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"),
    ],
)
def test_a_name_dynamodb_refuses_gets_its_validation_error(name: str, message: str) -> None:
    status, body = create(Api(), name)
    assert status == 400
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ValidationException"
    assert body["message"] == message


@pytest.mark.parametrize("name", ["abc", "Lab_1-messages.v2", "x" * 255])
def test_a_name_dynamodb_accepts_makes_a_table(name: str) -> None:
    status, body = create(Api(), name)
    assert status == 200, body
    assert body["TableDescription"]["TableName"] == name
