"""Tests of local/emulator/lambda_code.py through the emulator's WSGI app in
process: GetFunction answers a Code.Location for a ZipFile function, as AWS
does, and the zip served there is the one uploaded (its SHA-256 is the
function's CodeSha256); a layer version's Content.Location serves the layer.
Unpatched moto 5.2.5 answers no Code for a ZipFile function and `s3://` for a layer."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.test import Client

ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture(scope="module")
def client() -> Client:
    from emulator.app import app

    return Client(app)


def _download(client: Client, location: str) -> bytes:
    response = client.get(urlsplit(location).path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data()


def test_get_function_locates_the_uploaded_zip(client: Client, new_function: Callable[..., Any]) -> None:
    from moto.awslambda import models as lambda_models

    function = new_function("code-fn")
    code = lambda_models.lambda_backends[ACCOUNT][REGION].get_function("code-fn").get_code()["Code"]
    assert code["RepositoryType"] == "S3"
    zipped = _download(client, code["Location"])
    assert base64.b64encode(hashlib.sha256(zipped).digest()).decode() == function.code_sha_256
    assert zipfile.ZipFile(io.BytesIO(zipped)).read("index.js") == b"exports.handler = async () => 1;"


def test_a_layer_version_locates_its_zip(client: Client) -> None:
    from moto.awslambda import models as lambda_models

    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("nodejs/node_modules/greeting/index.js", "module.exports = 'hi';")
    backend = lambda_models.lambda_backends[ACCOUNT][REGION]
    layer = backend.publish_layer_version({"LayerName": "greeting", "Content": {"ZipFile": base64.b64encode(content.getvalue()).decode()}, "CompatibleRuntimes": ["nodejs22.x"]})
    location = layer.get_layer_version()["Content"]["Location"]
    assert _download(client, location) == content.getvalue()


def test_an_unknown_arn_is_a_404(client: Client) -> None:
    response = client.get(f"/_streamlab/code/arn:aws:lambda:{REGION}:{ACCOUNT}:function:nobody")
    assert response.status_code == 404
