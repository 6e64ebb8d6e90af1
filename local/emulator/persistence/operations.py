"""Which requests change the emulator's state, read from the request as moto
routes it: the X-Amz-Target of the JSON protocols, the Action of the query
protocols, else the REST method."""

from __future__ import annotations

import re
from typing import Any, Literal

Kind = Literal["change", "read", "apart"]

# Names of actions that only read (or compute): never journaled.
_READ_PREFIXES = ("Get", "List", "Describe", "Query", "Scan", "BatchGet", "TransactGet", "Head", "Search", "Lookup", "Filter", "Test", "Simulate", "Select", "Validate", "Check", "Preview", "Estimate", "Decrypt", "Encrypt", "GenerateDataKey", "GenerateRandom", "Sign", "Verify", "Poll")
# Stream reads see only what is journaled (store.py runs them under its lock):
# a stream record the runtime read, checkpointed and then lost in a crash
# would make it skip the record that takes the same sequence number next.
_LOCKED_READS = {"GetRecords", "GetShardIterator"}
# Never journaled, and never holding the lock: the local runtime runs an
# Invoke, and a synchronous one may call back into the emulator while it
# waits. An Event invocation is already on disk (the inbox) when it is
# acknowledged. A ReceiveMessage journals each receive that took or moved a
# message (atomic.py), never its long wait.
_APART = {"Invoke", "InvokeAsync", "InvokeWithResponseStream", "ReceiveMessage"}
_ACTION = re.compile(rb"(?:^|&)Action=([A-Za-z0-9]+)")
_INVOKE_PATH = re.compile(r"/functions/[^/]+/(?:invocations|invoke-async|response-streaming-invocations)$")


def action_of(environ: dict[str, Any], body: bytes) -> str | None:
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return str(target).rsplit(".", 1)[-1]
    for text in (environ.get("QUERY_STRING", "").encode(), body if "form-urlencoded" in environ.get("CONTENT_TYPE", "") else b""):
        match = _ACTION.search(text)
        if match:
            return match.group(1).decode()
    return None


def kind_of(environ: dict[str, Any], body: bytes) -> tuple[Kind, str, bool]:
    """(kind, action or "METHOD path", whether a read must wait for changes in flight)."""
    path = environ.get("PATH_INFO", "")
    if path.startswith("/_streamlab/"):
        return "apart", path, False
    action = action_of(environ, body)
    if action:
        if action in _APART:
            return "apart", action, False
        if action in _LOCKED_READS:
            return "read", action, True
        return ("read" if action.startswith(_READ_PREFIXES) else "change"), action, False
    method = environ.get("REQUEST_METHOD", "GET")
    name = f"{method} {path}"
    if method in ("GET", "HEAD", "OPTIONS"):
        return "read", name, False
    if _INVOKE_PATH.search(path):
        return "apart", name, False
    return "change", name, False
