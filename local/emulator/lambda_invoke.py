"""Invoke, handed to the local runtime: InvocationType=Event is written to the
async inbox, RequestResponse is forwarded to the runtime over HTTP and its
answer returned as Lambda's (protocol.ts InvokeRequest / InvokeReply)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from moto.core.exceptions import JsonRESTError

from .contract import RUNTIME_INVOKE_URL, enqueue_async


class _ReservedConcurrencyExceeded(JsonRESTError):
    """Lambda's answer to a synchronous Invoke beyond the function's reserved concurrency (HTTP 429)."""

    code = 429

    def __init__(self) -> None:
        super().__init__("TooManyRequestsException", "Rate Exceeded.")
        self.description = json.dumps({"__type": "TooManyRequestsException", "message": "Rate Exceeded.", "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded", "Type": "User"})


def function_invoke(original: Any, self: Any, body: Any, request_headers: Any, response_headers: Any) -> Any:
    """LambdaFunction.invoke (InvokeAsync's path): the function as its own ARN names it."""
    return invoke(self, self.function_arn, body, request_headers, response_headers)


def invoke(fn: Any, invoked_arn: str, body: Any, request_headers: Any, response_headers: Any) -> Any:
    """Runs `fn` (moto's function or version) for an Invoke of `invoked_arn`, the ARN as the caller named it (lambda_versions.py)."""
    invocation_type = (request_headers or {}).get("X-Amz-Invocation-Type", "RequestResponse")
    event = json.loads(body) if body else {}
    if invocation_type == "DryRun":
        return b""
    if invocation_type == "Event":
        response_headers["x-amzn-requestid"] = enqueue_async(invoked_arn, event, "invoke")
        return b""
    # RequestResponse: the runtime runs it now and answers.
    request = urllib.request.Request(
        RUNTIME_INVOKE_URL,
        data=json.dumps({"functionName": invoked_arn, "event": event}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=fn.timeout + 30) as response:
            result = json.loads(response.read())
    except (urllib.error.URLError, OSError) as error:
        result = {"ok": False, "error": {"errorType": "Runtime.Unavailable", "errorMessage": f"the streamlab runtime is not running ({error}); run make up"}}
    if result.get("throttled"):
        raise _ReservedConcurrencyExceeded()
    if result.get("ok"):
        return json.dumps(result.get("payload"), separators=(",", ":"), ensure_ascii=False).encode()  # as JSON.stringify wrote it
    response_headers["x-amz-function-error"] = "Unhandled"
    return json.dumps(result.get("error"), separators=(",", ":"), ensure_ascii=False).encode()
