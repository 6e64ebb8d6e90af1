"""Versions, aliases and provisioned concurrency, as the Lambda developer guide
describes them ("Manage Lambda function versions", "Create an alias",
"Configuring provisioned concurrency"). moto keeps versions and aliases; here:

- Invoke's `Qualifier` is read. moto looks for a lowercase `qualifier` (in the
  query string, else in the event's own JSON), so `--qualifier live` ran
  $LATEST, and an event with a "qualifier" field picked the version.
- Invoke hands the runtime the ARN as it was invoked (unqualified, a version's
  or an alias's): the runtime picks the version's environments and gives the
  handler that ARN as `context.invokedFunctionArn`, as Lambda does.
- Provisioned concurrency configs (Put, Get, Delete, List), which moto lacks,
  kept per version or alias, and deleted with it. The runtime prepares the
  environments; a config is READY once it reports them all ready,
  IN_PROGRESS until then."""

from __future__ import annotations

import copy
import json
import urllib.error
import urllib.request
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, unquote

from moto.core.exceptions import JsonRESTError

from . import lambda_invoke
from .arns import parse_arn
from .contract import RUNTIME_PROVISIONED_URL

# The Qualifier of the Invoke being answered (LambdaResponse.invoke sets it for LambdaBackend.invoke).
_QUALIFIER: ContextVar[str | None] = ContextVar("invoke_qualifier", default=None)


def response_invoke(original: Any, self: Any) -> Any:
    """LambdaResponse.invoke with the query string's `Qualifier` kept for the backend."""
    token = _QUALIFIER.set(self.querystring.get("Qualifier", [None])[0])
    try:
        return original(self)
    finally:
        _QUALIFIER.reset(token)


def unqualified_arn(fn: Any) -> str:
    """The function's ARN without a qualifier (moto's copy of a version carries the version's)."""
    head, _, _ = fn.function_arn.partition(":function:")
    return f"{head}:function:{fn.function_name}"


def qualifier_in(name_or_arn: str) -> str | None:
    """The qualifier in "name:qualifier" or in an ARN's "function:name:qualifier", if any."""
    named = parse_arn(name_or_arn).resource.split(":", 1)[1] if name_or_arn.startswith("arn:") else name_or_arn
    return named.partition(":")[2] or None


def chosen_qualifier(name_or_arn: str, qualifier: str | None) -> str | None:
    """The qualifier a request names: the one in "name:qualifier" or in the ARN, else `Qualifier` (as moto reads Invoke and DeleteFunction)."""
    return qualifier_in(name_or_arn) or qualifier


def without_qualifier(name_or_arn: str) -> tuple[str, str | None]:
    """("name" or the unqualified ARN, the qualifier) of "name:qualifier" or a qualified ARN; (name_or_arn, None) without one."""
    in_name = qualifier_in(name_or_arn)
    return (name_or_arn[: -len(in_name) - 1], in_name) if in_name else (name_or_arn, None)


def qualified_arn(fn: Any, name_or_arn: str, qualifier: str | None = None) -> str:
    """The function's ARN as invoked: with the qualifier given in "name:qualifier" or in the ARN, else in `Qualifier`, else unqualified."""
    chosen = chosen_qualifier(name_or_arn, qualifier)
    return f"{unqualified_arn(fn)}:{chosen}" if chosen else unqualified_arn(fn)


def policy_resource(fn: Any, name_or_arn: str, qualifier: str | None = None) -> str:
    """The resource a resource-policy statement must name for this invocation: an alias's or
    a version's ARN, or the unqualified one (moto stores a $LATEST statement unqualified)."""
    return qualified_arn(fn, name_or_arn, qualifier).removesuffix(":$LATEST")


def backend_invoke(original: Any, self: Any, function_name: str, qualifier: str | None, body: Any, headers: Any, response_headers: Any) -> Any:
    """LambdaBackend.invoke: the version or alias named by the request's Qualifier (not moto's reading of it), run by the runtime."""
    qualifier = _QUALIFIER.get()
    fn = self.get_function(function_name, qualifier)  # an unknown version or alias: ResourceNotFoundException
    payload: bytes = lambda_invoke.invoke(fn, qualified_arn(fn, function_name, qualifier), body, headers, response_headers)
    response_headers["Content-Length"] = str(len(payload))
    return payload


def all_functions(self: Any) -> list[Any]:
    """LambdaStorage.all (ListFunctions with FunctionVersion ALL): each $LATEST
    as a shallow copy whose ARN ends in :$LATEST, then its versions. moto made
    a deep copy of each function, its zip included, for every call: 16 ms
    against 6.6 for the $LATEST list with 100 small functions, and the
    runtime lists them all each time the Lambda API changes."""
    result: list[Any] = []
    for group in list(self._functions.values()):
        latest = copy.copy(group["latest"])
        latest.function_arn = f"{latest.function_arn}:$LATEST"
        result.append(latest)
        result.extend(group["versions"])
    return result


# --- Provisioned concurrency -------------------------------------------------


class _ConfigNotFound(JsonRESTError):
    code = 404

    def __init__(self) -> None:
        super().__init__("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")


def _invalid(message: str) -> JsonRESTError:
    from moto.awslambda.exceptions import InvalidParameterValueException

    return InvalidParameterValueException(message)


def _configs(backend: Any) -> dict[str, dict[str, Any]]:
    """The backend's configs by qualified ARN: on the backend, so its snapshot keeps them."""
    configs: dict[str, dict[str, Any]] = backend.__dict__.setdefault("streamlab_provisioned", {})
    return configs


def function_request(response: Any) -> tuple[Any, str, str | None]:
    """(backend, function name or ARN, Qualifier) of a request to /functions/<name>/…"""
    name = unquote(response.path.split("/functions/", 1)[1].split("/", 1)[0])
    return response.backend, name, response.querystring.get("Qualifier", [None])[0]


def _target(backend: Any, name: str, qualifier: str | None) -> tuple[Any, str]:
    """The version or alias a config is for, and its qualified ARN; $LATEST (or no qualifier) is refused as Lambda refuses it."""
    if not qualifier or qualifier == "$LATEST":
        raise _invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    fn = backend.get_function(name, qualifier)
    return fn, qualified_arn(fn, name, qualifier)


def _available(arn: str) -> int:
    """How many of the config's environments the runtime has ready (0 when it is not running)."""
    try:
        with urllib.request.urlopen(f"{RUNTIME_PROVISIONED_URL}?function={quote(arn, safe='')}", timeout=2) as reply:
            return int(json.loads(reply.read()).get("available", 0))
    except (urllib.error.URLError, OSError, ValueError):
        return 0


def _described(arn: str, config: dict[str, Any], with_arn: bool) -> dict[str, Any]:
    requested = int(config["requested"])
    available = min(requested, _available(arn))
    ready = available >= requested
    described = {
        "RequestedProvisionedConcurrentExecutions": requested,
        "AvailableProvisionedConcurrentExecutions": available,
        "AllocatedProvisionedConcurrentExecutions": available,
        "Status": "READY" if ready else "IN_PROGRESS",
        "LastModified": config["lastModified"],
    }
    if with_arn:
        described = {"FunctionArn": arn, **described}
    return described


def put_provisioned_concurrency_config(self: Any) -> Any:
    backend, name, qualifier = function_request(self)
    fn, arn = _target(backend, name, qualifier)
    requested = json.loads(self.body or "{}").get("ProvisionedConcurrentExecutions")
    if not isinstance(requested, int) or requested < 1:
        raise _invalid("1 validation error detected: Value at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")
    reserved = backend._lambdas._get_latest(fn.function_name).reserved_concurrency  # the function's, not kept per version
    if reserved is not None and requested > int(reserved):
        raise _invalid(f"Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function {fn.function_name}")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"
    _configs(backend)[arn] = {"requested": requested, "lastModified": now}
    return 202, {}, json.dumps({"RequestedProvisionedConcurrentExecutions": requested, "Status": "IN_PROGRESS", "LastModified": now})


def get_provisioned_concurrency_config(self: Any) -> Any:
    backend, name, qualifier = function_request(self)
    _, arn = _target(backend, name, qualifier)
    config = _configs(backend).get(arn)
    if config is None:
        raise _ConfigNotFound()
    return 200, {}, json.dumps(_described(arn, config, with_arn=False))


def delete_provisioned_concurrency_config(self: Any) -> Any:
    backend, name, qualifier = function_request(self)
    _, arn = _target(backend, name, qualifier)
    if _configs(backend).pop(arn, None) is None:
        raise _ConfigNotFound()
    return 204, {}, ""


def forget_under(store: dict[str, Any], prefix: str) -> None:
    """Drops what a store keyed by qualified ARN holds for `prefix`: an alias's ARN, or a function's (all of its qualifiers)."""
    for arn in [arn for arn in store if arn == prefix or arn.startswith(f"{prefix}:")]:
        del store[arn]


def delete_alias(original: Any, self: Any, name: str, function_name: str) -> Any:
    """DeleteAlias: the alias's provisioned concurrency config goes with it, as on Lambda."""
    fn = self.get_function(function_name)
    result = original(self, name, function_name)
    forget_under(_configs(self), f"{unqualified_arn(fn)}:{name}")
    return result


def delete_function(original: Any, self: Any, function_name: str, qualifier: str | None = None) -> Any:
    """DeleteFunction: a deleted version's config goes with it, and every config of a deleted function."""
    fn = self.get_function(function_name, qualifier)
    base = unqualified_arn(fn)
    result = original(self, function_name, qualifier)
    deleted = chosen_qualifier(function_name, qualifier)  # "name:2" deletes version 2 only
    if deleted:
        _configs(self).pop(f"{base}:{deleted}", None)
    else:
        forget_under(_configs(self), base)
    return result


def list_provisioned_concurrency_configs(self: Any) -> Any:
    backend, name, _ = function_request(self)
    fn = backend.get_function(name)
    prefix = unqualified_arn(fn) + ":"
    found = [_described(arn, config, with_arn=True) for arn, config in sorted(_configs(backend).items()) if arn.startswith(prefix)]
    return 200, {}, json.dumps({"ProvisionedConcurrencyConfigs": found})
