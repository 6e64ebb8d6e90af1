"""Tests of direct_dispatch.py's shortcuts against moto's own answers (speed
changes: nothing for unpatched moto to fail; these guard the answers)."""

from __future__ import annotations

import io
import os
from typing import Any

from moto.core.request import Request

from emulator import direct_dispatch


def environ(host: str | None, path: str = "/", query: str = "", scheme: str = "http", script: str = "", raw_uri: str | None = None) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": script, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "4566",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": scheme, "wsgi.input": io.BytesIO(b""), "CONTENT_TYPE": "application/x-amz-json-1.0",
        "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.PutItem", "HTTP_AUTHORIZATION": "AWS4-HMAC-SHA256 Credential=test/20261205/us-east-1/dynamodb/aws4_request",
    }
    if host is not None:
        env["HTTP_HOST"] = host
    if raw_uri is not None:
        env["RAW_URI"] = raw_uri
    return env


CASES = [
    environ("127.0.0.1:4566"),
    environ("127.0.0.1:4566", "/123456789012/orders", "Action=SendMessage&MessageBody=a%20b"),
    environ("localhost:80", "/x"),  # werkzeug drops the standard port
    environ("sqs.us-east-1.amazonaws.com:443", "/q", scheme="https"),
    environ("bucket.s3.localhost:4566", "/a/b c", raw_uri="/a%2Fb%20c?versionId=1", query="versionId=1"),
    environ("127.0.0.1:4566", "/restapis", script="/mounted"),
    environ(None, "/no-host-header"),
    environ("[::1]:4566", "/v6"),
]


def test_raw_url_is_moto_s_for_every_request_shape_and_again_from_the_cache() -> None:
    for _ in range(2):  # the second round reads the roots kept by the first
        for env in CASES:
            assert direct_dispatch.raw_url(Request(dict(env))) == Request(dict(env)).raw_url, env


def test_the_headers_handed_to_moto_are_dict_of_headers() -> None:
    request = Request(environ("127.0.0.1:4566"))
    assert dict(request.headers.items()) == dict(request.headers)


def recording(seen: list[dict[str, Any]]) -> direct_dispatch.WsgiApp:
    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(dict(env))
        return []

    return direct_dispatch.without_process_environment(app)


def test_the_process_environment_granian_copies_in_is_removed_and_the_request_kept() -> None:
    seen: list[dict[str, Any]] = []
    serve = recording(seen)
    request = environ("127.0.0.1:4566")
    # What granian copies, once per worker (pytest sets a variable of its own after the import).
    process = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
    serve(process | request, lambda *args: None)
    assert seen[0] == request, sorted(set(seen[0]) ^ set(request))


def test_a_process_variable_the_request_overrides_is_kept() -> None:
    seen: list[dict[str, Any]] = []
    serve = recording(seen)
    name = next(key for key, _ in direct_dispatch._PROCESS_ENVIRONMENT)
    serve(dict(os.environ) | {name: "set by the request"}, lambda *args: None)
    assert seen[0][name] == "set by the request"
