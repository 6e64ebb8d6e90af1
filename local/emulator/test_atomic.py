"""Tests of local/emulator/atomic.py against moto in process (installed as registry/ installs it): DynamoDB reads
and writes and SQS queue changes are atomic, as on AWS. Each fails on
unpatched moto 5.2.5 but the one marked otherwise."""

import sys
import threading
import time
import unittest

from moto.dynamodb import models as ddb_models
from moto.sqs import models as sqs_models

from emulator import registry
from emulator.persistence import store

registry.install_service("sqs")
registry.install_service("dynamodb")

ACCOUNT = "123456789012"


def new_queue(name: str) -> sqs_models.SQSBackend:
    backend = sqs_models.SQSBackend("us-east-1", ACCOUNT)
    backend.create_queue(name, VisibilityTimeout="30")
    return backend


def bodies(backend: sqs_models.SQSBackend, name: str) -> list[str]:
    return sorted(m.body for m in backend.get_queue(name)._messages)


class _ScanEndsThen(list):
    """A queue's message list that runs `then` once, when a scan of it has
    seen the last message (items appended before that are still seen)."""

    def __init__(self, items: list, then) -> None:
        super().__init__(items)
        self.then = then

    def __iter__(self):
        yield from super().__iter__()
        then, self.then = self.then, None
        if then:
            then()


class DuringTheScanOfADelete(unittest.TestCase):
    """moto's DeleteMessage scans the queue into a new list and puts it in
    place of the one it scanned. A call that lands after the scan's last
    message and before the swap is made to happen there, deterministically:
    the end of the scan starts it and gives it 0.3 s to finish. (Under load
    the GIL's 5 ms switch interval opens that window by chance: about four
    sends fit in it.)"""

    def during_delete(self, backend: sqs_models.SQSBackend, action, then_send: str | None = None) -> None:
        queue = "orders"
        backend.send_message(queue, "received")
        handle = backend.receive_message(queue, 1, 0, 30)[0].receipt_handle or ""
        if then_send:
            backend.send_message(queue, then_send)
        concurrent = threading.Thread(target=action)

        def let_others_run() -> None:
            concurrent.start()
            concurrent.join(timeout=0.3)  # blocked by the queue's lock while the delete holds it

        messages = backend.get_queue(queue)
        messages._messages = _ScanEndsThen(messages._messages, let_others_run)
        backend.delete_message(queue, handle)
        concurrent.join(timeout=5)
        self.assertFalse(concurrent.is_alive(), "the concurrent call finished")

    def test_a_message_sent_meanwhile_is_kept(self) -> None:
        backend = new_queue("orders")
        self.during_delete(backend, lambda: backend.send_message("orders", "sent during the delete"))
        self.assertEqual(bodies(backend, "orders"), ["sent during the delete"])

    def test_a_batch_sent_meanwhile_is_kept_whole(self) -> None:
        backend = new_queue("orders")

        def send_four() -> None:
            for i in range(4):
                backend.send_message("orders", f"order-{i}")

        self.during_delete(backend, send_four)
        self.assertEqual(bodies(backend, "orders"), [f"order-{i}" for i in range(4)])

    def test_a_message_received_meanwhile_is_received_once(self) -> None:  # passes unpatched too: the lock must not break it
        backend = new_queue("orders")
        got: list[str] = []
        self.during_delete(backend, lambda: got.extend(m.body for m in backend.receive_message("orders", 10, 0, 30)), then_send="waiting")
        self.assertEqual(got, ["waiting"])
        self.assertEqual(bodies(backend, "orders"), ["waiting"], "received, in flight, not deleted")


class ConcurrentConsumers(unittest.TestCase):
    def test_every_message_of_a_burst_is_received_exactly_once(self) -> None:
        backend = new_queue("burst")
        total, sent = 600, threading.Event()
        received: list[str] = []
        lock = threading.Lock()

        def produce() -> None:
            for i in range(total):
                backend.send_message("burst", f"m{i}")
            sent.set()

        def consume() -> None:
            while True:
                done = sent.is_set()
                batch = backend.receive_message("burst", 10, 0, 30)
                if not batch and done:
                    return
                for message in batch:
                    with lock:
                        received.append(message.body)
                    backend.delete_message("burst", str(message.receipt_handle))

        threads = [threading.Thread(target=produce)] + [threading.Thread(target=consume) for _ in range(3)]
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-5)  # threads switch often, as under a burst's load
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            sys.setswitchinterval(interval)
        self.assertEqual(len(received), len(set(received)), "no message received twice")
        self.assertEqual(len(received) + len(backend.get_queue("burst")._messages), total, "none lost")


class _WriteDuringIteration(dict):
    """A table's item dict that lets a concurrent write run (0.3 s) once a read has begun to iterate it."""

    def __init__(self, items: dict, write) -> None:
        super().__init__(items)
        self.write = write

    def values(self):
        for i, value in enumerate(super().values()):
            if i == 1 and self.write is not None:
                write, self.write = self.write, None
                thread = threading.Thread(target=write)
                thread.start()
                thread.join(timeout=0.3)  # blocked by the table lock while the read holds it
                self.concurrent = thread
            yield value


class ATableReadDuringAWrite(unittest.TestCase):
    def test_describe_table_counts_items_while_a_put_lands(self) -> None:
        backend = ddb_models.DynamoDBBackend("us-east-1", ACCOUNT)
        schema = [{"AttributeName": "orderId", "KeyType": "HASH"}]
        backend.create_table("Orders", schema=schema, attr=[{"AttributeName": "orderId", "AttributeType": "S"}], throughput=None, billing_mode="PAY_PER_REQUEST", indexes=[], global_indexes=[], streams=None, sse_specification=None, tags=[], deletion_protection_enabled=False, warm_throughput=None)
        for i in range(3):
            backend.put_item("Orders", {"orderId": {"S": f"order-{i}"}})
        table = backend.get_table("Orders")
        items = _WriteDuringIteration(table.items, lambda: backend.put_item("Orders", {"orderId": {"S": "order-late"}}))
        table.items = items  # type: ignore[assignment]
        described = backend.describe_table("Orders")  # raised "dictionary changed size during iteration"
        items.concurrent.join(timeout=5)
        self.assertEqual(described["Table"]["ItemCount"], 3)
        self.assertEqual(backend.describe_table("Orders")["Table"]["ItemCount"], 4)


class ALongPoll(unittest.TestCase):
    """A waiting ReceiveMessage sleeps until something can be received, and
    wakes as soon as it can: a message sent, a visibility set to 0, an
    in-flight or delayed message becoming visible. Before, it looked again
    once a second: the idle, visibility and delay tests fail on that (3 looks
    in 2 s; woken within the second, not at once); the others are controls."""

    def long_poll(self, backend: sqs_models.SQSBackend, name: str, seconds: int) -> tuple[list[str], float]:
        started = time.monotonic()
        got = [m.body for m in backend.receive_message(name, 10, seconds, 30)]
        return got, time.monotonic() - started

    def in_background(self, action) -> threading.Thread:
        thread = threading.Thread(target=action)
        thread.start()
        return thread

    def test_an_idle_long_poll_looks_once_and_once_at_its_end(self) -> None:
        backend = new_queue("idle")
        looks = 0
        journaled_call = store.journaled_call

        def counted(*args, **kwargs):
            nonlocal looks
            looks += 1
            return journaled_call(*args, **kwargs)

        store.journaled_call = counted
        try:
            got, took = self.long_poll(backend, "idle", 2)
        finally:
            store.journaled_call = journaled_call
        self.assertEqual(got, [])
        self.assertGreaterEqual(took, 2.0)
        self.assertLessEqual(looks, 2)

    def test_a_visibility_set_to_0_wakes_it_at_once(self) -> None:
        backend = new_queue("visibility")
        backend.send_message("visibility", "in flight")
        [message] = backend.receive_message("visibility", 1, 0, 30)
        result: list = []
        waiter = self.in_background(lambda: result.append(self.long_poll(backend, "visibility", 5)))
        time.sleep(0.2)
        backend.change_message_visibility("visibility", message.receipt_handle or "", 0)
        waiter.join(timeout=6)
        [(got, took)] = result
        self.assertEqual(got, ["in flight"])
        self.assertLess(took, 0.6)

    def test_an_in_flight_message_is_received_when_its_visibility_ends(self) -> None:
        backend = new_queue("expiring")
        backend.send_message("expiring", "retried")
        backend.receive_message("expiring", 1, 0, 1)  # in flight for 1 s
        got, took = self.long_poll(backend, "expiring", 5)
        self.assertEqual(got, ["retried"])
        self.assertLess(took, 1.5)

    def test_a_delayed_message_is_received_when_its_delay_ends(self) -> None:
        backend = new_queue("delayed")
        def send_later() -> None:
            time.sleep(0.1)
            backend.send_message("delayed", "later", delay_seconds=1)

        sender = self.in_background(send_later)
        got, took = self.long_poll(backend, "delayed", 5)
        sender.join()
        self.assertEqual(got, ["later"])
        self.assertGreater(took, 1.0)
        self.assertLess(took, 1.6)

    def test_a_message_sent_wakes_it_at_once(self) -> None:
        backend = new_queue("sent")
        def send_soon() -> None:
            time.sleep(0.2)
            backend.send_message("sent", "now")

        sender = self.in_background(send_soon)
        got, took = self.long_poll(backend, "sent", 5)
        sender.join()
        self.assertEqual(got, ["now"])
        self.assertLess(took, 0.6)


if __name__ == "__main__":
    unittest.main()
