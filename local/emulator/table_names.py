"""CreateTable refuses a table name that DynamoDB refuses: 3 to 255
characters, each a letter, a digit, `_`, `-` or `.` (the DynamoDB developer
guide's naming rules; CreateTable's TableName in the API reference). moto
created a table of any name, so a name such as "t" worked offline and failed
on AWS. The answer is AWS's ValidationException, in its "N validation
error(s) detected" form. When both the pattern and the length fail, the
pattern comes first, as dynoxide (another emulator) records AWS answering;
that order was not checked against AWS here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from moto.dynamodb.exceptions import MockValidationException

_PATTERN = "[a-zA-Z0-9_.-]+"
_ALLOWED = re.compile(_PATTERN)


def name_problems(name: str) -> list[str]:
    """What is wrong with a new table's name, in AWS's words (empty: nothing)."""
    found = []
    if not _ALLOWED.fullmatch(name):
        found.append(f"Value '{name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: {_PATTERN}")
    if len(name) < 3:
        found.append(f"Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
    if len(name) > 255:
        found.append(f"Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255")
    return found


def create_table(create: Callable[[Any], Any], self: Any) -> Any:
    name = self.body.get("TableName")
    found = name_problems(name) if isinstance(name, str) else []  # a missing name is moto's to refuse
    if found:
        raise MockValidationException(f"{len(found)} validation error{'s' if len(found) > 1 else ''} detected: {'; '.join(found)}")
    return create(self)
