"""persistence/store.py in process, through the emulator's whole app: what a
crash loses is nothing that was acknowledged, and replay rebuilds the same
state (message ids, receipt handles, receive counts, stream sequence numbers);
a snapshot, a damaged snapshot and a torn journal all come back."""

import json
import os
import select
import socket
import threading
from collections import Counter, defaultdict

import pytest
from moto.core.base_backend import BackendDict
from moto.dynamodb.models import dynamodb_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sqs import models as sqs_models
from werkzeug.test import Client

from emulator import function_url_auth, hop_counts, lambda_code, registry
from emulator.direct_dispatch import DirectDispatch
from emulator.persistence import determinism, pickling, store
from emulator.persistence.journaled_app import JournaledApp

registry.install_all()
determinism.install()
SERVED = hop_counts.serving_counts(lambda_code.serving_code(function_url_auth.serving_url_auth(DirectDispatch(DomainDispatcherApplication(create_backend_app)))))
CLIENT = Client(JournaledApp(SERVED))
ACCOUNT = "123456789012"


def call(service: str, target: str, body: dict) -> dict:
    prefix = {"sqs": "AmazonSQS", "dynamodb": "DynamoDB_20120810", "streams": "DynamoDBStreams_20120810"}[service]
    signing = "dynamodb" if service == "streams" else service
    response = CLIENT.post(
        "/",
        data=json.dumps(body),
        headers={
            "X-Amz-Target": f"{prefix}.{target}",
            "Content-Type": "application/x-amz-json-1.0",
            "Host": f"{'streams.dynamodb' if service == 'streams' else service}.us-east-1.amazonaws.com",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/{signing}/aws4_request, SignedHeaders=host, Signature=x",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data() or b"{}")


def queue_state() -> list[tuple]:
    queue = sqs_models.sqs_backends[ACCOUNT]["us-east-1"].get_queue("orders")
    return sorted((m.id, m.body, m.receipt_handle, m.approximate_receive_count, m.visible) for m in queue._messages)


def stream_state() -> list[tuple]:
    table = dynamodb_backends[ACCOUNT]["us-east-1"].get_table("items")
    assert table.stream_shard is not None
    return [(r.record["eventID"], r.record["dynamodb"]["SequenceNumber"], str(r.record["dynamodb"]["ApproximateCreationDateTime"])) for r in table.stream_shard.items]


def current() -> store.Store:
    assert store.STORE is not None
    return store.STORE


def crash_and_recover(directory) -> store.Recovery:
    """What a SIGKILL leaves: the files. A new store recovers from them alone."""
    dict.clear(sqs_models.sqs_backends)  # the others stay: IAM's managed policies take seconds to load
    dict.clear(dynamodb_backends)
    hop_counts._load(({kind: defaultdict(Counter) for kind in hop_counts._counts}, defaultdict(Counter), {}, "x"))
    store.STORE = store.Store(directory, sync=False)
    return store.STORE.recover(SERVED)


def changes(n: int, start: int = 0) -> None:
    url = call("sqs", "GetQueueUrl", {"QueueName": "orders"})["QueueUrl"]
    for i in range(start, start + n):
        call("sqs", "SendMessage", {"QueueUrl": url, "MessageBody": f"order-{i}"})
        call("dynamodb", "PutItem", {"TableName": "items", "Item": {"k": {"S": f"k{i}"}}})
    taken = call("sqs", "ReceiveMessage", {"QueueUrl": url, "MaxNumberOfMessages": 3, "VisibilityTimeout": 600})["Messages"]
    call("sqs", "DeleteMessage", {"QueueUrl": url, "ReceiptHandle": taken[0]["ReceiptHandle"]})


@pytest.fixture
def directory(tmp_path):
    store.STORE = store.Store(tmp_path, sync=False)
    store.STORE.recover(SERVED)
    call("sqs", "CreateQueue", {"QueueName": "orders"})
    call("dynamodb", "CreateTable", {"TableName": "items", "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
    yield tmp_path
    store.STORE = None
    BackendDict.reset()


def test_a_crash_loses_nothing_acknowledged_and_replay_rebuilds_the_same_state(directory):
    changes(20)
    before = queue_state(), stream_state()
    report = crash_and_recover(directory)
    assert report.replayed == 2 + 40 + 2 and not report.diverged, report.summary(directory)
    assert (queue_state(), stream_state()) == before
    assert len(before[0]) == 19 and sum(1 for m in before[0] if not m[4]) == 2  # two still in flight, one deleted


def test_an_old_receipt_handle_still_deletes_after_a_restart(directory):
    changes(5)
    url = call("sqs", "GetQueueUrl", {"QueueName": "orders"})["QueueUrl"]
    handle = call("sqs", "ReceiveMessage", {"QueueUrl": url, "VisibilityTimeout": 600})["Messages"][0]["ReceiptHandle"]
    crash_and_recover(directory)
    call("sqs", "DeleteMessage", {"QueueUrl": url, "ReceiptHandle": handle})
    assert len(queue_state()) == 5 - 2


def test_a_snapshot_then_more_changes_come_back(directory):
    changes(10)
    report = current().snapshot()
    assert report["ok"], report
    changes(10, start=10)
    before = queue_state(), stream_state()
    recovery = crash_and_recover(directory)
    assert recovery.snapshot == report["generation"] and recovery.replayed == 20 + 2, recovery.summary(directory)
    assert (queue_state(), stream_state()) == before


def test_a_damaged_snapshot_falls_back_to_the_journals_before_it(directory):
    changes(10)
    report = current().snapshot()
    changes(5, start=10)
    before = queue_state(), stream_state()
    path = directory / f"snapshot-{report['generation']:06d}.state"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    recovery = crash_and_recover(directory)
    assert recovery.snapshot is None and "fails its checksum" in recovery.summary(directory)
    assert (queue_state(), stream_state()) == before


def test_a_torn_journal_keeps_every_whole_record(directory):
    changes(10)
    journal_path = sorted(directory.glob("journal-*.log"))[-1]
    with open(journal_path, "ab") as out:
        out.write(b"\x00\x00\x10\x00garbage")  # the start of a record a crash cut short
    before = queue_state()
    recovery = crash_and_recover(directory)
    assert "dropped a torn tail of 11 bytes" in recovery.summary(directory)
    assert queue_state() == before
    changes(1, start=10)  # appends go after the last whole record
    assert crash_and_recover(directory).diverged == []


def test_a_snapshot_waits_until_the_journal_would_take_as_long_to_replay(directory):
    assert current().records_before_snapshot() == store.SNAPSHOT_AFTER_RECORDS  # a small state: every 5,000 changes
    changes(3)
    report = current().snapshot()
    assert current().snapshot_seconds == report["seconds"] > 0
    current().snapshot_seconds = 14.0  # the lab instance after a bench: 14 s per snapshot
    assert current().records_before_snapshot() == int(14.0 / store.REPLAY_SECONDS_PER_RECORD) > 30_000
    assert current().figures()["snapshot_after"] == current().records_before_snapshot()


def test_a_connection_the_server_closes_during_a_snapshot_closes_at_once(directory, monkeypatch):
    """The child held copies of the server's sockets: a keep-alive connection
    the server closed stayed open until the child exited, and a client that
    reused it waited for an answer that never came (functions timed out)."""
    server_end, client_end = socket.socketpair()
    child_writing_r, child_writing_w = os.pipe()
    release_r, release_w = os.pipe()
    real_dumps = pickling.dumps

    def dumps_once_released() -> bytes:  # runs in the child
        os.write(child_writing_w, b"1")
        os.read(release_r, 1)
        return real_dumps()

    monkeypatch.setattr(pickling, "dumps", dumps_once_released)
    report: dict = {}
    writer = threading.Thread(target=lambda: report.update(current().snapshot()))
    writer.start()
    try:
        assert os.read(child_writing_r, 1) == b"1"  # the child is writing the snapshot
        server_end.close()  # the server closes an idle connection meanwhile
        closed, _, _ = select.select([client_end], [], [], 5)
    finally:
        os.write(release_w, b"1")
        writer.join()
    try:
        assert closed and client_end.recv(1) == b"", "the client saw no close while the snapshot's child ran"
        assert report["ok"], report
    finally:
        client_end.close()
        for fd in (child_writing_r, child_writing_w, release_r, release_w):
            os.close(fd)
