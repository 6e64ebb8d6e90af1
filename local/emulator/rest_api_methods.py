"""UpdateMethod for REST APIs, which moto leaves out (a PATCH of a method
answered 500 NotImplementedError), so Terraform can change an
aws_api_gateway_method in place: its authorization, authorizer, API key
requirement, scopes, request parameters and models, as the API reference's
UpdateMethod and its PatchOperation paths describe
(https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethod.html).
A path it does not know is refused with AWS's BadRequestException."""

from __future__ import annotations

import json
from typing import Any

_FIELDS = {"/authorizationType": "authorization_type", "/authorizerId": "authorizer_id", "/operationName": "operation_name", "/requestValidatorId": "request_validator_id"}


def _apply(method: Any, operation: dict[str, Any]) -> None:
    from moto.apigateway.exceptions import BadRequestException

    op, path, value = operation.get("op"), operation.get("path", ""), operation.get("value")
    if path in _FIELDS and op == "replace":
        setattr(method, _FIELDS[path], value)
    elif path == "/apiKeyRequired" and op == "replace":
        method.api_key_required = str(value).lower() == "true"
    elif path == "/authorizationScopes" and op in ("add", "remove"):
        scopes = [scope for scope in (method.authorization_scopes or []) if scope != value]
        method.authorization_scopes = [*scopes, value] if op == "add" else scopes
    elif path.startswith(("/requestParameters/", "/requestModels/")) and op in ("add", "replace", "remove"):
        attribute = "request_parameters" if path.startswith("/requestParameters/") else "request_models"
        key = path.split("/", 2)[2].replace("~1", "/")
        current = dict(getattr(method, attribute) or {})
        if op == "remove":
            current.pop(key, None)
        else:
            current[key] = str(value).lower() == "true" if attribute == "request_parameters" else value
        setattr(method, attribute, current)
    else:
        raise BadRequestException(f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations")


def update_method(self: Any) -> str:
    """PATCH /restapis/{id}/resources/{resource}/methods/{method}: the patch operations applied, the method answered."""
    parts = self.path.split("/")
    method = self.backend.get_method(parts[2], parts[4], parts[6])
    for operation in self._get_param("patchOperations") or []:
        _apply(method, operation)
    return json.dumps(method.to_json())
