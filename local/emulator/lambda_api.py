"""Lambda API rules moto lacks: the checks CreateEventSourceMapping makes, the
account's concurrency quota behind PutFunctionConcurrency, and
GetAccountSettings, which reports it."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from moto.awslambda import models as lambda_models
from moto.sqs import models as sqs_models

from . import iam_enforcement, lambda_versions
from .arns import parse_arn


def create_event_source_mapping(original: Any, self: Any, spec: dict[str, Any]) -> Any:
    """Refuses an SQS mapping whose function timeout exceeds the queue's visibility
    timeout, and a mapping whose role cannot read its source, as Lambda does; keeps
    LastModified's milliseconds and the function's ARN as named (an alias's)."""
    from moto.awslambda.exceptions import InvalidParameterValueException

    source = spec.get("EventSourceArn", "")
    func = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec.get("FunctionName", ""))
    service = parse_arn(source).service if source.startswith("arn:") else ""
    if service == "sqs":
        for queue in sqs_models.sqs_backends[self.account_id][self.region_name].queues.values():
            visibility = int(queue.visibility_timeout)  # type: ignore[attr-defined]  # moto sets it from the attributes
            if queue.queue_arn == source and int(func.timeout) > visibility:
                raise InvalidParameterValueException(
                    f"Queue visibility timeout: {visibility} seconds is less than Function timeout: {func.timeout} seconds"
                )
        # Lambda checks at creation that the execution role can read the source (its pollers use the role).
        for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
            if not iam_enforcement.role_may(func.role, action, source).allowed:
                raise InvalidParameterValueException(f"The provided execution role does not have permissions to call {action.split(':')[1]} on SQS")
    elif service == "dynamodb":
        for action in ("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"):
            if not iam_enforcement.role_may(func.role, action, source).allowed:
                raise InvalidParameterValueException(
                    f"Cannot access stream {source}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."
                )
    mapping = original(self, spec)
    # moto keeps the ARN of the version an alias points at; Lambda keeps the
    # function as named, so the mapping follows the alias when it moves.
    mapping.function_arn = lambda_versions.qualified_arn(func, spec.get("FunctionName", ""))
    # moto truncates LastModified to the second; AWS keeps milliseconds, and the
    # runtime's StartingPosition LATEST cut-off is measured from it.
    mapping.last_modified = time.time()
    return mapping


# An account's Lambda concurrency quota (AWS: 1,000 by default, 10 on some new
# accounts). Reserving concurrency must leave at least min(100, quota)
# unreserved, or Lambda refuses, as below. GetAccountSettings reports it.
ACCOUNT_CONCURRENCY = int(os.environ.get("STREAMLAB_ACCOUNT_CONCURRENCY", "1000"))


def _unreserved(backend: Any, except_function: str | None = None) -> int:
    reserved = sum(int(f.reserved_concurrency) for f in backend.list_functions() if f.reserved_concurrency and f.function_name != except_function)
    return ACCOUNT_CONCURRENCY - reserved


def put_function_concurrency(original: Any, self: Any, function_name: str, reserved_concurrency: str) -> Any:
    from moto.awslambda.exceptions import InvalidParameterValueException

    name = self.get_function(function_name).function_name
    minimum = min(100, ACCOUNT_CONCURRENCY)
    if _unreserved(self, name) - int(reserved_concurrency) < minimum:
        raise InvalidParameterValueException(
            f"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{minimum}]."
        )
    return original(self, function_name, reserved_concurrency)


def get_account_settings(self: Any) -> Any:
    backend = lambda_models.lambda_backends[self.current_account][self.region]
    limit = {"TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800, "ConcurrentExecutions": ACCOUNT_CONCURRENCY, "UnreservedConcurrentExecutions": _unreserved(backend)}
    usage = {"TotalCodeSize": 0, "FunctionCount": len(list(backend.list_functions()))}
    return 200, {}, json.dumps({"AccountLimit": limit, "AccountUsage": usage})
