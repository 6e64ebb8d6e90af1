"""Tests of local/emulator/function_url_auth.py against moto in process: a
function URL request signed with SigV4 by a caller whose policy allows
lambda:InvokeFunctionUrl and lambda:InvokeFunction is allowed; an unsigned
one, a tampered one, and one from a caller without both permissions are not.
An AuthType NONE URL answers whom the function's resource policy allows both,
judged with the URL call's context. The URL ends with "/"."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from emulator import registry
from emulator.function_url_auth import authorize, authorize_public

registry.install_service("lambda")

ACCOUNT = "123456789012"
URL = "https://abc123.lambda-url.us-east-1.on.aws/orders?x=1"


def _signed(access_key: str, secret: str, body: bytes = b'{"n":1}', token: str | None = None) -> dict[str, Any]:
    request = AWSRequest(method="POST", url=URL, data=body, headers={"content-type": "application/json"})
    SigV4Auth(Credentials(access_key, secret, token), "lambda", "us-east-1").add_auth(request)
    return {"method": "POST", "url": URL, "headers": dict(request.headers.items()), "body": base64.b64encode(body).decode()}


# Both permissions a function URL call needs; the second only through a URL, as AWS's guide writes it.
BOTH: list[dict[str, Any]] = [
    {"Effect": "Allow", "Action": "lambda:InvokeFunctionUrl", "Resource": "{arn}"},
    {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "{arn}", "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}},
]


def _user_with_key(name: str, statements: list[dict[str, Any]], function_arn: str) -> tuple[str, str]:
    from moto.iam.models import iam_backends

    iam = iam_backends[ACCOUNT]["aws"]
    iam.create_user("us-east-1", name, path="/", tags=[])
    if statements:
        document = json.loads(json.dumps({"Version": "2012-10-17", "Statement": statements}).replace("{arn}", function_arn))
        iam.put_user_policy(name, "invoke-url", json.dumps(document))
    key = iam.create_access_key(name)
    return key.access_key_id, key.secret_access_key


def test_a_signed_request_of_an_allowed_user_passes_and_others_do_not(new_function: Callable[..., Any]) -> None:
    function = new_function("url-auth-fn")
    allowed = _user_with_key("url-caller", BOTH, function.function_arn)
    other = _user_with_key("url-stranger", [], function.function_arn)
    request = {**_signed(*allowed), "functionArn": function.function_arn}
    assert authorize(request)["allowed"] is True
    assert authorize({**_signed(*other), "functionArn": function.function_arn})["allowed"] is False
    tampered = {**request, "body": base64.b64encode(b'{"n":2}').decode()}
    assert authorize(tampered) == {"allowed": False, "refusal": "bad-signature", "principal": f"arn:aws:iam::{ACCOUNT}:user/url-caller", "reason": "the signature does not match"}
    unsigned = {**request, "headers": {"content-type": "application/json"}}
    assert authorize(unsigned)["allowed"] is False


def test_lambda_invoke_function_url_alone_is_not_enough(new_function: Callable[..., Any]) -> None:
    """Since October 2025 (every URL since November 2026) a URL call needs lambda:InvokeFunction too."""
    function = new_function("url-half-fn")
    half = _user_with_key("url-half", BOTH[:1], function.function_arn)
    verdict = authorize({**_signed(*half), "functionArn": function.function_arn})
    assert (verdict["allowed"], verdict["reason"]) == (False, f"no policy allows lambda:InvokeFunction on {function.function_arn} for arn:aws:iam::{ACCOUNT}:user/url-half")


def test_an_http_api_route_needs_execute_api_invoke_by_identity(new_function: Callable[..., Any]) -> None:
    from moto.iam.models import iam_backends

    route = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:api123/$default/GET/orders"
    iam = iam_backends[ACCOUNT]["aws"]
    iam.create_user("us-east-1", "api-caller", path="/", tags=[])
    iam.put_user_policy("api-caller", "invoke-api", json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": f"arn:aws:execute-api:us-east-1:{ACCOUNT}:api123/*/GET/*"}]}))
    key = iam.create_access_key("api-caller")
    caller = (key.access_key_id, key.secret_access_key)
    assert authorize({**_signed(*caller), "executeApiArn": route}) == {"allowed": True, "principal": f"arn:aws:iam::{ACCOUNT}:user/api-caller"}
    other_route = route.replace("GET/orders", "POST/orders")
    assert authorize({**_signed(*caller), "executeApiArn": other_route})["refusal"] == "not-allowed"
    assert authorize({**_signed(*caller), "headers": {}, "executeApiArn": route})["refusal"] == "unsigned"


def test_the_administrator_s_keys_pass(new_function: Callable[..., Any]) -> None:
    function = new_function("url-admin-fn")
    assert authorize({**_signed("test", "test"), "functionArn": function.function_arn})["allowed"] is True
    assert authorize({**_signed("test", "wrong"), "functionArn": function.function_arn})["allowed"] is False


def test_a_function_url_ends_with_a_slash(new_function: Callable[..., Any]) -> None:
    function = new_function("url-slash-fn")
    from moto.awslambda import models as lambda_models

    config = lambda_models.lambda_backends[ACCOUNT]["us-east-1"].create_function_url_config(function.function_name, {"AuthType": "AWS_IAM"})
    assert config.to_dict()["FunctionUrl"].endswith(".on.aws/")


def test_a_public_url_needs_both_statements_for_everyone_with_conditions_that_hold_for_a_url_call(aliased_function: Callable[..., Any]) -> None:
    client = aliased_function("public-fn")
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:public-fn"

    def allow(sid: str, action: str, **extra: Any) -> None:
        client.add_permission(FunctionName="public-fn", StatementId=sid, Action=action, **{"Principal": "*", **extra})

    def verdict(function_arn: str = arn) -> tuple[bool, str]:
        answer = authorize_public(function_arn)
        return answer["allowed"], answer.get("reason", "")

    assert verdict() == (False, f"the resource policy does not allow lambda:InvokeFunctionUrl on {arn} for everyone")
    # A statement written for AWS_IAM URLs, or for calls from one account, does not hold for a NONE URL's call.
    allow("iam-only", "lambda:InvokeFunctionUrl", FunctionUrlAuthType="AWS_IAM")
    allow("one-account", "lambda:InvokeFunction", SourceAccount=ACCOUNT)
    assert verdict()[0] is False
    allow("url", "lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    assert verdict() == (False, f"the resource policy does not allow lambda:InvokeFunction on {arn} for everyone")
    allow("invoke-for-an-account", "lambda:InvokeFunction", Principal=ACCOUNT, InvokedViaFunctionUrl=True)
    assert verdict()[0] is False  # not for everyone
    allow("invoke", "lambda:InvokeFunction", InvokedViaFunctionUrl=True)
    assert verdict() == (True, "")
    # The function's statements do not open the alias's URL.
    assert verdict(f"{arn}:live")[0] is False
