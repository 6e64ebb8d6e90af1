"""The WSGI layer that journals every request that changes state (store.py),
and serves the store's own endpoint (STATE_PATH)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from . import store
from .operations import kind_of

StartResponse = Callable[..., Any]
# What a replay needs to route a request as moto routed it (the process
# environment granian copies into each environ is removed before this layer
# sees it: direct_dispatch.without_process_environment, in app.py).
_ROUTING = ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "CONTENT_TYPE", "CONTENT_LENGTH", "REMOTE_ADDR", "RAW_URI", "REQUEST_URI", "wsgi.url_scheme")


def _recorded(environ: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in environ.items()
        if (key.startswith("HTTP_") or key in _ROUTING) and isinstance(value, str)
    }


def _body(environ: dict[str, Any]) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    data: bytes = stream.read(int(length)) if length else stream.read()
    return data


class JournaledApp:
    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(store.STATE_PATH):
            return self._state(environ, start_response)
        if store.STORE is None:
            return self.app(environ, start_response)
        body = _body(environ)
        environ["wsgi.input"] = BytesIO(body)
        kind, action, locked = kind_of(environ, body)
        if kind == "apart" or (kind == "read" and not locked):
            return self.app(environ, start_response)
        if kind == "read":
            with store.LOCK:  # sees no change that is not journaled yet
                status, headers, content = self._run(environ)
        else:
            record = {"action": action, "environ": _recorded(environ), "body": body}
            status, headers, content = store.journaled(record, lambda: self._run(environ), keep=lambda result: result[0].startswith("2"))
        start_response(status, headers)
        return [content]

    def _run(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        answer: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return lambda _: None

        chunks = self.app(environ, capture)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return answer[0], answer[1], content

    def _state(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        current = store.STORE
        if current is None:
            figures: dict[str, Any] = {"persist": "off"}
        elif environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == f"{store.STATE_PATH}/snapshot":
            figures = current.snapshot()
        else:
            figures = current.figures()
        body = json.dumps(figures).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
