"""API Gateway HTTP APIs: their endpoint is where the local runtime serves them."""

from __future__ import annotations

from moto.apigatewayv2.models import Api

from .. import http_api_endpoints
from ..patching import wrap

PATCHES = (wrap(Api, "__init__", http_api_endpoints.local_endpoint, expects="self, region, name, api_key_selection_expression, cors_configuration, description, disable_execute_api_endpoint, disable_schema_validation, protocol_type, route_selection_expression, tags, version, backend"),)
