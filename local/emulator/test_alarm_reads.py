"""Tests of local/emulator/alarm_reads.py against moto in process, through
boto3: each read answers what GetMetricStatistics or GetQueueAttributes
answers for the same question, and a failing read fails alone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from moto import mock_aws

from emulator import registry
from emulator.alarm_reads import read_all

from .conftest import ACCOUNT, REGION

registry.install_service("cloudwatch")
registry.install_service("sqs")

DIMENSIONS = [{"Name": "FunctionName", "Value": "OrderProcessor"}]


@pytest.fixture(scope="module")
def aws() -> Iterator[Any]:
    """One mock for the module (each mock_aws() start takes seconds): each test uses names of its own."""
    with mock_aws():
        yield boto3


@pytest.fixture(scope="module")
def metrics(aws: Any) -> Any:
    """Errors of two functions, put in two different seconds."""
    cloudwatch = aws.client("cloudwatch", region_name=REGION)
    put(cloudwatch, [1.0, 3.0])
    put(cloudwatch, [7.0], [{"Name": "FunctionName", "Value": "other"}])
    time.sleep(1.1)  # the last one lands in another 1 s period
    put(cloudwatch, [2.0])
    return cloudwatch


def put(cloudwatch: Any, values: list[float], dimensions: list[dict[str, str]] = DIMENSIONS) -> None:
    for value in values:
        cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[{"MetricName": "Errors", "Value": value, "Unit": "Count", "Dimensions": dimensions}])


@pytest.mark.parametrize("statistic", ["Sum", "Average", "Maximum", "Minimum", "SampleCount"])
@pytest.mark.parametrize("period", [1, 60, 300])
def test_a_metric_read_answers_what_get_metric_statistics_answers(metrics: Any, statistic: str, period: int) -> None:
    cloudwatch = metrics
    end = datetime.now(timezone.utc) + timedelta(seconds=1)
    start = end - timedelta(seconds=600)
    asked = cloudwatch.get_metric_statistics(Namespace="AWS/Lambda", MetricName="Errors", Dimensions=DIMENSIONS, StartTime=start, EndTime=end, Period=period, Statistics=[statistic])
    expected = sorted((round(p["Timestamp"].timestamp() * 1000), p[statistic]) for p in asked["Datapoints"])
    [answer] = read_all(
        [
            {
                "account": ACCOUNT,
                "region": REGION,
                "namespace": "AWS/Lambda",
                "metricName": "Errors",
                "dimensions": DIMENSIONS,
                "statistic": statistic,
                "period": period,
                "startMs": start.timestamp() * 1000,
                "endMs": end.timestamp() * 1000,
            }
        ]
    )
    assert expected, "the control found datapoints"
    assert sorted((p["timestampMs"], p["value"]) for p in answer["datapoints"]) == expected


def test_a_metric_without_data_reads_no_datapoints(aws: Any) -> None:
    now = time.time() * 1000
    [answer] = read_all([{"account": ACCOUNT, "region": REGION, "namespace": "AWS/Lambda", "metricName": "Throttles", "dimensions": DIMENSIONS, "statistic": "Sum", "period": 60, "startMs": now - 60_000, "endMs": now}])
    assert answer == {"datapoints": []}


@pytest.mark.parametrize("attribute", ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])
def test_a_queue_read_answers_what_get_queue_attributes_answers(aws: Any, attribute: str) -> None:
    sqs = aws.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName=f"dead-letters-{attribute}")["QueueUrl"]
    for body in ("a", "b", "c"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)
    expected = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[attribute])["Attributes"][attribute]
    [answer] = read_all([{"account": ACCOUNT, "region": REGION, "queueName": f"dead-letters-{attribute}", "attribute": attribute}])
    assert answer == {"value": expected}


def test_a_read_that_fails_fails_alone(aws: Any) -> None:
    aws.client("sqs", region_name=REGION).create_queue(QueueName="here")
    gone, here = read_all(
        [{"account": ACCOUNT, "region": REGION, "queueName": "gone", "attribute": "ApproximateNumberOfMessages"}, {"account": ACCOUNT, "region": REGION, "queueName": "here", "attribute": "ApproximateNumberOfMessages"}]
    )
    assert "does not exist" in gone["error"]
    assert here == {"value": "0"}
