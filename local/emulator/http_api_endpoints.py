"""An HTTP API's ApiEndpoint is the local runtime's address for it.

moto answers https://<api-id>.execute-api.<region>.amazonaws.com, which
resolves nowhere offline. The local runtime serves every HTTP API at
http://127.0.0.1:<runtime port>/_aws/execute-api/<api-id> (local/runtime/
http-apis.ts), so that is the endpoint GetApi answers here: Terraform's
aws_apigatewayv2_api.api_endpoint is an address a learner can curl, as on AWS.
(A stage's invoke_url is built by the AWS provider itself, in AWS's form.)"""

from __future__ import annotations

from typing import Any

from .contract import RUNTIME_PORT

API_PATH = "/_aws/execute-api/"  # http-apis.ts API_PREFIX


def local_endpoint(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    original(self, *args, **kwargs)
    self.api_endpoint = f"http://127.0.0.1:{RUNTIME_PORT}{API_PATH}{self.api_id}"
