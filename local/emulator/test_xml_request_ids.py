"""Tests of local/emulator/xml_request_ids.py against moto in process: a
stored text holding `<RequestId>…</RequestId>` is read back as stored (moto
5.2.5 put the response's request id in its place), and an XML answer still
names the request id its header gives."""

from __future__ import annotations

import boto3
from moto import mock_aws

from emulator import registry
from emulator.conftest import REGION

registry.install_service("core")

TEXT = "<order><RequestId>abc-123</RequestId><note>kept as written</note></order>"


@mock_aws
def test_an_item_holding_a_request_id_element_is_read_back_as_stored() -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(TableName="messages", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    dynamodb.put_item(TableName="messages", Item={"id": {"S": "1"}, "text": {"S": TEXT}})
    assert dynamodb.get_item(TableName="messages", Key={"id": {"S": "1"}})["Item"]["text"]["S"] == TEXT
    assert [item["text"]["S"] for item in dynamodb.scan(TableName="messages")["Items"]] == [TEXT]


@mock_aws
def test_a_message_holding_a_request_id_element_is_received_as_sent() -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody=TEXT)
    assert [message["Body"] for message in sqs.receive_message(QueueUrl=queue)["Messages"]] == [TEXT]


@mock_aws
def test_an_xml_answer_names_the_request_id_of_its_header() -> None:
    sns = boto3.client("sns", region_name=REGION)  # the query protocol: XML answers
    answer = sns.create_topic(Name="notifications")["ResponseMetadata"]
    assert answer["RequestId"] == answer["HTTPHeaders"]["x-amzn-requestid"]
    assert len(answer["RequestId"]) == 52
