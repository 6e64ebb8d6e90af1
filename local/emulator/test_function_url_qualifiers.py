"""Tests of local/emulator/function_url_qualifiers.py through boto3 against moto
in process: an alias has a URL of its own, with the alias's ARN, beside the
function's (moto 5.2.5 ignored `Qualifier` and replaced the function's URL);
what Lambda refuses is refused with its error; a function's URLs are listed;
an alias's URL goes with the alias."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator import registry
from emulator.conftest import new_code

registry.install_service("lambda")

ARN = "arn:aws:lambda:us-east-1:123456789012:function:fronted"


@pytest.fixture
def client(aliased_function: Callable[[str], Any]) -> Any:
    """A Lambda client and a function `fronted` with version 1 and the alias `live` pointing at it."""
    return aliased_function("fronted")


def error_of(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_an_alias_has_its_own_url_beside_the_functions(client: Any) -> None:
    own = client.create_function_url_config(FunctionName="fronted", AuthType="NONE")
    aliased = client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="AWS_IAM")
    assert own["FunctionArn"] == ARN
    assert aliased["FunctionArn"] == f"{ARN}:live"
    assert aliased["FunctionUrl"] != own["FunctionUrl"]
    own_read = client.get_function_url_config(FunctionName="fronted")
    assert (own_read["AuthType"], own_read["ResponseMetadata"]["HTTPStatusCode"]) == ("NONE", 200)
    got = client.get_function_url_config(FunctionName="fronted", Qualifier="live")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (got["FunctionArn"], got["FunctionUrl"], got["AuthType"]) == (f"{ARN}:live", aliased["FunctionUrl"], "AWS_IAM")
    # "name:alias" names the alias as Qualifier does
    assert client.get_function_url_config(FunctionName="fronted:live")["FunctionUrl"] == aliased["FunctionUrl"]


def test_update_and_delete_act_on_the_alias_url_only(client: Any) -> None:
    client.create_function_url_config(FunctionName="fronted", AuthType="NONE")
    client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="NONE")
    updated = client.update_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="AWS_IAM", Cors={"AllowOrigins": ["https://app.example.com"]})
    assert (updated["FunctionArn"], updated["AuthType"], updated["Cors"]["AllowOrigins"]) == (f"{ARN}:live", "AWS_IAM", ["https://app.example.com"])
    assert client.get_function_url_config(FunctionName="fronted")["AuthType"] == "NONE"
    client.delete_function_url_config(FunctionName="fronted", Qualifier="live")
    assert error_of(lambda: client.get_function_url_config(FunctionName="fronted", Qualifier="live"))[0] == "ResourceNotFoundException"
    assert client.get_function_url_config(FunctionName="fronted")["FunctionArn"] == ARN


def test_what_lambda_refuses_is_refused_with_its_error(client: Any) -> None:
    code, message = error_of(lambda: client.create_function_url_config(FunctionName="fronted", Qualifier="1", AuthType="NONE"))
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern")
    assert error_of(lambda: client.create_function_url_config(FunctionName="fronted", Qualifier="nosuch", AuthType="NONE"))[0] == "ResourceNotFoundException"
    client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="NONE")
    code, message = error_of(lambda: client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="NONE"))
    assert code == "ResourceConflictException"
    assert f"[functionArn = {ARN}:live]" in message
    client.create_function_url_config(FunctionName="fronted", AuthType="NONE")
    assert error_of(lambda: client.create_function_url_config(FunctionName="fronted", AuthType="NONE"))[0] == "ResourceConflictException"


def test_a_functions_urls_are_listed_and_an_alias_url_goes_with_the_alias(client: Any) -> None:
    client.create_function_url_config(FunctionName="fronted", AuthType="NONE")
    client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="NONE")
    listed = client.list_function_url_configs(FunctionName="fronted")["FunctionUrlConfigs"]
    assert [config["FunctionArn"] for config in listed] == [ARN, f"{ARN}:live"]
    client.delete_alias(FunctionName="fronted", Name="live")
    assert [config["FunctionArn"] for config in client.list_function_url_configs(FunctionName="fronted")["FunctionUrlConfigs"]] == [ARN]
    client.create_alias(FunctionName="fronted", Name="live", FunctionVersion="1")
    assert error_of(lambda: client.get_function_url_config(FunctionName="fronted", Qualifier="live"))[0] == "ResourceNotFoundException"


def test_deleting_a_version_named_in_the_function_name_keeps_the_alias_urls(client: Any) -> None:
    client.update_function_code(FunctionName="fronted", ZipFile=new_code(2))
    assert client.publish_version(FunctionName="fronted")["Version"] == "2"
    client.create_function_url_config(FunctionName="fronted", Qualifier="live", AuthType="NONE")
    client.delete_function(FunctionName="fronted:2")  # moto deletes version 2 only
    assert client.get_function_url_config(FunctionName="fronted", Qualifier="live")["FunctionArn"] == f"{ARN}:live"
