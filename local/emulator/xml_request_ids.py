"""A response's request id is written into its XML only.

moto gives every response an `x-amzn-requestid` header and then replaces the
text between `<RequestId>` and `</RequestId>` in the body with it, so that an
XML answer's `ResponseMetadata` names the same id. It did that to every body,
JSON ones too: an item or a message whose text held `<RequestId>…</RequestId>`
came back from `GetItem`, `Query` or `ReceiveMessage` with a random id in
place of what was stored (and SQS's MD5 of the body no longer matched). In an
XML answer a stored text is escaped (`&lt;RequestId&gt;`), so there the
element is always the answer's own; in any other answer nothing is replaced.
"""

from __future__ import annotations

import re
from typing import Any

from moto.utilities.aws_headers import gen_amzn_requestid_long

_REQUEST_ID = re.compile(r"(?<=<RequestId>).*(?=<\/RequestId>)")  # moto's pattern


def enrich_response(headers: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
    """moto's BaseResponse._enrich_response, with the id written into an XML body only."""
    if "status" in headers:
        headers["status"] = str(headers["status"])
    request_id = gen_amzn_requestid_long(headers)
    # moto's pattern scans the whole body (about 5 ns a byte), so it runs
    # only where it can match.
    if isinstance(body, str) and body.lstrip().startswith("<") and "<RequestId>" in body:
        body = _REQUEST_ID.sub(request_id, body)
    return headers, body
