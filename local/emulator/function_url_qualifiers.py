"""Function URLs of aliases, as the Lambda developer guide describes them
("Creating and managing Lambda function URLs"): a function has a URL for
$LATEST and one for each alias that has one, each with its own address and its
own ARN. moto ignored `Qualifier` on the four URL actions, so an alias's URL
replaced the function's and ran $LATEST. Here:

- Create, Get, Update and Delete with an alias (`Qualifier`, or "name:alias")
  act on that alias's URL, whose `FunctionArn` is the alias's ARN; no
  qualifier, or $LATEST, acts on the function's own URL, as before.
- A version's number is refused with the API's validation error, an unknown
  alias with ResourceNotFoundException, a second URL for the same function or
  alias with ResourceConflictException.
- ListFunctionUrlConfigs, which moto lacks, lists a function's URLs.
- GetFunctionUrlConfig answers 200, where moto answered 201 Created.
- An alias's URL goes with the alias, and every URL with the function.

The configs are kept on the Lambda backend, so the snapshot and the journal
keep them (as lambda_versions.py keeps provisioned concurrency)."""

from __future__ import annotations

import json
import re
from typing import Any

from moto.awslambda.exceptions import GenericResourcNotFound, LambdaClientError, ValidationException
from moto.awslambda.models import FunctionUrlConfig

from .lambda_versions import chosen_qualifier, forget_under, function_request, unqualified_arn, without_qualifier

# The API's pattern for a URL's Qualifier: $LATEST or an alias's name (never all digits).
_QUALIFIER = re.compile(r"(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))")


class _UrlConflict(LambdaClientError):
    code = 409

    def __init__(self, arn: str) -> None:
        super().__init__("ResourceConflictException", f"Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda function")


def _alias_urls(backend: Any) -> dict[str, FunctionUrlConfig]:
    """The aliases' URL configs by the alias's ARN: on the backend, so its snapshot keeps them."""
    urls: dict[str, FunctionUrlConfig] = backend.__dict__.setdefault("streamlab_alias_urls", {})
    return urls


def _request(response: Any) -> tuple[Any, str, str | None]:
    """(backend, the function's name or unqualified ARN, the alias or None) of a /url or /urls request."""
    backend, named, qualifier = function_request(response)
    named, in_name = without_qualifier(named)  # "name:alias" or "arn:…:function:name:alias"
    qualifier = qualifier or in_name
    if qualifier is not None and not _QUALIFIER.fullmatch(qualifier):
        raise ValidationException(qualifier, "qualifier", f"Member must satisfy regular expression pattern: {_QUALIFIER.pattern}")
    return backend, named, None if qualifier in (None, "$LATEST") else qualifier


def _alias_target(backend: Any, name: str, alias: str) -> tuple[Any, str]:
    """The function ($LATEST) and the alias's ARN; an unknown alias: ResourceNotFoundException."""
    fn = backend.get_function(name)
    backend.get_alias(alias, fn.function_name)  # moto's own error for an alias that does not exist
    return fn, f"{unqualified_arn(fn)}:{alias}"


def _described(config: FunctionUrlConfig, arn: str) -> dict[str, Any]:
    return {**config.to_dict(), "FunctionArn": arn}


def create_function_url_config(original: Any, self: Any) -> Any:
    backend, name, alias = _request(self)
    if alias is None:
        fn = backend.get_function(name)
        if fn.url_config is not None:
            raise _UrlConflict(unqualified_arn(fn))
        return original(self)
    fn, arn = _alias_target(backend, name, alias)
    if arn in _alias_urls(backend):
        raise _UrlConflict(arn)
    config = _alias_urls(backend)[arn] = FunctionUrlConfig(function=fn, config=self.json_body)
    return 201, {"status": 201}, json.dumps(_described(config, arn))


def _alias_config(self: Any) -> tuple[Any, FunctionUrlConfig, str] | None:
    """(backend, the alias's URL config, the alias's ARN), or None for the function's own URL."""
    backend, name, alias = _request(self)
    if alias is None:
        return None
    _, arn = _alias_target(backend, name, alias)
    config = _alias_urls(backend).get(arn)
    if config is None:
        raise GenericResourcNotFound()
    return backend, config, arn


def get_function_url_config(original: Any, self: Any) -> Any:
    found = _alias_config(self)
    if found is None:
        _, _, body = original(self)
        return 200, {}, body  # moto answered 201 Created to a read; Lambda answers 200
    _, config, arn = found
    return 200, {}, json.dumps(_described(config, arn))


def update_function_url_config(original: Any, self: Any) -> Any:
    found = _alias_config(self)
    if found is None:
        return original(self)
    _, config, arn = found
    config.update(self.json_body)
    return 200, {}, json.dumps(_described(config, arn))


def delete_function_url_config(original: Any, self: Any) -> Any:
    found = _alias_config(self)
    if found is None:
        return original(self)
    backend, _, arn = found
    del _alias_urls(backend)[arn]
    return 204, {}, ""


def list_function_url_configs(self: Any) -> Any:
    """ListFunctionUrlConfigs: the function's own URL, then its aliases' (in one page: a function has a handful)."""
    backend, name, _ = _request(self)
    fn = backend.get_function(name)
    base = unqualified_arn(fn)
    found = [fn.url_config.to_dict()] if fn.url_config is not None else []
    found += [_described(config, arn) for arn, config in sorted(_alias_urls(backend).items()) if arn.startswith(f"{base}:")]
    return 200, {}, json.dumps({"FunctionUrlConfigs": found})


def delete_alias(original: Any, self: Any, name: str, function_name: str) -> Any:
    """DeleteAlias: the alias's URL goes with it."""
    fn = self.get_function(function_name)
    result = original(self, name, function_name)
    forget_under(_alias_urls(self), f"{unqualified_arn(fn)}:{name}")
    return result


def delete_function(original: Any, self: Any, function_name: str, qualifier: str | None = None) -> Any:
    """DeleteFunction of the whole function: its aliases' URLs go with it (a version has none)."""
    base = unqualified_arn(self.get_function(function_name, qualifier))
    result = original(self, function_name, qualifier)
    if not chosen_qualifier(function_name, qualifier):  # "name:2" deletes version 2 only
        forget_under(_alias_urls(self), base)
    return result
