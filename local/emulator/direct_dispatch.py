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
from typing import Any

from botocore.exceptions import ClientError
from moto.core.request import normalize_request
from moto.core.utils import convert_to_flask_response
from moto.moto_api import recorder
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from werkzeug.exceptions import HTTPException

StartResponse = Callable[..., Any]

# granian copies the server's whole process environment into every request's
# environ (CGI style); werkzeug's header views scan the environ each time they
# are read, a dozen times per request. The copied entries are the very same
# string objects, which tells them apart from anything the request set.
_PROCESS_ENVIRONMENT = dict(os.environ)


def _without_process_environment(environ: dict[str, Any]) -> None:
    for key, value in _PROCESS_ENVIRONMENT.items():
        if environ.get(key) is value:
            del environ[key]


class DirectDispatch:
    def __init__(self, dispatcher: DomainDispatcherApplication) -> None:
        self.dispatcher = dispatcher

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        _without_process_environment(environ)
        app = self.dispatcher.get_application(environ)
        view = None if "HTTP_ORIGIN" in environ else self._dispatch_view(app, environ)
        if view is None:
            return app(environ, start_response)
        try:
            request = normalize_request(app.request_class(environ))
            recorder._record_request(request)
            result = view.callback(request, request.raw_url, dict(request.headers))
        except ClientError as exc:
            result = 400, {}, exc.response["Error"]["Message"]
        except HTTPException as exc:  # Flask answers with the exception itself
            return exc(environ, start_response)
        status, headers, content = result if len(result) == 3 else (200, {}, result)
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
        try:
            endpoint, _ = app.url_map.bind_to_environ(environ).match()
        except HTTPException:  # a redirect or a 404: Flask's own answer
            return None
        view = app.view_functions.get(endpoint)
        if isinstance(view, convert_to_flask_response) and getattr(view.callback, "__name__", "") == "dispatch":
            return view
        return None
