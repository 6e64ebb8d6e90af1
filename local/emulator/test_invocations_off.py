"""Tests of local/emulator/invocations_off.py against moto in process: with an
event source mapping on a queue, moto's own Lambda poller does not receive a
new message itself (the local runtime reads queues through the public API, as
Lambda's pollers do). Unpatched moto 5.2.5 receives it on the spot and
invokes the function itself (here it fails: UnknownFunctionException)."""

from __future__ import annotations

from types import SimpleNamespace

from moto.sqs import models as sqs_models

from emulator import registry

registry.install_service("sqs")
registry.install_service("lambda")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def test_a_message_on_a_mapped_queue_waits_for_the_runtime_unreceived() -> None:
    backend = sqs_models.sqs_backends[ACCOUNT][REGION]
    queue = backend.create_queue("mapped", VisibilityTimeout="30")
    function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:consumer"
    queue.lambda_event_source_mappings[function_arn] = SimpleNamespace(enabled=True, batch_size=10)  # type: ignore[assignment]  # what moto reads of a mapping

    backend.send_message("mapped", "order 1")

    [message] = backend.receive_message("mapped", 10, 0, 30)
    assert (message.body, message.approximate_receive_count) == ("order 1", 1)
