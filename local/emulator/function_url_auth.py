"""SigV4-authorized calls (function URLs and HTTP API routes with AWS_IAM): who signed, and may they.

Lambda checks an AWS_IAM URL's request before it invokes the function: the
SigV4 signature must match the caller's credentials, and the caller must be
allowed both lambda:InvokeFunctionUrl and lambda:InvokeFunction on the function
(required since October 2025, for every URL since November 2026), each by its
identity policies or by the function's resource policy; lambda:InvokedViaFunctionUrl
is true for such a call. Otherwise it answers 403 {"Message":"Forbidden"}.
API Gateway checks an HTTP API route with AWS_IAM authorization the same way,
for execute-api:Invoke on the route's ARN, by identity policies only.
An AuthType NONE URL answers anyone the function's resource policy allows
both actions, with the request's context (lambda:FunctionUrlAuthType NONE,
lambda:InvokedViaFunctionUrl true): a statement for AWS_IAM URLs, or one whose
condition names a source ARN or account, does not open it.

The runtime serves both, but the credentials live here, so it asks:
POST URL_AUTH_PATH with the request ({method, url, headers, body (base64),
functionArn or executeApiArn}) answers {"allowed", "principal", "reason"};
{publicFunctionArn} asks the same for an AuthType NONE URL. The signature is
recomputed with botocore's SigV4 signer over the headers the request signed.
Credentials known here: an assumed role's session (STS), an IAM user's access
keys, and the account administrator's `test`/`test` (the lab's dummy keys)."""

from __future__ import annotations

import base64
import hmac
import re
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto.core import DEFAULT_ACCOUNT_ID

from .contract import URL_AUTH_PATH, serving_json_post
from .iam_enforcement import _assumed_role, _document, _role_documents, function_policy, managed_documents
from .iam_policy import EXPLICIT_DENY, evaluate

_AUTHORIZATION = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)")
ADMIN_KEYS = ("test", "test")
# What a function URL call needs, whatever its AuthType (both since October 2025).
URL_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")


def _user_documents(account: str, user: Any) -> list[dict[str, Any]]:
    """An IAM user's identity policies: inline, attached, and its groups'."""
    from moto.iam.models import iam_backends

    backend = iam_backends[account]["aws"]
    documents = [_document(text) for text in user.policies.values()] + managed_documents(user.managed_policies)
    for group in backend.get_groups_for_user(user.name):
        documents += [_document(text) for text in group.policies.values()] + managed_documents(group.managed_policies)
    return documents


def _caller(access_key: str) -> tuple[str, str | None, dict[str, Any]] | None:
    """(secret key, token, principal) of an access key the emulator issued, or None."""
    role = _assumed_role(access_key)
    if role is not None:
        return role.secret_access_key, role.session_token, {"arn": role.arn, "role_arn": role.role_arn, "account": role.account_id, "documents": _role_documents(role.account_id, role.role_arn)}
    from moto.iam.models import iam_backends

    for account, partitions in list(iam_backends.items()):
        key = partitions["aws"].access_keys.get(access_key)
        if key is not None and key.user_name:
            user = partitions["aws"].get_user(key.user_name)
            return key.secret_access_key, None, {"arn": user.arn, "account": account, "documents": _user_documents(account, user)}
    if access_key == ADMIN_KEYS[0]:
        return ADMIN_KEYS[1], None, {"arn": f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root", "account": DEFAULT_ACCOUNT_ID, "admin": True}
    return None


def _signature_matches(request: dict[str, Any], secret: str, token: str | None, match: re.Match[str]) -> bool:
    access_key, _, region, service, signed, signature = match.groups()
    headers = {name.lower(): value for name, value in request["headers"].items()}
    amz_date = headers.get("x-amz-date", "")
    headers.setdefault("host", urlsplit(request["url"]).netloc)  # a client sends it; botocore derives it from the URL
    signed_headers = {name: headers.get(name, "") for name in signed.split(";")}
    body = base64.b64decode(request.get("body") or "")
    aws_request = AWSRequest(method=request["method"], url=request["url"], headers=signed_headers, data=body)
    aws_request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(access_key, secret, token), service, region)
    canonical = signer.canonical_request(aws_request)
    expected = signer.signature(signer.string_to_sign(aws_request, canonical), aws_request)
    return hmac.compare_digest(expected, signature)


def authorize(request: dict[str, Any]) -> dict[str, Any]:
    """Whether a function URL request may invoke the function (see the module's docstring)."""
    headers = {name.lower(): value for name, value in request["headers"].items()}
    match = _AUTHORIZATION.fullmatch(headers.get("authorization", "").strip())
    if match is None:
        return {"allowed": False, "refusal": "unsigned", "reason": "the request is not signed (AWS_IAM needs a SigV4 signature)"}
    caller = _caller(match.group(1))
    if caller is None:
        return {"allowed": False, "refusal": "unknown-key", "reason": f"the access key {match.group(1)} is unknown"}
    secret, token, principal = caller
    if token is not None and headers.get("x-amz-security-token") != token:
        return {"allowed": False, "refusal": "bad-token", "reason": "the session token is missing or wrong"}
    if not _signature_matches(request, secret, token, match):
        return {"allowed": False, "refusal": "bad-signature", "principal": principal["arn"], "reason": "the signature does not match"}
    if principal.get("admin"):
        return {"allowed": True, "principal": principal["arn"]}
    if request.get("executeApiArn"):
        return _may_invoke_route(principal, request["executeApiArn"])
    function_arn = request["functionArn"]
    context = {"aws:PrincipalArn": principal.get("role_arn", principal["arn"]), "aws:PrincipalAccount": principal["account"], "lambda:FunctionUrlAuthType": "AWS_IAM", "lambda:InvokedViaFunctionUrl": "true"}
    function_policy_document = _function_policy_of(function_arn)
    for action in URL_ACTIONS:
        identity = evaluate(principal["documents"], action, function_arn, context)
        resource = evaluate([function_policy_document], action, function_arn, context, caller={"arn": principal["arn"], "role_arn": principal.get("role_arn", ""), "account": principal["account"]})
        if EXPLICIT_DENY in (identity.effect, resource.effect) or not (identity.allowed or resource.allowed):
            return {"allowed": False, "refusal": "not-allowed", "principal": principal["arn"], "reason": f"no policy allows {action} on {function_arn} for {principal['arn']}"}
    return {"allowed": True, "principal": principal["arn"]}


def authorize_public(function_arn: str) -> dict[str, Any]:
    """Whether anyone may call an AuthType NONE URL of `function_arn` (qualified for an alias's URL)."""
    context = {"lambda:FunctionUrlAuthType": "NONE", "lambda:InvokedViaFunctionUrl": "true"}
    policy = _function_policy_of(function_arn)
    for action in URL_ACTIONS:
        # No caller to name: only a statement for everyone ("*") applies.
        if not evaluate([policy], action, function_arn, context, caller={}).allowed:
            return {"allowed": False, "refusal": "not-allowed", "reason": f"the resource policy does not allow {action} on {function_arn} for everyone"}
    return {"allowed": True}


def _may_invoke_route(principal: dict[str, Any], route_arn: str) -> dict[str, Any]:
    """execute-api:Invoke on an HTTP API route, by the caller's identity policies."""
    context = {"aws:PrincipalArn": principal.get("role_arn", principal["arn"]), "aws:PrincipalAccount": principal["account"]}
    decision = evaluate(principal["documents"], "execute-api:Invoke", route_arn, context)
    if decision.allowed:
        return {"allowed": True, "principal": principal["arn"]}
    return {"allowed": False, "principal": principal["arn"], "refusal": "not-allowed", "reason": f"no identity-based policy allows execute-api:Invoke on {route_arn}"}


def _function_policy_of(function_arn: str) -> dict[str, Any]:
    from moto.awslambda.models import lambda_backends

    parts = function_arn.split(":")
    try:
        return function_policy(lambda_backends[parts[4]][parts[3]].get_function(parts[6]))
    except Exception:
        return {"Statement": []}


def serving_url_auth(app: Any) -> Any:
    """The WSGI app with POST URL_AUTH_PATH answered by authorize()."""
    return serving_json_post(app, URL_AUTH_PATH, lambda request: authorize_public(request["publicFunctionArn"]) if "publicFunctionArn" in request else authorize(request))


def url_with_slash(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    """FunctionUrl ends with "/", as AWS answers it."""
    original(self, *args, **kwargs)
    if not self.url.endswith("/"):
        self.url += "/"
