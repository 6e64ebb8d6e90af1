"""A function's resource-based policies, one for the function and one for
each version or alias, as Lambda keeps them. AddPermission: "the permissions
you add are specific to the Lambda function version or alias you specify",
and "Lambda does not support adding policies to version $LATEST".

moto 5.2.5 kept one list of statements for a function and all its versions
and aliases: GetPolicy with any Qualifier returned every statement, the same
StatementId could be added twice (to the same policy too), RemovePermission
ignored Qualifier (it removed the first statement with that id, whatever it
named) and refused any RevisionId, and a deleted alias's statements came back
with an alias of the same name.

The statements stay in moto's one list: every check of who may invoke
(SNS, EventBridge, S3, API Gateway, function URLs, the runtime) reads it and
matches each statement's Resource to what is invoked. What each action sees
is the policy of its qualifier: the statements whose Resource is the
unqualified ARN (no qualifier, or $LATEST), or the version's or alias's ARN.

- AddPermission with Qualifier $LATEST: Lambda's InvalidParameterValueException;
  a StatementId that policy already has: ResourceConflictException (409).
- GetPolicy: that policy; no statement in it: ResourceNotFoundException.
- RemovePermission: the statement with that id in that policy, else
  ResourceNotFoundException; a RevisionId is compared as given.
- DeleteAlias, and DeleteFunction of a version, drop that policy.
- FunctionUrlAuthType and InvokedViaFunctionUrl become the statement's
  conditions (lambda:FunctionUrlAuthType, lambda:InvokedViaFunctionUrl), as
  GetPolicy shows them on Lambda.

One RevisionId still covers all of a function's policies (moto's), where
Lambda keeps one per policy."""

from __future__ import annotations

import json
from typing import Any

from moto.awslambda.exceptions import GenericResourcNotFound, InvalidParameterValueException, LambdaClientError, PreconditionFailedException, UnknownPolicyException

from .lambda_versions import chosen_qualifier, function_request, unqualified_arn, without_qualifier


class _StatementConflict(LambdaClientError):
    code = 409

    def __init__(self, sid: str) -> None:
        super().__init__("ResourceConflictException", f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.")


def _policy_of(response: Any) -> tuple[Any, str | None, str]:
    """(the function, the request's qualifier or None, the Resource its policy's statements name).
    An unknown function, version or alias: moto's ResourceNotFoundException."""
    backend, named, qualifier = function_request(response)
    named, in_name = without_qualifier(named)  # "name:qualifier" or a qualified ARN
    qualifier = in_name or qualifier
    fn = backend.get_function(named, None if qualifier == "$LATEST" else qualifier)
    base = unqualified_arn(fn)
    return fn, qualifier, base if qualifier in (None, "$LATEST") else f"{base}:{qualifier}"


def _statements(fn: Any, resource: str) -> list[dict[str, Any]]:
    return [statement for statement in fn.policy.statements if statement.get("Resource") == resource]


# AddPermission's function URL parameters, kept as the conditions Lambda writes
# for them (moto kept them as unknown keys of the statement, which no policy
# check reads): (parameter, condition operator, condition key).
_URL_CONDITIONS = (
    ("FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"),
    ("InvokedViaFunctionUrl", "Bool", "lambda:InvokedViaFunctionUrl"),
)


def add_permission(self: Any) -> str:
    fn, qualifier, resource = _policy_of(self)
    if qualifier == "$LATEST":
        raise InvalidParameterValueException("We currently do not support adding policies for $LATEST.")
    request = json.loads(self.body)
    sid = request.get("StatementId")
    if sid is not None and any(statement.get("Sid") == sid for statement in _statements(fn, resource)):
        raise _StatementConflict(sid)
    conditions = {(operator, key): request.pop(name) for name, operator, key in _URL_CONDITIONS if name in request}
    statement, _ = fn.policy.add_statement(json.dumps(request), qualifier)
    for (operator, key), value in conditions.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        statement.setdefault("Condition", {}).setdefault(operator, {})[key] = text
    return json.dumps({"Statement": json.dumps(statement)})


def get_policy(self: Any) -> str:
    fn, _, resource = _policy_of(self)
    statements = _statements(fn, resource)
    if not statements:
        raise GenericResourcNotFound()
    policy = {"Version": "2012-10-17", "Id": "default", "Statement": statements}
    return json.dumps({"Policy": json.dumps(policy), "RevisionId": fn.policy.revision})


def remove_permission(self: Any) -> tuple[int, dict[str, Any], str]:
    fn, _, resource = _policy_of(self)
    sid = self.path.rstrip("/").rsplit("/", 1)[1]
    revision = self.querystring.get("RevisionId", [""])[0]
    if revision and revision != fn.policy.revision:
        raise PreconditionFailedException("The RevisionId provided does not match the latest RevisionId for the Lambda function or alias. Call the GetFunction or the GetAlias API to retrieve the latest RevisionId for your resource.")
    statement = next((statement for statement in _statements(fn, resource) if statement.get("Sid") == sid), None)
    if statement is None:
        raise UnknownPolicyException()
    fn.policy.statements.remove(statement)
    return 204, {"status": 204}, "{}"


def _forget(fn: Any, resource: str) -> None:
    fn.policy.statements[:] = [statement for statement in fn.policy.statements if statement.get("Resource") != resource]


def delete_alias(original: Any, self: Any, name: str, function_name: str) -> Any:
    """DeleteAlias: the alias's policy goes with it."""
    fn = self.get_function(function_name)
    result = original(self, name, function_name)
    _forget(fn, f"{unqualified_arn(fn)}:{name}")
    return result


def delete_function(original: Any, self: Any, function_name: str, qualifier: str | None = None) -> Any:
    """DeleteFunction of a version: the version's policy goes with it (a whole function takes its list)."""
    fn = self.get_function(function_name)
    result = original(self, function_name, qualifier)
    chosen = chosen_qualifier(function_name, qualifier)
    if chosen and chosen != "$LATEST":
        _forget(fn, f"{unqualified_arn(fn)}:{chosen}")
    return result
