"""Tests of local/emulator/terraform_fixes.py (SQS) against moto in process:
a queue's attributes read back as AWS returns them, so a plan after apply is
empty. Each fails on unpatched moto 5.2.5."""

from __future__ import annotations

import json

from moto.sqs import models as sqs_models

from emulator import registry

registry.install_service("sqs")

ACCOUNT = "123456789012"
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*"}]})


def test_a_redrive_policy_reads_back_as_compact_json() -> None:
    backend = sqs_models.sqs_backends[ACCOUNT]["us-east-1"]
    dlq = backend.create_queue("tf-orders-dlq")
    backend.create_queue("tf-orders", RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq.queue_arn, "maxReceiveCount": 3}))
    attributes = backend.get_queue_attributes("tf-orders", ["All"])
    assert attributes["RedrivePolicy"] == f'{{"deadLetterTargetArn":"{dlq.queue_arn}","maxReceiveCount":3}}'


def test_set_queue_attributes_without_a_policy_keeps_the_policy() -> None:
    backend = sqs_models.sqs_backends[ACCOUNT]["us-east-1"]
    backend.create_queue("tf-with-policy", Policy=POLICY)
    backend.set_queue_attributes("tf-with-policy", {"VisibilityTimeout": "45"})
    attributes = backend.get_queue_attributes("tf-with-policy", ["All"])
    assert json.loads(attributes["Policy"]) == json.loads(POLICY)
    assert str(attributes["VisibilityTimeout"]) == "45"
