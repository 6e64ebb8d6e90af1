"""The emulator's side of its contract with the local runtime. The spec is
local/runtime/protocol.ts: the ports, the nudge datagram and the inbox file
are written as that file describes them. local/up.sh hands every port over
(local/ports.sh lays them out), so none is computed here."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"{name} is not set: start the emulator with local/up.sh (make up)")
    return value


PORT = int(os.environ.get("STREAMLAB_PORT", "4566"))
NUDGE_PORT = int(_required("STREAMLAB_NUDGE_PORT"))
RUNTIME_PORT = int(_required("STREAMLAB_RUNTIME_PORT"))
# The lab console, whose /confirmation.html a confirmation email links to, as AWS links to its own page.
CONSOLE_URL = _required("STREAMLAB_CONSOLE_URL")
OUTBOX = Path(os.environ.get("STREAMLAB_OUTBOX", "outbox")).resolve()
INBOX = Path(os.environ.get("STREAMLAB_INBOX", "inbox")).resolve()
RUNTIME_INVOKE_URL = f"http://127.0.0.1:{RUNTIME_PORT}/invoke"  # protocol.ts INVOKE_PATH
RUNTIME_PROVISIONED_URL = f"http://127.0.0.1:{RUNTIME_PORT}/_streamlab/provisioned"  # protocol.ts PROVISIONED_PATH
HOP_COUNTS_PATH = "/_streamlab/hop-counts"  # protocol.ts HOP_COUNTS_PATH, served by hop_counts.py
CODE_PATH = "/_streamlab/code"  # Code.Location of a function or layer, served by lambda_code.py
URL_AUTH_PATH = "/_streamlab/function-url-auth"  # protocol.ts URL_AUTH_PATH, served by function_url_auth.py
CONFIG_GENERATION_PATH = "/_streamlab/config-generation"  # protocol.ts CONFIG_GENERATION_PATH, served by nudges.py
ALARM_READS_PATH = "/_streamlab/alarm-reads"  # protocol.ts ALARM_READS_PATH, served by alarm_reads.py
MAPPING_POLL_HEADER = "x-streamlab-event-source-mapping"  # protocol.ts MAPPING_POLL_HEADER, read by sqs_mapping_polls.py


def serving_json(app: Any, path: str, answer: Callable[[], Any]) -> Any:
    """The WSGI app with GET `path` answered by answer() as JSON (the runtime's and the console's reads)."""

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "GET":
            return app(environ, start_response)
        body = json.dumps(answer()).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return route


def serving_json_post(app: Any, path: str, answer: Callable[[Any], Any]) -> Any:
    """The WSGI app with POST `path` answered by answer(the request's JSON body) as JSON (the runtime's asks)."""

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST":
            return app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.dumps(answer(json.loads(environ["wsgi.input"].read(length) or b"{}"))).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return route


def _replaying() -> bool:
    # Imported here: this module is also read by the server's supervisor
    # (__main__.py), which must not import moto (persistence imports it).
    from .persistence.store import replaying

    return replaying()


_nudge_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
_nudge_socket.setblocking(False)


def nudge(kind: str, arn: str) -> None:
    """"<kind> <arn>" (protocol.ts Nudge): `arn` has news. Fire and forget: a lost
    nudge only means the runtime's slow safety-net poll picks the data up instead."""
    if _replaying():
        return
    try:
        _nudge_socket.sendto(f"{kind} {arn}".encode(), ("127.0.0.1", NUDGE_PORT))
    except OSError:
        pass


def enqueue_async(function_arn: str, event: Any, source: str) -> str:
    """Writes an asynchronous invocation to the inbox (protocol.ts InboxItem), atomically, and nudges the runtime.
    A replayed one was written when it was first acknowledged."""
    if _replaying():
        return "replayed"
    INBOX.mkdir(parents=True, exist_ok=True)
    request_id = str(uuid.uuid4())
    now_ms = int(datetime.now(timezone.utc).timestamp() * 1000)
    item = {"id": request_id, "functionArn": function_arn, "event": event, "source": source, "enqueuedAt": now_ms, "attempts": 0, "notBefore": now_ms}
    path = INBOX / f"{now_ms:015d}-{request_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(item))
    tmp.rename(path)
    nudge("async", function_arn)
    return request_id
