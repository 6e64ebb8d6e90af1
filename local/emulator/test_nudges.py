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
