"""pytest's set-up for the emulator's tests of its patches against moto in
process (make unit, make test): contract.py wants the ports local/up.sh hands
over, a fresh outbox and async inbox, and IAM enforcement AWS's managed policies; nothing listens on port 9."""

import base64
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# The outbox and inbox are made here, before any module reads them, and removed when the session ends.
_SCRATCH_DIRS = {
    "STREAMLAB_OUTBOX": tempfile.mkdtemp(prefix="streamlab-pytest-outbox-"),
    "STREAMLAB_INBOX": tempfile.mkdtemp(prefix="streamlab-pytest-inbox-"),
}
for _name, _value in (
    *_SCRATCH_DIRS.items(),
    ("STREAMLAB_NUDGE_PORT", "9"),
    ("STREAMLAB_RUNTIME_PORT", "9"),
    ("STREAMLAB_CONSOLE_URL", "http://127.0.0.1:9/"),
    ("STREAMLAB_IAM", "off"),
    ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
):
    os.environ.setdefault(_name, _value)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for path in _SCRATCH_DIRS.values():
        shutil.rmtree(path, ignore_errors=True)


ACCOUNT = "123456789012"
REGION = "us-east-1"


def motos_own(patches: tuple[Any, ...], name: str, owner: Any = None) -> Any:
    """What a patch in `patches` replaced: moto's own attribute `name` (of
    `owner`, where two patches share the name), kept by the registry once
    the patch is installed, for tests that compare the two."""
    [patch] = [p for p in patches if p.name == name and (owner is None or p.owner is owner)]
    return patch.installed[0]


@pytest.fixture
def new_function() -> Callable[..., Any]:
    """Creates a Lambda function in moto (its role first), as Terraform would: new_function(name, **spec).
    moto is imported here, after the environment above (it reads MOTO_IAM_LOAD_MANAGED_POLICIES at import)."""
    from moto.awslambda import models as lambda_models
    from moto.iam import models as iam_models

    def create(name: str, **extra: Any) -> Any:
        iam = iam_models.iam_backends[ACCOUNT]["global"]
        role = iam.create_role(
            role_name=f"{name}-role", assume_role_policy_document=json.dumps({"Version": "2012-10-17", "Statement": []}), path="/", permissions_boundary=None, description="", tags=[], max_session_duration="3600"
        )
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.js", "exports.handler = async () => 1;")
        spec = {"FunctionName": name, "Runtime": "nodejs22.x", "Role": role.arn, "Handler": "index.handler", "Code": {"ZipFile": base64.b64encode(code.getvalue()).decode()}, **extra}
        return lambda_models.lambda_backends[ACCOUNT][REGION].create_function(spec)

    return create


def new_code(answer: int = 1) -> bytes:
    """A function's zip whose handler answers `answer` (other code, so a new version can be published)."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.js", f"exports.handler = async () => {answer};")
    return code.getvalue()


@pytest.fixture
def aliased_function() -> Iterator[Callable[[str], Any]]:
    """A maker of functions in moto, through boto3, each with version 1 and the alias `live` pointing at it:
    aliased_function(name) answers the Lambda client. moto's mock is on for the whole test."""
    import boto3
    from moto import mock_aws

    with mock_aws():

        def create(name: str) -> Any:
            iam = boto3.client("iam", region_name=REGION)
            role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
            client = boto3.client("lambda", region_name=REGION)
            client.create_function(FunctionName=name, Runtime="nodejs22.x", Role=role, Handler="index.handler", Code={"ZipFile": new_code()})
            client.publish_version(FunctionName=name)
            client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
            return client

        yield create
