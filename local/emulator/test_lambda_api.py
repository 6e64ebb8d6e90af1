"""Tests of local/emulator/lambda_api.py and the Lambda part of
terraform_fixes.py against moto in process: reserving concurrency keeps at
least 100 of the account's 1,000 unreserved, as Lambda does, and a function's
DeadLetterConfig reads back (Terraform plans it otherwise on every apply).
Each fails on unpatched moto 5.2.5."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from moto.awslambda import models as lambda_models
from moto.awslambda.exceptions import InvalidParameterValueException

from emulator import registry

registry.install_service("lambda")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def test_reserved_concurrency_must_leave_100_unreserved(new_function: Callable[..., Any]) -> None:
    new_function("quota-fn")
    backend = lambda_models.lambda_backends[ACCOUNT][REGION]
    with pytest.raises(InvalidParameterValueException, match="decreases account's UnreservedConcurrentExecution below its minimum value of \\[100\\]"):
        backend.put_function_concurrency("quota-fn", "950")
    assert backend.put_function_concurrency("quota-fn", "900") == "900"


def test_a_function_s_dead_letter_config_reads_back(new_function: Callable[..., Any]) -> None:
    dlq = f"arn:aws:sqs:{REGION}:{ACCOUNT}:fn-dlq"
    function = new_function("dlq-fn", DeadLetterConfig={"TargetArn": dlq})
    assert function.get_configuration()["DeadLetterConfig"] == {"TargetArn": dlq}
