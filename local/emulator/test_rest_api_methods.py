"""Tests of local/emulator/rest_api_methods.py against moto in process, with
boto3 as Terraform's provider would call API Gateway: UpdateMethod changes a
method's authorization, scopes and request parameters, and refuses a path it
does not know with AWS's BadRequestException. Unpatched moto 5.2.5 answers
UpdateMethod with a 500 (NotImplementedError)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from emulator import registry

registry.install_service("apigateway")


@pytest.fixture
def method() -> Iterator[tuple[Any, dict[str, str]]]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"), ("AWS_DEFAULT_REGION", "us-east-1")):
            patch.setenv(name, value)
        with mock_aws():
            client = boto3.client("apigateway")
            api = client.create_rest_api(name="orders")["id"]
            root = client.get_resources(restApiId=api)["items"][0]["id"]
            client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
            yield client, {"restApiId": api, "resourceId": root, "httpMethod": "GET"}


def test_update_method_changes_authorization_scopes_and_parameters(method: tuple[Any, dict[str, str]]) -> None:
    client, where = method
    answered = client.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/authorizationType", "value": "AWS_IAM"},
            {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
            {"op": "add", "path": "/authorizationScopes", "value": "orders/read"},
            {"op": "add", "path": "/requestParameters/method.request.querystring.page", "value": "false"},
        ],
    )
    assert answered["authorizationType"] == "AWS_IAM"
    stored = client.get_method(**where)
    assert (stored["authorizationType"], stored["apiKeyRequired"], stored["authorizationScopes"]) == ("AWS_IAM", True, ["orders/read"])
    assert stored["requestParameters"] == {"method.request.querystring.page": False}
    client.update_method(**where, patchOperations=[{"op": "remove", "path": "/requestParameters/method.request.querystring.page"}])
    assert client.get_method(**where).get("requestParameters") in (None, {})


def test_update_method_refuses_an_unknown_path(method: tuple[Any, dict[str, str]]) -> None:
    client, where = method
    with pytest.raises(ClientError) as refused:
        client.update_method(**where, patchOperations=[{"op": "replace", "path": "/httpMethod", "value": "POST"}])
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
