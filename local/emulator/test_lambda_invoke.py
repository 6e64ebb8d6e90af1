"""Tests of local/emulator/lambda_invoke.py against moto in process: Invoke
with InvocationType Event writes the event to the runtime's async inbox
(protocol.ts InboxItem); RequestResponse is answered by the runtime over HTTP,
with Lambda's 429 when the function's reserved concurrency is in use and a
function error when the runtime is down. Unpatched moto 5.2.5 would run the
function in Docker."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from moto.core.exceptions import JsonRESTError

from emulator import contract, lambda_invoke, registry

registry.install_service("lambda")


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """A stand-in for the runtime's POST /invoke: answers each request with the next reply queued in the list."""
    replies: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(replies.pop(0)).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(lambda_invoke, "RUNTIME_INVOKE_URL", f"http://127.0.0.1:{server.server_port}/invoke")
    yield replies
    server.shutdown()


def test_an_event_invocation_lands_in_the_async_inbox(new_function: Callable[..., Any]) -> None:
    function = new_function("async-fn")
    headers: dict[str, str] = {}
    assert function.invoke(json.dumps({"order": 1}), {"X-Amz-Invocation-Type": "Event"}, headers) == b""
    [path] = [p for p in contract.INBOX.glob("*.json") if headers["x-amzn-requestid"] in p.name]
    item = json.loads(path.read_text())
    assert (item["functionArn"], item["event"], item["source"], item["attempts"]) == (function.function_arn, {"order": 1}, "invoke", 0)


def test_a_request_response_invocation_returns_the_runtime_s_answer(new_function: Callable[..., Any], runtime: list[dict[str, Any]]) -> None:
    function = new_function("sync-fn")
    runtime.append({"ok": True, "payload": {"stored": True}})
    assert json.loads(function.invoke("{}", {}, {})) == {"stored": True}


def test_reserved_concurrency_in_use_answers_429(new_function: Callable[..., Any], runtime: list[dict[str, Any]]) -> None:
    function = new_function("busy-fn")
    runtime.append({"throttled": True})
    with pytest.raises(JsonRESTError) as raised:
        function.invoke("{}", {}, {})
    assert (raised.value.code, raised.value.error_type) == (429, "TooManyRequestsException")


def test_a_stopped_runtime_is_a_function_error_that_says_so(new_function: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    function = new_function("down-fn")
    monkeypatch.setattr(lambda_invoke, "RUNTIME_INVOKE_URL", "http://127.0.0.1:9/invoke")
    headers: dict[str, str] = {}
    error = json.loads(function.invoke("{}", {}, headers))
    assert headers["x-amz-function-error"] == "Unhandled"
    assert error["errorType"] == "Runtime.Unavailable" and "run make up" in error["errorMessage"]
