"""Tests of local/emulator/iam_policy_versions.py against moto in process: a
policy without "Version" (AWS defaults it to 2008-10-17) and one with
2008-10-17 are accepted, as AWS accepts them; a policy variable under the old
version is still refused with AWS's message. Unpatched moto 5.2.5 refuses the first two."""

from __future__ import annotations

import json

import pytest
from moto.iam.exceptions import MalformedPolicyDocument
from moto.iam.policy_validation import IAMPolicyDocumentValidator

from emulator import registry

registry.install_service("iam")

STATEMENT = {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}


@pytest.mark.parametrize("document", [{"Statement": [STATEMENT]}, {"Version": "2008-10-17", "Statement": [STATEMENT]}, {"Version": "2012-10-17", "Statement": [STATEMENT]}])
def test_a_policy_of_any_valid_version_is_accepted(document: dict[str, object]) -> None:
    IAMPolicyDocumentValidator(json.dumps(document)).validate()


def test_a_policy_variable_needs_2012_10_17() -> None:
    document = {"Statement": [{**STATEMENT, "Resource": "arn:aws:s3:::bucket/${aws:username}/*", "Action": "s3:GetObject"}]}
    with pytest.raises(MalformedPolicyDocument, match="Policy document must be version 2012-10-17 or greater"):
        IAMPolicyDocumentValidator(json.dumps(document)).validate()
