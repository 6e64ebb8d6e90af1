"""The snapshot file: a header line (format, moto version, generation), the
pickled state, and a SHA-256 of both. It is written to a temporary file,
fsync'd and renamed, so the file a restart finds is always a whole one; a
damaged one (a copy cut short, a flipped byte) fails its checksum."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import moto

from .journal import IncompatibleState

FORMAT = "streamlab-state/1"


class DamagedState(Exception):
    """A snapshot that is not whole: the store falls back to an older one."""


def _signature() -> dict[str, str]:
    # A pickle of moto's objects is only readable by the same moto and Python.
    return {"format": FORMAT, "moto": moto.__version__, "python": f"{sys.version_info.major}.{sys.version_info.minor}"}


def write(path: Path, generation: int, body: bytes) -> None:
    header = json.dumps({**_signature(), "generation": generation, "written": datetime.now(timezone.utc).isoformat(timespec="seconds")}).encode() + b"\n"
    digest = hashlib.sha256(header + body).digest()
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(header)
        out.write(body)
        out.write(digest)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def read_header(path: Path) -> dict[str, Any]:
    with open(path, "rb") as source:
        line = source.readline(4096)
    try:
        header = json.loads(line)
    except ValueError as error:
        raise DamagedState(f"{path.name}: no readable header") from error
    check_compatible(path, header)
    return dict(header)


def check_compatible(path: Path, header: dict[str, Any]) -> None:
    mine = _signature()
    theirs = {key: str(header.get(key)) for key in mine}
    if theirs != mine:
        raise IncompatibleState(
            f"{path} was saved by {theirs['format']} (moto {theirs['moto']}, Python {theirs['python']}) and this emulator "
            f"reads {mine['format']} (moto {mine['moto']}, Python {mine['python']}): run `make forget` to start this instance empty"
        )


def read(path: Path) -> tuple[dict[str, Any], bytes]:
    data = path.read_bytes()
    newline = data.find(b"\n")
    if newline < 0 or len(data) < newline + 1 + 32:
        raise DamagedState(f"{path.name} is cut short ({len(data)} bytes)")
    header_line, body, digest = data[: newline + 1], data[newline + 1 : -32], data[-32:]
    try:
        header = json.loads(header_line)
    except ValueError as error:
        raise DamagedState(f"{path.name}: no readable header") from error
    check_compatible(path, header)
    if hashlib.sha256(header_line + body).digest() != digest:
        raise DamagedState(f"{path.name} fails its checksum ({len(data)} bytes): cut short or damaged")
    return header, body
