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


if __name__ == "__main__":
    unittest.main()
