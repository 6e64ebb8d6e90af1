"""The journal file: one record per acknowledged change, appended in the order
the changes were made. A record is its length, its CRC-32 and its pickled
body, so a record torn by a crash (a short or damaged tail) is recognised and
everything before it is kept."""

from __future__ import annotations

import os
import pickle
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"streamlab-journal/1\n"
_FRAME = struct.Struct(">II")  # body length, CRC-32 of the body


class IncompatibleState(Exception):
    """A state file written by another format version: refused, with what to do."""


def encode(record: dict[str, Any]) -> bytes:
    body = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(body), zlib.crc32(body)) + body


@dataclass
class Scan:
    records: list[dict[str, Any]]
    good_bytes: int  # the file up to the end of its last good record
    torn_bytes: int  # what follows it: a record cut short by a crash, or damage


def scan(path: Path) -> Scan:
    """Every good record of a journal file, in order, and where its good part ends."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        if data.startswith(b"streamlab-journal/") and b"\n" in data:
            version = data.split(b"\n", 1)[0].decode(errors="replace")
            raise IncompatibleState(f"{path} is {version}, this emulator reads {MAGIC.decode().strip()}")
        return Scan([], 0, len(data))  # a header torn on creation: nothing was recorded yet
    records: list[dict[str, Any]] = []
    offset = len(MAGIC)
    while offset + _FRAME.size <= len(data):
        length, crc = _FRAME.unpack_from(data, offset)
        end = offset + _FRAME.size + length
        body = data[offset + _FRAME.size : end]
        if end > len(data) or zlib.crc32(body) != crc:
            break
        try:
            records.append(pickle.loads(body))
        except Exception:
            break
        offset = end
    return Scan(records, offset, len(data) - offset)


class Journal:
    """An open journal file, appended to with one write() per record."""

    def __init__(self, path: Path, *, sync: bool, good_bytes: int | None = None) -> None:
        self.path = path
        self.sync = sync
        if good_bytes is not None and good_bytes < path.stat().st_size:
            os.truncate(path, good_bytes)  # a torn tail goes before anything is appended after it
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.fstat(self._fd).st_size == 0:
            os.write(self._fd, MAGIC)
        self.records = 0

    def append(self, record: dict[str, Any]) -> None:
        os.write(self._fd, encode(record))
        if self.sync:
            os.fdatasync(self._fd)
        self.records += 1

    def close(self) -> None:
        os.close(self._fd)
