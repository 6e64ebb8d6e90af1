"""Only a form is read as a form.

moto reads the body of every request whose URL has no query string as a
URL-encoded form, whatever the request's Content-Type says, and takes the
action from that form before it looks at `X-Amz-Target` or the route. So a
JSON or XML body whose text holds `&Action=PurgeQueue&` was dispatched as
`PurgeQueue`: an SQS `SendMessage` with that message body answered 200 and
purged the queue instead of storing the message, and a DynamoDB `PutItem`
whose attribute held `&Action=DeleteTable&` deleted the table. A member a
handler reads from the query string was taken over the same way: with
`&Qualifier=9&` in its payload, `Invoke` looked for version 9.

AWS reads a body as parameters only for the query protocol, whose body is
`application/x-www-form-urlencoded`. Here a body is read as a form when the
request says it is one, or when it says nothing and could be a query-protocol
call (no `X-Amz-Target`, and a service that is not a REST API: botocore sends
Lambda's `Invoke` payload with no Content-Type). Any other body is left as
moto's raw body would be, and decoded as moto decodes it. A multipart form
still fills the parameters from its fields.
"""

from __future__ import annotations

from typing import Any

from moto.core.utils import get_service_model

_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_rest_classes: dict[type, bool] = {}


def _is_rest_api(response: Any) -> bool:
    """Whether the response's service routes by method and path (rest-json, rest-xml), kept per class."""
    known = _rest_classes.get(type(response))
    if known is None:
        try:
            protocol = get_service_model(response.boto3_service_name).protocol
        except Exception:  # a class with no botocore model: moto's way
            protocol = ""
        known = _rest_classes[type(response)] = protocol.startswith("rest-")
    return known


def _may_be_form(self: Any, request: Any) -> bool:
    mimetype = request.mimetype
    if mimetype:
        return mimetype in _FORM_TYPES
    return "X-Amz-Target" not in request.headers and not _is_rest_api(self)


def setup_class(original: Any, self: Any, request: Any, full_url: str | None = None, headers: Any = None, use_raw_body: bool | None = None) -> None:
    raw = self.use_raw_body if use_raw_body is None else use_raw_body
    if raw or _may_be_form(self, request):
        return original(self, request, full_url, headers, use_raw_body)
    # moto's raw-body mode skips only the form reading and the decoding;
    # the decoding is done here as moto does it (a body that is not UTF-8
    # fails as it did).
    original(self, request, full_url, headers, True)
    if isinstance(self.body, bytes):
        self.body = self.body.decode("utf-8")
    return None
