"""moto's app with Flask's per-request machinery skipped where it adds nothing.

moto serves each AWS service as a Flask app whose routes all end in
`convert_to_flask_response` around a response class's `dispatch`. For such a
route this app does what that wrapper does (the same request class, the same
callback, the same status, headers and body) without Flask's request context,
before/after hooks and response finalizing: about a third of the emulator's
CPU per request (py-spy, docs/local-runtime.md). Everything else (moto's own
API, routes to other callbacks, redirects, 404s, CORS requests from a browser)
goes through Flask unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl

from botocore.exceptions import ClientError
from moto.core.request import normalize_request
from moto.core.utils import convert_to_flask_response
from moto.moto_api import recorder
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# granian copies the server's whole process environment into every request's
# environ (CGI style, `dict(os.environ) | request`); werkzeug's header views
# scan the environ each time they are read, a dozen times per request, and the
# journal reads it once. app.py removes those entries before any layer reads:
# each variable of the process whose name no request sets (not a header's
# HTTP_*, not a CGI or WSGI name) and whose value is still the process's.
_REQUEST_NAMES = frozenset({"REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR", "REMOTE_PORT", "RAW_URI", "REQUEST_URI"})
_PROCESS_ENVIRONMENT = tuple((key, value) for key, value in os.environ.items() if not key.startswith(("HTTP_", "wsgi.")) and key not in _REQUEST_NAMES)


def without_process_environment(app: WsgiApp) -> WsgiApp:
    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        for key, value in _PROCESS_ENVIRONMENT:
            if environ.get(key) == value:
                del environ[key]
        return app(environ, start_response)

    return serve


# A request's URL up to its path, as werkzeug builds it (host checks, the
# standard ports dropped, an IRI round trip): a fifth of moto's set-up per
# request, and the same for every request to the same Host. Kept per what it
# is made of; the Host names one emulator is called by are a handful.
_url_roots: dict[tuple[Any, ...], str] = {}


def raw_url(request: Any) -> str:
    """moto's Request.raw_url, with the part before the path computed once per host."""
    environ = request.environ
    key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SCRIPT_NAME"), environ.get("SERVER_NAME"), environ.get("SERVER_PORT"))
    root = _url_roots.get(key)
    if root is None:
        if len(_url_roots) > 256:
            _url_roots.clear()
        root = _url_roots[key] = request.url_root.rstrip("/")
    url = f"{root}{request.raw_path}"
    return f"{url}?{request.query_string.decode()}" if request.query_string else url


_URLENCODED = "application/x-www-form-urlencoded"


def with_body_read(request: Any, environ: dict[str, Any]) -> Any:
    """The request with `data`, `form` and `files` set as werkzeug would set them.

    The journal has already read the body into a BytesIO, and moto reads
    `request.data` and `request.form`: werkzeug built a form parser for each
    request to get them (a lookup of Flask's app, stream wrappers, a MultiDict),
    4-5 % of the emulator's CPU per call. werkzeug parses two kinds of body as
    a form: a URL-encoded one, the way it is done here (the same parse_qsl
    call, with no size limit), and a multipart one, left to werkzeug. Any
    other body is `data`, with an empty form. A compressed body (moto
    decompresses it itself) and a form that is not UTF-8 keep werkzeug's way.
    """
    stream = environ.get("wsgi.input")
    if not isinstance(stream, BytesIO) or "HTTP_CONTENT_ENCODING" in environ:
        return request
    body = stream.getvalue()
    mimetype = request.mimetype
    empty = request.parameter_storage_class()
    if mimetype == _URLENCODED:
        # werkzeug's parser reads the stream to its end, so `data` is then empty.
        try:
            form = request.parameter_storage_class(parse_qsl(body.decode(), keep_blank_values=True, errors="werkzeug.url_quote"))
        except ValueError:  # not UTF-8: werkzeug's own (silent) handling
            return request
        request.__dict__.update(form=form, files=empty)
        request._cached_data = b""
    elif mimetype != "multipart/form-data":
        request.__dict__.update(form=empty, files=empty)
        request._cached_data = body
    return request


# What werkzeug's Response and get_wsgi_response make of moto's (status,
# headers, body), without the Response and two Headers objects it builds for
# it: 6-9 % of a raw call's CPU (docs/local-runtime.md). For a plain answer
# (an int status that has a body, str headers each named once, a str or bytes
# body) werkzeug adds a Content-Type of text/html if there is none and a
# Content-Length, and changes nothing else. Anything else is left to it:
# Location headers (made absolute), a Content-Length moto set, 1xx, 204, 304,
# HEAD, a header value that is a list (one line per value) or holds a newline.
_LEFT_TO_WERKZEUG = frozenset({"location", "content-location", "content-length"})
_HEADER_VALUE_TYPES = (str, int, float)


def plain_answer(status: Any, headers: Any, content: Any, method: str) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """The status line, headers and body werkzeug would send, or None where werkzeug should answer."""
    if type(status) is not int or status < 200 or status in (204, 304) or method == "HEAD" or type(headers) is not dict:
        return None
    if type(content) is str:
        body = content.encode()
    elif type(content) is bytes:
        body = content
    else:
        return None
    header_list: list[tuple[str, str]] = []
    names: set[str] = set()
    for name, value in headers.items():
        if type(name) is not str or type(value) not in _HEADER_VALUE_TYPES:
            return None
        lowered = name.lower()
        text = value if type(value) is str else str(value)
        if lowered in _LEFT_TO_WERKZEUG or lowered in names or "\n" in text or "\r" in text:
            return None
        names.add(lowered)
        header_list.append((name, text))
    if "content-type" not in names:
        header_list.append(("Content-Type", "text/html; charset=utf-8"))
    header_list.append(("Content-Length", str(len(body))))
    phrase = HTTP_STATUS_CODES.get(status)
    return (f"{status} {phrase.upper()}" if phrase else f"{status} UNKNOWN"), header_list, body


_MAX_ROUTES = 4096


class DirectDispatch:
    def __init__(self, dispatcher: DomainDispatcherApplication) -> None:
        self.dispatcher = dispatcher
        self._views: dict[tuple[Any, ...], convert_to_flask_response | None] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        app = self.dispatcher.get_application(environ)
        view = None if "HTTP_ORIGIN" in environ else self._dispatch_view(app, environ)
        if view is None:
            return app(environ, start_response)
        try:
            return self._serve(app, view, environ, start_response)
        finally:
            # werkzeug's Request puts itself in its environ, a cycle that only
            # the cyclic collector could free: about 20 objects per request,
            # and a collection of them a tenth of the emulator's CPU under load
            # (py-spy --native). Flask breaks it when its request context ends;
            # this path has no context, so it breaks it here.
            environ.pop("werkzeug.request", None)

    def _serve(self, app: Any, view: convert_to_flask_response, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            request = with_body_read(normalize_request(app.request_class(environ)), environ)
            recorder._record_request(request)
            # dict(Headers) walks the environ once per header; items() once in all.
            result = view.callback(request, raw_url(request), dict(request.headers.items()))
        except ClientError as exc:
            result = 400, {}, exc.response["Error"]["Message"]
        except HTTPException as exc:  # Flask answers with the exception itself
            return exc(environ, start_response)
        status, headers, content = result if len(result) == 3 else (200, {}, result)
        answer = plain_answer(status, headers, content, request.method)
        if answer is not None:
            status_line, header_list, body = answer
            start_response(status_line, header_list)
            return [body]
        response = app.response_class(response=content, status=status, headers=headers)
        if request.method == "HEAD" and "content-length" in headers:
            response.headers["Content-Length"] = headers["content-length"]
        # One bytes object in a list: granian sends it in one call, where an
        # iterator costs a call back into Python (and the GIL) per chunk.
        app_iter, status_line, header_list = response.get_wsgi_response(environ)
        start_response(status_line, header_list)
        try:
            return [b"".join(app_iter)]
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()

    def _dispatch_view(self, app: Any, environ: dict[str, Any]) -> convert_to_flask_response | None:
        """The route's view when it is a response class's generic dispatch, else None."""
        # The match depends only on the app, the method, the host and the path
        # (moto's routes have no subdomains, and the query is not matched), and
        # nearly every call of a JSON or query API is POST /: werkzeug bound and
        # matched the same route again for each, about 6 % of the emulator's CPU
        # per request. Kept per route, bounded (paths name resources).
        key = (app, environ.get("REQUEST_METHOD"), environ.get("HTTP_HOST"), environ.get("PATH_INFO"))
        try:
            return self._views[key]
        except KeyError:
            pass
        try:
            endpoint, _ = app.url_map.bind_to_environ(environ).match()
        except HTTPException:  # a redirect or a 404: Flask's own answer
            view = None
        else:
            view = app.view_functions.get(endpoint)
            if not (isinstance(view, convert_to_flask_response) and getattr(view.callback, "__name__", "") == "dispatch"):
                view = None
        if len(self._views) >= _MAX_ROUTES:
            self._views.clear()
        self._views[key] = view
        return view
