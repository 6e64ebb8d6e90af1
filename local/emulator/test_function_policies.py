"""Tests of local/emulator/function_policies.py through boto3 against moto in
process: a function, each version and each alias have a resource policy of
their own (moto 5.2.5 kept one for all); what Lambda refuses is refused with
its error; an alias's policy goes with the alias."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator import registry

registry.install_service("lambda")

ARN = "arn:aws:lambda:us-east-1:123456789012:function:guarded"


@pytest.fixture
def client(aliased_function: Callable[[str], Any]) -> Any:
    """A Lambda client and a function `guarded` with version 1 and the alias `live` pointing at it."""
    return aliased_function("guarded")


def allow_sns(client: Any, sid: str = "sns", **qualified: str) -> dict[str, Any]:
    added = client.add_permission(StatementId=sid, Action="lambda:InvokeFunction", Principal="sns.amazonaws.com", **{"FunctionName": "guarded", **qualified})
    statement: dict[str, Any] = json.loads(added["Statement"])
    return statement


def policy(client: Any, **qualified: str) -> list[tuple[str, str]]:
    document = json.loads(client.get_policy(**{"FunctionName": "guarded", **qualified})["Policy"])
    return [(statement["Sid"], statement["Resource"]) for statement in document["Statement"]]


def error_of(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_the_function_a_version_and_an_alias_each_have_their_own_policy(client: Any) -> None:
    assert allow_sns(client)["Resource"] == ARN
    assert allow_sns(client, Qualifier="live")["Resource"] == f"{ARN}:live"  # the same id, another policy
    assert allow_sns(client, FunctionName="guarded:1")["Resource"] == f"{ARN}:1"  # "name:version" names the version
    assert policy(client) == [("sns", ARN)]
    assert policy(client, Qualifier="live") == [("sns", f"{ARN}:live")]
    assert policy(client, FunctionName=f"{ARN}:live") == [("sns", f"{ARN}:live")]
    assert policy(client, Qualifier="1") == [("sns", f"{ARN}:1")]
    assert policy(client, Qualifier="$LATEST") == [("sns", ARN)]


def test_a_statement_id_a_policy_already_has_is_refused_and_latest_takes_no_policy(client: Any) -> None:
    allow_sns(client, Qualifier="live")
    assert error_of(lambda: allow_sns(client, Qualifier="live")) == ("ResourceConflictException", "The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.")
    assert error_of(lambda: allow_sns(client, "other", Qualifier="$LATEST")) == ("InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
    assert error_of(lambda: allow_sns(client, "other", Qualifier="gone"))[0] == "ResourceNotFoundException"
    assert policy(client, Qualifier="live") == [("sns", f"{ARN}:live")]
    # a policy with no statement is not found, as on Lambda
    assert error_of(lambda: policy(client))[0] == "ResourceNotFoundException"


def test_remove_permission_removes_from_the_qualifier_s_policy_only(client: Any) -> None:
    allow_sns(client)
    allow_sns(client, Qualifier="live")
    client.remove_permission(FunctionName="guarded", StatementId="sns", Qualifier="live")
    assert policy(client) == [("sns", ARN)]  # moto removed the function's statement here
    assert error_of(lambda: client.remove_permission(FunctionName="guarded", StatementId="sns", Qualifier="live"))[0] == "ResourceNotFoundException"
    revision = client.get_policy(FunctionName="guarded")["RevisionId"]
    assert error_of(lambda: client.remove_permission(FunctionName="guarded", StatementId="sns", RevisionId="not-it"))[0] == "PreconditionFailedException"
    client.remove_permission(FunctionName="guarded", StatementId="sns", RevisionId=revision)  # moto refused any RevisionId
    assert error_of(lambda: policy(client))[0] == "ResourceNotFoundException"


def test_an_alias_s_and_a_version_s_policies_go_with_them(client: Any) -> None:
    allow_sns(client)
    allow_sns(client, Qualifier="live")
    allow_sns(client, Qualifier="1")
    client.delete_alias(FunctionName="guarded", Name="live")
    client.create_alias(FunctionName="guarded", Name="live", FunctionVersion="1")
    assert error_of(lambda: policy(client, Qualifier="live"))[0] == "ResourceNotFoundException"
    client.delete_alias(FunctionName="guarded", Name="live")
    client.delete_function(FunctionName="guarded", Qualifier="1")
    assert policy(client) == [("sns", ARN)]


def test_a_function_url_s_parameters_are_the_conditions_lambda_writes(client: Any) -> None:
    client.add_permission(FunctionName="guarded", StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE")
    client.add_permission(FunctionName="guarded", StatementId="invoke", Action="lambda:InvokeFunction", Principal="*", InvokedViaFunctionUrl=True)
    document = json.loads(client.get_policy(FunctionName="guarded")["Policy"])
    by_sid = {statement["Sid"]: statement for statement in document["Statement"]}
    assert by_sid["url"]["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}
    assert by_sid["invoke"]["Condition"] == {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}
    assert "FunctionUrlAuthType" not in by_sid["url"] and "InvokedViaFunctionUrl" not in by_sid["invoke"]
    # beside a source's condition
    statement = allow_sns(client, "sourced", Qualifier="live")
    assert "Condition" not in statement
    sourced = client.add_permission(FunctionName="guarded", StatementId="both", Action="lambda:InvokeFunction", Principal="*", InvokedViaFunctionUrl=True, SourceAccount="123456789012")
    assert json.loads(sourced["Statement"])["Condition"] == {"StringEquals": {"AWS:SourceAccount": "123456789012"}, "Bool": {"lambda:InvokedViaFunctionUrl": "true"}}
