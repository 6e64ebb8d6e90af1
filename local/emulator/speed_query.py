"""DynamoDB Query reads only the items of its partition: the same answers as
moto's, without sorting the whole table first (docs/local-runtime.md, "Where
the time goes"; test_speed_query.py compares them with moto's)."""

from __future__ import annotations

import threading
from typing import Any

# moto answers every Query from Table.all_items(), which sorts every item of
# the table by its key (Decimal comparisons in Python) before the query looks
# at one. Lab 3's stale-message processor queries a GSI for 'pending'
# submissions: 134 ms per run with 8,300 submissions after a bench, and every
# 3 s on a test instance. Here the query sees only the items that can match:
# the key's partition for a table query, or the items whose index partition
# key attributes equal the query's (moto's own test, without the sort) for an
# index query. moto then filters, sorts and pages them exactly as before.
_narrowed = threading.local()


# A string's or a binary's cast value is its value (DynamoType.cast_value).
_CAST_IS_VALUE = frozenset({"S", "B"})


def _key_order(item: Any) -> Any:
    # Table.all_items()'s order, kept for the subset.
    return (item.hash_key, item.range_key) if item.range_key else item.hash_key


def _candidates(table: Any, hash_key: Any, index_name: str | None, hash_key_conditions: list[tuple[str, Any]] | None) -> list[Any] | None:
    """The items the query can match, in all_items() order; None when moto's path must run as it is."""
    if index_name is None:
        if hash_key is None:
            return None
        partition = table.items.get(hash_key)  # keyed by DynamoType: its hash and equality are moto's (type, cast value)
        if partition is None:
            return []
        return sorted(partition.values(), key=_key_order) if table.range_key_attr else [partition]
    if not hash_key_conditions:
        return None
    found = []
    for partition in table.items.values():
        for item in partition.values() if table.range_key_attr else (partition,):
            for name, expected in hash_key_conditions:
                value = item.attrs.get(name)
                if value is None:
                    break
                if expected.type in _CAST_IS_VALUE:  # compared without building cast values
                    if value.type != expected.type or value.value != expected.value:
                        break
                elif value != expected:  # moto's test (a number's cast value is a Decimal)
                    break
            else:
                found.append(item)
    return sorted(found, key=_key_order)


def all_items(original: Any, self: Any) -> Any:
    narrowed = getattr(_narrowed, "items", None)
    if narrowed is not None and narrowed[0] is self:
        return list(narrowed[1])
    return original(self)


def query(original: Any, self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
    index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
    candidates = _candidates(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
    if candidates is None:
        return original(self, hash_key, *args, **kwargs)
    _narrowed.items = (self, candidates)
    try:
        return original(self, hash_key, *args, **kwargs)
    finally:
        _narrowed.items = None
