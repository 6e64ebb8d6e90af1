"""Lines for the instance's trace (.streamlab/<instance>/trace.jsonl), written by
the emulator where it, not the runtime, refuses something: an SNS delivery a
queue or function policy does not allow, and a role's call IAM denies. The
runtime writes the same file; `make trace` shows both. Each line is one
O_APPEND write, so the two writers never interleave within a line."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from typing import Any

from .persistence.store import replaying

TRACE_FILE = os.environ.get("STREAMLAB_TRACE", "")


def emit(kind: str, **fields: Any) -> None:
    """Appends one event ({"time", "kind", ...fields}); does nothing without STREAMLAB_TRACE."""
    if not TRACE_FILE or replaying():
        return
    time = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    line = json.dumps({"time": time, "kind": kind, **{k: v for k, v in fields.items() if v is not None}}) + "\n"
    fd = os.open(TRACE_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)
