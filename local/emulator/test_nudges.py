"""Tests of local/emulator/nudges.py against moto in process: a message added
to a queue, and a write request's stream records, each send the runtime one
UDP datagram (contract.nudge), so it polls at once. Unpatched moto sends none."""

from __future__ import annotations

import socket

import pytest
from moto.sqs import models as sqs_models

from emulator import contract, registry

registry.install_service("sqs")

ACCOUNT = "123456789012"


@pytest.fixture
def runtime_socket(monkeypatch: pytest.MonkeyPatch) -> socket.socket:
    """A UDP socket standing in for the runtime's, with contract.nudge pointed at it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(2)
    monkeypatch.setattr(contract, "NUDGE_PORT", sock.getsockname()[1])
    return sock


def test_a_message_sent_to_a_queue_nudges_the_runtime_with_the_queue_arn(runtime_socket: socket.socket) -> None:
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    queue = backend.create_queue("nudged")
    backend.send_message("nudged", "hello")
    datagram, _ = runtime_socket.recvfrom(1024)
    assert datagram.decode() == f"sqs {queue.queue_arn}"


def test_the_config_generation_moves_with_each_config_change_and_only_then() -> None:
    """A change the runtime runs (here an alarm) moves the generation served at
    CONFIG_GENERATION_PATH; a read and a data write do not."""
    import json

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.test import Client

    from emulator import nudges

    registry.install_service("core")  # call_action: the config nudge and the generation
    registry.install_service("cloudwatch")
    client = Client(nudges.serving_config_generation(DomainDispatcherApplication(create_backend_app)))

    def generation() -> str:
        response = client.get(contract.CONFIG_GENERATION_PATH)
        assert response.status_code == 200
        return str(json.loads(response.get_data())["generation"])

    def cloudwatch(action: str, **params: str) -> int:
        headers = {"Host": "monitoring.us-east-1.amazonaws.com", "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=x"}
        return client.post("/", headers=headers, data={"Action": action, "Version": "2010-08-01", **params}).status_code

    alarm = {"AlarmName": "depth", "MetricName": "Errors", "Namespace": "Lab", "Statistic": "Sum", "Period": "60", "EvaluationPeriods": "1", "Threshold": "1", "ComparisonOperator": "GreaterThanThreshold"}
    before = generation()
    assert cloudwatch("DescribeAlarms") == 200
    assert cloudwatch("PutMetricData", Namespace="Lab", **{"MetricData.member.1.MetricName": "Errors", "MetricData.member.1.Value": "1"}) == 200
    assert generation() == before
    assert cloudwatch("PutMetricAlarm", **alarm) == 200
    after = generation()
    assert after != before and after.split("-")[0] == before.split("-")[0], "the same boot, one more change"
