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


def test_the_route_kept_per_request_shape_is_the_one_werkzeug_matches(monkeypatch: Any) -> None:
    """For each request shape (JSON and query APIs on POST /, REST paths, a 404,
    moto's own API) the view kept is the one a fresh match finds; a repeat
    does not match again."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.routing import Map

    def request(method: str, path: str, service: str, host: str = "127.0.0.1:4566") -> dict[str, Any]:
        env = environ(host, path)
        env["REQUEST_METHOD"] = method
        env["HTTP_AUTHORIZATION"] = f"AWS4-HMAC-SHA256 Credential=test/20261205/us-east-1/{service}/aws4_request"
        return env

    shapes = [
        request("POST", "/", "dynamodb"),
        request("POST", "/", "sqs"),
        request("GET", "/2015-03-31/functions/", "lambda"),
        request("PUT", "/bucket/some/key", "s3"),
        request("GET", "/no/such/route/here", "lambda"),  # a 404: Flask answers
        request("GET", "/moto-api/", "s3"),  # moto's own API: not a response class's dispatch
    ]
    dispatcher = DomainDispatcherApplication(create_backend_app)
    kept = direct_dispatch.DirectDispatch(dispatcher)
    matches = 0
    bind = Map.bind_to_environ

    def counted(self: Map, *args: Any, **kwargs: Any) -> Any:
        nonlocal matches
        matches += 1
        return bind(self, *args, **kwargs)

    monkeypatch.setattr(Map, "bind_to_environ", counted)
    views = []
    for env in shapes:
        app = dispatcher.get_application(dict(env))
        fresh = direct_dispatch.DirectDispatch(dispatcher)._dispatch_view(app, dict(env))
        assert kept._dispatch_view(app, dict(env)) is fresh, env["PATH_INFO"]
        views.append(fresh)
    assert views[0] is not None and views[-1] is None and views[-2] is None
    before = matches
    for env, view in zip(shapes, views, strict=True):
        assert kept._dispatch_view(dispatcher.get_application(dict(env)), dict(env)) is view
    assert matches == before, "a repeated request shape is not matched again"


def test_a_directly_dispatched_request_leaves_no_reference_cycle() -> None:
    """werkzeug's Request puts itself in its environ; Flask breaks that cycle
    when its request context ends, and the direct path must too, or every
    request leaves garbage only the cyclic collector frees."""
    import gc

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = direct_dispatch.DirectDispatch(DomainDispatcherApplication(create_backend_app))

    def list_tables() -> dict[str, Any]:
        env = environ("127.0.0.1:4566")
        env["HTTP_X_AMZ_TARGET"] = "DynamoDB_20120810.ListTables"
        env["wsgi.input"], env["CONTENT_LENGTH"] = io.BytesIO(b"{}"), "2"
        statuses: list[str] = []
        body = b"".join(app(env, lambda status, headers, exc_info=None: statuses.append(status)))
        assert statuses == ["200 OK"], (statuses, body)
        return env

    list_tables()  # the route is matched and kept: its objects live on
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            env = list_tables()
        assert "werkzeug.request" not in env
        assert gc.collect() == 0
    finally:
        gc.enable()


def _form_request(content_type: str | None, body: bytes, **extra: str) -> dict[str, Any]:
    env = environ("127.0.0.1:4566")
    env.pop("CONTENT_TYPE")
    if content_type is not None:
        env["CONTENT_TYPE"] = content_type
    env["wsgi.input"], env["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
    return env | extra


BODIES = [
    _form_request("application/x-amz-json-1.0", b'{"TableName": "t"}'),
    _form_request("application/json", b'{"a": 1}'),
    _form_request("application/x-www-form-urlencoded; charset=utf-8", b"Action=Publish&Message=a%20b+c&Empty=&Flag&Action=Again"),
    _form_request("application/x-www-form-urlencoded", b"Message=%E2%82%AC&bad=%ZZ&half=%E2%82"),
    _form_request("application/x-www-form-urlencoded", b"\xff\xfe=1"),  # not UTF-8
    _form_request("application/x-www-form-urlencoded", b""),
    _form_request("application/x-www-form-urlencoded", b"Message=" + b"a" * 600_000),  # over Flask's multipart field limit
    _form_request(None, b"a=b"),  # no Content-Type: werkzeug parses no form
    _form_request("text/plain", b"a=b"),
    _form_request("multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nv\r\n--b--\r\n'),
    _form_request("application/x-amz-json-1.0", __import__("gzip").compress(b'{"a": 1}'), HTTP_CONTENT_ENCODING="gzip"),
]


def _what_moto_reads(request: Any) -> Any:
    try:
        return request.data, list(request.form.items(multi=True)), list(request.files.items(multi=True)), request.values.to_dict(flat=False)
    except Exception as exc:  # an error of werkzeug's, compared by type
        return type(exc)


def test_a_body_read_ahead_gives_moto_what_werkzeug_s_form_parser_gives() -> None:
    from moto.moto_server.werkzeug_app import BackendRequest

    for env in BODIES:
        werkzeug_s = _what_moto_reads(BackendRequest(dict(env, **{"wsgi.input": io.BytesIO(env["wsgi.input"].getvalue())})))
        ours = _what_moto_reads(direct_dispatch.with_body_read(BackendRequest(dict(env)), env))
        assert ours == werkzeug_s, (env.get("CONTENT_TYPE"), ours, werkzeug_s)



def _werkzeugs(status: Any, headers: Any, content: Any, method: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """What _serve sent before plain_answer: Flask's Response for moto's answer, as werkzeug sends it."""
    import flask

    env = environ("127.0.0.1:4566")
    env["REQUEST_METHOD"] = method
    response = flask.Flask("t").response_class(response=content, status=status, headers=headers)
    app_iter, status_line, header_list = response.get_wsgi_response(env)
    return status_line, list(header_list), b"".join(app_iter)


def test_a_plain_answer_is_what_werkzeug_sends_and_the_rest_is_left_to_it() -> None:
    import random

    rng = random.Random(2026)
    values = ["application/x-amz-json-1.0", "text/xml", "abc", "", "1.0", 12, 2.5, True, ["a", "b"], "line\nbreak", None]
    names = ["Content-Type", "content-type", "x-amzn-RequestId", "x-amz-crc32", "server", "Location", "content-length", "ETag", "X-Amz-Date"]
    written = left = 0
    for _ in range(3000):
        status = rng.choice([200, 200, 201, 202, 204, 206, 301, 304, 400, 403, 404, 409, 500, 503, 102, 299, 599, "200 OK"])
        headers = {rng.choice(names): rng.choice(values) for _ in range(rng.randint(0, 4))}
        content = rng.choice(["", "{}", "<a/>", "héllo ✓", b"\x00\xffbytes", b"", None, ["it", "er"]])
        method = rng.choice(["POST", "GET", "HEAD", "DELETE"])
        ours = direct_dispatch.plain_answer(status, headers, content, method)
        try:
            theirs = _werkzeugs(status, headers, content, method)
        except (ValueError, TypeError):  # werkzeug refuses it: so must the fallback, which is werkzeug
            assert ours is None
            continue
        if ours is None:
            left += 1
        else:
            assert ours == theirs, (status, headers, content, method)
            written += 1
    assert written >= 500 and left >= 500, (written, left)


def test_moto_s_usual_answers_are_written_directly() -> None:
    for status, headers, content in [(200, {"Content-Type": "application/x-amz-json-1.0", "server": "amazon.com", "x-amzn-requestid": "r"}, "{}"), (400, {"Content-Type": "text/xml"}, "<ErrorResponse/>"), (200, {}, b"raw")]:
        assert direct_dispatch.plain_answer(status, headers, content, "POST") == _werkzeugs(status, headers, content, "POST")
