"""Tests of local/emulator/hop_counts.py against moto in process: each hop of
a queue is counted, and every message is either present or has a departure."""

import json
import unittest

from moto.sqs import models as sqs_models

from emulator import hop_counts, registry

registry.install_service("sqs")  # as the emulator runs: the queue's lock around the counting

ACCOUNT = "123456789012"


class QueueHops(unittest.TestCase):
    def setUp(self) -> None:
        self.backend = sqs_models.sqs_backends[ACCOUNT]["eu-west-1"]  # a DLQ is looked up there
        self.dlq = self.backend.create_queue(f"{self._testMethodName[:40]}-dlq")
        policy = json.dumps({"deadLetterTargetArn": self.dlq.queue_arn, "maxReceiveCount": 2})
        self.queue = self.backend.create_queue(f"{self._testMethodName[:40]}-main", VisibilityTimeout="0", RedrivePolicy=policy)

    def counts(self, queue) -> dict:
        return hop_counts.snapshot()["queue"].get(queue.queue_arn, {})

    def test_send_receive_delete_dlq_and_purge_are_each_counted(self) -> None:
        name = self.queue.name
        for i in range(5):
            self.backend.send_message(name, f"m{i}")
        first = self.backend.receive_message(name, 2, 0, 0)
        for message in first:
            self.backend.delete_message(name, str(message.receipt_handle))
        self.backend.receive_message(name, 10, 0, 0)  # m2..m4, first receive, visible again at once
        self.backend.receive_message(name, 10, 0, 0)  # second receive
        self.backend.receive_message(name, 10, 0, 0)  # the third would exceed maxReceiveCount: to the DLQ
        self.backend.purge_queue(self.dlq.name)
        c = self.counts(self.queue)
        self.assertEqual(c["sent"], 5)
        self.assertEqual(c["received"], 2 + 3 + 3)
        self.assertEqual(c["by_receive_count"], {"1": 5, "2": 3})
        self.assertEqual(c["deleted"], 2)
        self.assertEqual(c["to_dlq"], 3)
        self.assertEqual((c["present"], c["unaccounted"]), (0, 0))
        d = self.counts(self.dlq)
        self.assertEqual((d["sent"], d["purged"], d["present"], d["unaccounted"]), (3, 3, 0, 0))

    def test_a_queue_created_again_starts_from_zero(self) -> None:
        name = self.queue.name
        self.backend.send_message(name, "kept with the old queue")
        self.backend.delete_queue(name)
        self.assertNotIn(self.queue.queue_arn, hop_counts.snapshot()["queue"])
        again = self.backend.create_queue(name)
        self.backend.send_message(name, "new")
        c = self.counts(again)
        self.assertEqual((c["sent"], c["present"], c["unaccounted"]), (1, 1, 0))

    def test_a_message_that_leaves_by_no_known_path_is_unaccounted(self) -> None:
        self.backend.send_message(self.queue.name, "vanishes")
        self.queue._messages = []  # what moto's unlocked DeleteMessage did to a concurrent send
        self.assertEqual(self.counts(self.queue)["unaccounted"], 1)


if __name__ == "__main__":
    unittest.main()
