"""A function's code, and a layer's, can be downloaded, as on AWS.

GetFunction answers `Code.Location`, and GetLayerVersion `Content.Location`:
on AWS a presigned S3 URL, valid for 10 minutes, from which anyone holding it
downloads the zip. moto keeps the bytes of every zip it was given (ZipFile or
an S3 object) but answers no URL for a ZipFile function and `s3://` for a
layer. Here both point at CODE_PATH on the emulator, which serves the zip that
the Lambda API holds: the local runtime runs exactly that, whatever uploaded
it. Unlike AWS's URL it is not signed: it is served on loopback only."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from moto.awslambda.models import lambda_backends

from .contract import CODE_PATH, PORT


def code_url(arn: str) -> str:
    return f"http://127.0.0.1:{PORT}{CODE_PATH}/{quote(arn, safe=':')}"


def function_code(original: Any, self: Any) -> dict[str, Any]:
    """GetFunction: Code.Location for a zip function, as on AWS."""
    response: dict[str, Any] = original(self)
    if self.package_type == "Zip" and self.code_bytes:
        qualified = f"{self.function_arn}:{self.version}" if self.version != "$LATEST" else self.function_arn
        response["Code"] = {"RepositoryType": "S3", "Location": code_url(qualified)}
    return response


def layer_version(original: Any, self: Any) -> dict[str, Any]:
    """GetLayerVersion: Content.Location, as on AWS."""
    response: dict[str, Any] = original(self)
    if self.code_bytes:
        response["Content"]["Location"] = code_url(self.arn)
    return response


def zip_of(arn: str) -> bytes | None:
    """The zip held for a function (optionally version-qualified) or a layer version ARN."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[0] != "arn" or parts[2] != "lambda":
        return None
    region, account, kind = parts[3], parts[4], parts[5]
    backend = lambda_backends[account][region]
    try:
        if kind == "function":
            qualifier = parts[7] if len(parts) > 7 else None
            fn = backend.get_function(parts[6], qualifier)
            return bytes(fn.code_bytes) if fn.code_bytes else None
        if kind == "layer" and len(parts) == 8:
            layer = backend.layers_versions_by_arn(arn)
            return bytes(layer.code_bytes) if layer and layer.code_bytes else None
    except Exception:  # moto raises its own not-found errors; any of them is a 404 here
        return None
    return None


def serving_code(app: Any) -> Any:
    """The WSGI app with GET CODE_PATH/<arn> answered by the zip, or 404."""
    prefix = CODE_PATH + "/"

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(prefix) or environ.get("REQUEST_METHOD") != "GET":
            return app(environ, start_response)
        body = zip_of(unquote(path[len(prefix) :]))
        if body is None:
            message = b'{"Message":"No code is held for this ARN"}'
            start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(message)))])
            return [message]
        start_response("200 OK", [("Content-Type", "application/zip"), ("Content-Length", str(len(body)))])
        return [body]

    return route
