"""Tests of local/emulator/speed_cloudwatch.py against moto in process: a speed patch
answers exactly as moto does."""

import random
import unittest
from datetime import datetime, timedelta, timezone

from moto.cloudwatch import models as cloudwatch_models

from emulator import registry, speed_cloudwatch

ACCOUNT = "123456789012"


NOW = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def backend_with_datapoints() -> cloudwatch_models.CloudWatchBackend:
    """The same 3,000 datapoints each time, over the last 20 minutes."""
    backend = cloudwatch_models.CloudWatchBackend("us-east-1", ACCOUNT)
    rng = random.Random(7)
    now = NOW
    for i in range(3000):
        fn = rng.choice(["OrderProcessor", "webhook-handler"])
        name = rng.choice(["Invocations", "Errors", "Duration"])
        when = now - timedelta(seconds=rng.uniform(0, 1200))
        backend.put_metric_data("AWS/Lambda", [{"MetricName": name, "Value": float(i % 7), "Unit": "Count", "Timestamp": when, "Dimensions": [{"Name": "FunctionName", "Value": fn}]}])
    return backend


def queries() -> list[dict]:
    return [
        {"Id": f"q{i}", "MetricStat": {"Metric": {"Namespace": "AWS/Lambda", "MetricName": name, "Dimensions": [{"Name": "FunctionName", "Value": fn}]}, "Period": 60, "Stat": stat}, "ReturnData": i != 1}
        for i, (name, fn, stat) in enumerate([("Invocations", "OrderProcessor", "Sum"), ("Errors", "OrderProcessor", "Sum"), ("Duration", "webhook-handler", "Average"), ("Duration", "webhook-handler", "Maximum"), ("Throttles", "OrderProcessor", "Sum")])
    ] + [{"Id": "unit", "MetricStat": {"Metric": {"Namespace": "AWS/Lambda", "MetricName": "Invocations"}, "Period": 300, "Stat": "SampleCount", "Unit": "Count"}, "Label": "every function"}]


class GetMetricData(unittest.TestCase):
    def test_answers_as_moto_does_query_by_query(self) -> None:
        end = NOW + timedelta(minutes=1)
        start = end - timedelta(minutes=15)
        unpatched = backend_with_datapoints()
        expected = [unpatched.get_metric_data(queries(), start, end, scan_by) for scan_by in ("TimestampAscending", "TimestampDescending")]
        registry.install_service("cloudwatch")
        patched = backend_with_datapoints()
        self.assertIsInstance(patched.metric_data, speed_cloudwatch.IndexedMetricData)
        self.assertEqual([patched.get_metric_data(queries(), start, end, scan_by) for scan_by in ("TimestampAscending", "TimestampDescending")], expected)
        self.assertTrue(all(r["values"] for r in expected[0] if r["id"] != "q4"), "the window holds datapoints")


class SharedParts(unittest.TestCase):
    def test_datapoints_of_one_metric_share_their_dimensions_and_strings(self) -> None:
        registry.install_service("cloudwatch")
        backend = cloudwatch_models.CloudWatchBackend("us-east-1", ACCOUNT)
        # moto stamps these datapoints with the clock: the window is read from it
        # here, not from NOW, which is minutes old when pytest runs on a busy machine.
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for fn in ("OrderProcessor", "OrderProcessor", "webhook-handler"):
            # Each request parses its own strings: built here so that none is the same object by chance.
            backend.put_metric_data("".join(["AWS/", "Lambda"]), [{"MetricName": "".join(["Dur", "ation"]), "Value": 1.0, "Unit": "".join(["Milli", "seconds"]), "Dimensions": [{"Name": "FunctionName", "Value": "".join(fn)}]}])
        first, second, other = backend.metric_data
        self.assertIs(first.dimensions, second.dimensions)
        self.assertIsNot(first.dimensions, other.dimensions)
        self.assertEqual([(d.name, d.value) for d in other.dimensions], [("FunctionName", "webhook-handler")])
        self.assertIs(first.namespace, second.namespace)
        self.assertIs(first.name, other.name)
        self.assertIs(first.unit, other.unit)
        self.assertEqual(backend.get_metric_statistics("AWS/Lambda", "Duration", now - timedelta(minutes=5), now + timedelta(minutes=5), 600, ["SampleCount"], [{"Name": "FunctionName", "Value": "OrderProcessor"}])[0].get_statistics_for_type("SampleCount"), 2.0)


if __name__ == "__main__":
    unittest.main()
