"""Tests of local/emulator/s3_notifications.py against moto in process, through
boto3 as a learner's code would call S3 (AWS's behaviour:
https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-enable-disable-notification-intro.html
and .../notification-content-structure.html)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from emulator import iam_enforcement, registry
from emulator.contract import INBOX

registry.install_service("s3")

ACCOUNT = "123456789012"
REGION = "us-east-1"
BUCKET = "uploads"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"


@pytest.fixture(scope="module", autouse=True)
def _aws() -> Iterator[None]:
    """One mock for the module (resetting moto's backends costs seconds); each test has its own bucket."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(iam_enforcement, "ENABLED", True)  # the destinations' policies decide
        for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"), ("AWS_DEFAULT_REGION", REGION)):
            patch.setenv(name, value)
        with mock_aws():
            yield


@pytest.fixture(autouse=True)
def _bucket() -> Iterator[None]:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    yield
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=BUCKET):
        for version in page.get("Versions", []) + page.get("DeleteMarkers", []):
            s3.delete_object(Bucket=BUCKET, Key=version["Key"], VersionId=version["VersionId"])
    s3.put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration={})
    s3.delete_bucket(Bucket=BUCKET)


def _queue(name: str, *, allow_s3: bool) -> tuple[str, str]:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    if allow_s3:
        statement = {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": BUCKET_ARN}}}
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
    return url, arn


def _bodies(url: str) -> list[dict[str, Any]]:
    messages = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def _notify(queue_arn: str, **filters: str) -> None:
    rules = [{"Name": name, "Value": value} for name, value in filters.items()]
    configuration: dict[str, Any] = {"Id": "uploads-to-queue", "QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}
    if rules:
        configuration["Filter"] = {"Key": {"FilterRules": rules}}
    boto3.client("s3").put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration={"QueueConfigurations": [configuration]})


def test_a_queue_gets_the_test_event_then_a_record_per_matching_object() -> None:
    url, arn = _queue("uploads-events", allow_s3=True)
    _notify(arn, prefix="images/", suffix=".jpg")
    [test_event] = _bodies(url)
    assert test_event["Event"] == "s3:TestEvent" and test_event["Bucket"] == BUCKET and test_event["Service"] == "Amazon S3"
    assert {"Time", "RequestId", "HostId"} <= test_event.keys()

    s3 = boto3.client("s3")
    s3.put_object(Bucket=BUCKET, Key="images/cat 1.jpg", Body=b"meow")
    s3.put_object(Bucket=BUCKET, Key="images/notes.txt", Body=b"no: suffix")
    s3.put_object(Bucket=BUCKET, Key="docs/dog.jpg", Body=b"no: prefix")
    s3.delete_object(Bucket=BUCKET, Key="images/cat 1.jpg")
    records = [body["Records"][0] for body in _bodies(url)]
    assert [r["eventName"] for r in records] == ["ObjectCreated:Put", "ObjectRemoved:Delete"]
    created, removed = records
    assert created["s3"]["object"]["key"] == "images/cat+1.jpg", "keys are URL-encoded, as S3 sends them"
    assert created["s3"]["object"]["size"] == 4 and created["s3"]["object"]["eTag"]
    assert "size" not in removed["s3"]["object"], "a removal has no size or eTag"
    assert created["s3"]["configurationId"] == "uploads-to-queue"
    assert created["s3"]["bucket"]["arn"] == BUCKET_ARN and "ownerIdentity" in created["s3"]["bucket"]
    assert {"userIdentity", "requestParameters", "responseElements", "eventTime", "awsRegion"} <= created.keys()
    assert created["s3"]["object"]["sequencer"] < removed["s3"]["object"]["sequencer"]


def test_a_queue_whose_policy_does_not_allow_s3_is_refused_with_aws_error() -> None:
    url, arn = _queue("no-policy", allow_s3=False)
    with pytest.raises(ClientError) as refused:
        _notify(arn)
    error = refused.value.response["Error"]
    assert error["Code"] == "InvalidArgument"
    assert error["Message"] == "Unable to validate the following destination configurations"
    assert boto3.client("s3").get_bucket_notification_configuration(Bucket=BUCKET).get("QueueConfigurations") is None
    assert _bodies(url) == [], "no test event for a refused configuration"


def test_a_missing_queue_is_refused() -> None:
    with pytest.raises(ClientError) as refused:
        _notify(f"arn:aws:sqs:{REGION}:{ACCOUNT}:never-created")
    assert refused.value.response["Error"]["Code"] == "InvalidArgument"


def test_a_function_is_invoked_asynchronously_if_its_policy_allows_s3(new_function: Callable[..., Any]) -> None:
    function = new_function("thumbnails")
    lambda_client = boto3.client("lambda")
    s3 = boto3.client("s3")
    configuration = {"LambdaFunctionConfigurations": [{"Id": "thumbs", "LambdaFunctionArn": function.function_arn, "Events": ["s3:ObjectCreated:*"]}]}
    with pytest.raises(ClientError):
        s3.put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration=configuration)
    lambda_client.add_permission(FunctionName="thumbnails", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com", SourceArn=BUCKET_ARN, SourceAccount=ACCOUNT)
    s3.put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration=configuration)
    before = set(Path(INBOX).glob("*.json"))
    s3.put_object(Bucket=BUCKET, Key="photo.png", Body=b"png")
    [item] = [json.loads(p.read_text()) for p in sorted(set(Path(INBOX).glob("*.json")) - before)]
    assert item["functionArn"] == function.function_arn and item["source"] == "s3"
    assert item["event"]["Records"][0]["s3"]["object"]["key"] == "photo.png"


def test_a_topic_gets_the_record_as_its_message() -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="uploads")["TopicArn"]
    statement = {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "SNS:Publish", "Resource": topic, "Condition": {"ArnLike": {"aws:SourceArn": BUCKET_ARN}}}
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    url, queue_arn = _queue("topic-copy", allow_s3=False)
    boto3.client("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": queue_arn}]})})
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    boto3.client("s3").put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration={"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:Put"]}]})
    boto3.client("s3").put_object(Bucket=BUCKET, Key="a.txt", Body=b"a")
    bodies = _bodies(url)
    assert [b.get("Event") or b["Records"][0]["eventName"] for b in bodies] == ["s3:TestEvent", "ObjectCreated:Put"]


def test_with_eventbridge_on_an_object_is_an_event_on_the_default_bus_only() -> None:
    events = boto3.client("events")
    url, arn = _queue("s3-to-eventbridge", allow_s3=False)
    other_url, other_arn = _queue("s3-other-bus", allow_s3=False)
    events.create_event_bus(Name="not-default")
    pattern = json.dumps({"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": [BUCKET]}}})
    for bus, queue_url, queue_arn in (("default", url, arn), ("not-default", other_url, other_arn)):
        rule_arn = events.put_rule(Name=f"uploads-{bus}", EventBusName=bus, EventPattern=pattern)["RuleArn"]
        statement = {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}
        boto3.client("sqs").set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})})
        events.put_targets(Rule=f"uploads-{bus}", EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    s3 = boto3.client("s3")
    s3.put_bucket_notification_configuration(Bucket=BUCKET, NotificationConfiguration={"EventBridgeConfiguration": {}})
    s3.put_object(Bucket=BUCKET, Key="reports/2026-12.csv", Body=b"a,b\n")
    [event] = _bodies(url)
    assert (event["source"], event["detail-type"], event["resources"]) == ("aws.s3", "Object Created", [BUCKET_ARN])
    assert event["detail"]["object"]["key"] == "reports/2026-12.csv" and event["detail"]["object"]["size"] == 4
    assert set(event["detail"]["object"]) >= {"etag", "sequencer"} and event["detail"]["reason"] == "PutObject"
    assert event["time"].endswith("Z") and "ingestion-time" not in event
    assert _bodies(other_url) == [], "S3 sends to the default bus only"
