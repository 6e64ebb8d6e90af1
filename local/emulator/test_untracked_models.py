"""Tests of local/emulator/untracked_models.py against moto in process: a model
object moto no longer refers to is freed, whether made directly or by moto's
own handling of an overwritten item. On unpatched moto its class's
`instances_tracked` still holds each one, so both tests fail there."""

from __future__ import annotations

import gc
import weakref

from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.sqs.models import Message

from emulator.conftest import ACCOUNT, REGION
from emulator.patching import check, install
from emulator.registry import core
from emulator.test_speed_streams import Api, table_spec

# This patch alone: the rest of core (IAM, dispatch, seeded ids) changes every service's tests.
UNTRACKED = tuple(patch for patch in core.PATCHES if patch.name == "__new__")
check(UNTRACKED)
install(UNTRACKED)


def test_a_model_object_nothing_refers_to_is_freed() -> None:
    message = Message("id-1", "a body")
    freed = weakref.ref(message)
    del message
    gc.collect()
    assert freed() is None


def test_an_overwritten_item_and_its_copies_are_freed() -> None:
    api = Api()
    assert api("dynamodb", "CreateTable", table_spec("untracked-items"))[0] == 200
    api("dynamodb", "PutItem", {"TableName": "untracked-items", "Item": {"id": {"S": "a"}, "n": {"N": "1"}}})
    table = dynamodb_backends[ACCOUNT][REGION].get_table("untracked-items")
    first = weakref.ref(table.get_item(DynamoType({"S": "a"})))

    for n in range(2, 12):  # reads copy the item, writes replace it
        assert api("dynamodb", "GetItem", {"TableName": "untracked-items", "Key": {"id": {"S": "a"}}})[0] == 200
        assert api("dynamodb", "PutItem", {"TableName": "untracked-items", "Item": {"id": {"S": "a"}, "n": {"N": str(n)}}})[0] == 200
    gc.collect()

    assert first() is None
    latest = table.get_item(DynamoType({"S": "a"}))
    assert latest is not None and latest.attrs["n"].value == "11"
