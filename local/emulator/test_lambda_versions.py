"""Tests of local/emulator/lambda_versions.py through boto3 against moto in
process: Invoke's Qualifier reaches the runtime as the ARN invoked (moto 5.2.5
read a lowercase `qualifier`, and ran $LATEST), and provisioned concurrency
configs are kept per version or alias with Lambda's answers (moto 5.2.5 has no
such API)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from emulator import lambda_invoke, lambda_versions, registry
from emulator.conftest import new_code

registry.install_service("lambda")

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:versioned"


class Runtime:
    """A stand-in for the runtime: records each Invoke's function, answers with its `ready` count of provisioned environments."""

    def __init__(self) -> None:
        self.invoked: list[str] = []
        self.ready = 0


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime]:
    state = Runtime()

    class Handler(BaseHTTPRequestHandler):
        def reply(self, answer: Any) -> None:
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            state.invoked.append(json.loads(self.rfile.read(int(self.headers["Content-Length"])))["functionName"])
            self.reply({"ok": True, "payload": {"ran": True}})

        def do_GET(self) -> None:
            self.reply({"available": state.ready})

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setattr(lambda_invoke, "RUNTIME_INVOKE_URL", f"{base}/invoke")
    monkeypatch.setattr(lambda_versions, "RUNTIME_PROVISIONED_URL", f"{base}/_streamlab/provisioned")
    yield state
    server.shutdown()


@pytest.fixture
def client(aliased_function: Callable[[str], Any]) -> Any:
    """A Lambda client and a function `versioned` with version 1 and the alias `live` pointing at it."""
    return aliased_function("versioned")


@pytest.mark.parametrize(
    ("call", "invoked"),
    [
        ({"FunctionName": "versioned"}, ARN),
        ({"FunctionName": "versioned", "Qualifier": "live"}, f"{ARN}:live"),
        ({"FunctionName": "versioned", "Qualifier": "1"}, f"{ARN}:1"),
        ({"FunctionName": "versioned:live"}, f"{ARN}:live"),
        ({"FunctionName": f"{ARN}:1"}, f"{ARN}:1"),
        ({"FunctionName": "versioned", "Qualifier": "$LATEST"}, f"{ARN}:$LATEST"),
    ],
)
def test_invoke_hands_the_runtime_the_arn_as_invoked(client: Any, runtime: Runtime, call: dict[str, str], invoked: str) -> None:
    # An event with a "qualifier" field of its own: moto used to read it as the Qualifier.
    answer = client.invoke(**call, Payload=json.dumps({"qualifier": "7"}))
    assert json.loads(answer["Payload"].read()) == {"ran": True}
    assert runtime.invoked == [invoked]


def test_invoke_of_an_unknown_alias_is_refused(client: Any, runtime: Runtime) -> None:
    with pytest.raises(ClientError) as refused:
        client.invoke(FunctionName="versioned", Qualifier="nope", Payload=b"{}")
    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert runtime.invoked == []


def test_provisioned_concurrency_is_ready_once_the_runtime_has_every_environment(client: Any, runtime: Runtime) -> None:
    put = client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live", ProvisionedConcurrentExecutions=2)
    assert (put["RequestedProvisionedConcurrentExecutions"], put["Status"]) == (2, "IN_PROGRESS")
    runtime.ready = 1
    got = client.get_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live")
    assert (got["AvailableProvisionedConcurrentExecutions"], got["Status"]) == (1, "IN_PROGRESS")
    runtime.ready = 2
    got = client.get_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live")
    assert (got["AvailableProvisionedConcurrentExecutions"], got["AllocatedProvisionedConcurrentExecutions"], got["Status"]) == (2, 2, "READY")
    [listed] = client.list_provisioned_concurrency_configs(FunctionName="versioned")["ProvisionedConcurrencyConfigs"]
    assert (listed["FunctionArn"], listed["Status"]) == (f"{ARN}:live", "READY")
    client.delete_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live")
    assert client.list_provisioned_concurrency_configs(FunctionName="versioned")["ProvisionedConcurrencyConfigs"] == []


def test_provisioned_concurrency_is_refused_as_lambda_refuses_it(client: Any, runtime: Runtime) -> None:
    with pytest.raises(ClientError) as refused:
        client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="$LATEST", ProvisionedConcurrentExecutions=1)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert refused.value.response["Error"]["Message"] == "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
    with pytest.raises(ClientError) as missing:
        client.get_provisioned_concurrency_config(FunctionName="versioned", Qualifier="1")
    assert missing.value.response["Error"]["Code"] == "ProvisionedConcurrencyConfigNotFoundException"
    client.put_function_concurrency(FunctionName="versioned", ReservedConcurrentExecutions=2)
    with pytest.raises(ClientError) as over:
        client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="1", ProvisionedConcurrentExecutions=3)
    assert "reservedConcurrentExecution" in over.value.response["Error"]["Message"]


def test_a_mapping_keeps_the_alias_it_was_created_for(client: Any) -> None:
    queue = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="versioned-orders")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:versioned-orders"
    assert queue.endswith("versioned-orders")
    mapping = client.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=f"{ARN}:live")
    assert mapping["FunctionArn"] == f"{ARN}:live"  # moto kept version 1's ARN
    assert client.get_event_source_mapping(UUID=mapping["UUID"])["FunctionArn"] == f"{ARN}:live"


def test_a_config_goes_with_its_alias_and_its_function(client: Any, runtime: Runtime) -> None:
    client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live", ProvisionedConcurrentExecutions=1)
    client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="1", ProvisionedConcurrentExecutions=1)
    client.delete_alias(FunctionName="versioned", Name="live")
    [left] = client.list_provisioned_concurrency_configs(FunctionName="versioned")["ProvisionedConcurrencyConfigs"]
    assert left["FunctionArn"] == f"{ARN}:1"
    client.delete_function(FunctionName="versioned")
    client.create_function(FunctionName="versioned", Runtime="nodejs22.x", Role=f"arn:aws:iam::{ACCOUNT}:role/versioned-role", Handler="index.handler", Code={"ZipFile": b"PK"})
    client.publish_version(FunctionName="versioned")
    with pytest.raises(ClientError) as gone:
        client.get_provisioned_concurrency_config(FunctionName="versioned", Qualifier="1")
    assert gone.value.response["Error"]["Code"] == "ProvisionedConcurrencyConfigNotFoundException"


def test_listing_every_version_leaves_the_functions_as_they_are(client: Any) -> None:
    listed = client.list_functions(FunctionVersion="ALL")["Functions"]
    assert [(f["FunctionName"], f["Version"], f["FunctionArn"]) for f in listed] == [("versioned", "$LATEST", f"{ARN}:$LATEST"), ("versioned", "1", f"{ARN}:1")]
    assert client.get_function(FunctionName="versioned")["Configuration"]["FunctionArn"] == ARN  # the copy's ARN is its own
    assert [f["FunctionArn"] for f in client.list_functions()["Functions"]] == [ARN]


def test_a_service_may_invoke_an_alias_only_with_the_alias_s_own_permission(client: Any) -> None:
    from emulator import sns_delivery

    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"
    grant = {"Action": "lambda:InvokeFunction", "Principal": "sns.amazonaws.com", "SourceArn": topic}
    client.add_permission(FunctionName="versioned", StatementId="whole-function", **grant)
    assert sns_delivery._lambda_refusal(ARN, topic) is None
    # "Using Lambda aliases in event sources and permissions policies": the function's permission does not reach its alias.
    assert "does not allow" in (sns_delivery._lambda_refusal(f"{ARN}:live", topic) or "")
    client.add_permission(FunctionName="versioned", Qualifier="live", StatementId="alias", **grant)
    assert sns_delivery._lambda_refusal(f"{ARN}:live", topic) is None
    assert "does not allow" in (sns_delivery._lambda_refusal(f"{ARN}:1", topic) or ""), "nor to the version behind it"


def test_deleting_a_version_named_in_the_function_name_keeps_the_other_configs(client: Any, runtime: Runtime) -> None:
    """moto deletes only the version "name:2" names; the alias's config on version 1 stays."""
    client.update_function_code(FunctionName="versioned", ZipFile=new_code(2))
    assert client.publish_version(FunctionName="versioned")["Version"] == "2"
    client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="live", ProvisionedConcurrentExecutions=1)
    client.put_provisioned_concurrency_config(FunctionName="versioned", Qualifier="2", ProvisionedConcurrentExecutions=1)
    client.delete_function(FunctionName="versioned:2")
    [left] = client.list_provisioned_concurrency_configs(FunctionName="versioned")["ProvisionedConcurrencyConfigs"]
    assert left["FunctionArn"] == f"{ARN}:live"
