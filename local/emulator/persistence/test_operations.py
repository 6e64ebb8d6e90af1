"""persistence/operations.py: which requests are journaled."""

import pytest

from emulator.persistence.operations import kind_of


@pytest.mark.parametrize(
    ("environ", "body", "expected"),
    [
        ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.PutItem"}, b"{}", ("change", "PutItem", False)),
        ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.Query"}, b"{}", ("read", "Query", False)),
        ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDBStreams_20120810.GetRecords"}, b"{}", ("read", "GetRecords", True)),
        ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.ReceiveMessage"}, b"{}", ("apart", "ReceiveMessage", False)),
        ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.DeleteMessageBatch"}, b"{}", ("change", "DeleteMessageBatch", False)),
        ({"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded"}, b"Action=Publish&TopicArn=x", ("change", "Publish", False)),
        ({"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded"}, b"Version=1&Action=ListTopics", ("read", "ListTopics", False)),
        ({"REQUEST_METHOD": "POST", "PATH_INFO": "/2015-03-31/functions/f/invocations"}, b"{}", ("apart", "POST /2015-03-31/functions/f/invocations", False)),
        ({"REQUEST_METHOD": "PUT", "PATH_INFO": "/bucket/key"}, b"data", ("change", "PUT /bucket/key", False)),
        ({"REQUEST_METHOD": "GET", "PATH_INFO": "/bucket/key"}, b"", ("read", "GET /bucket/key", False)),
        ({"REQUEST_METHOD": "POST", "PATH_INFO": "/_streamlab/function-url-auth"}, b"{}", ("apart", "/_streamlab/function-url-auth", False)),
    ],
)
def test_kind_of(environ, body, expected):
    assert kind_of(environ, body) == expected
