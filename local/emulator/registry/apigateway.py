"""API Gateway: an HTTP API's endpoint is where the local runtime serves it, and a REST API's
methods can be updated (moto left UpdateMethod out)."""

from __future__ import annotations

from moto.apigateway.responses import APIGatewayResponse
from moto.apigatewayv2.models import Api

from .. import http_api_endpoints, rest_api_methods
from ..patching import add, wrap

PATCHES = (
    add(APIGatewayResponse, "update_method", rest_api_methods.update_method),
    wrap(Api, "__init__", http_api_endpoints.local_endpoint, expects="self, region, name, api_key_selection_expression, cors_configuration, description, disable_execute_api_endpoint, disable_schema_validation, protocol_type, route_selection_expression, tags, version, backend"),
)
