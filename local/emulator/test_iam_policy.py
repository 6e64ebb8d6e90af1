"""Table tests of local/emulator/iam_policy.py, one per rule of the IAM User Guide's
"Policy evaluation logic" and "IAM JSON policy elements" pages."""

import unittest

from emulator.iam_policy import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, evaluate

TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/streamlab-local-messages"
OTHER = "arn:aws:dynamodb:us-east-1:123456789012:table/streamlab-local-Orders"
TOPIC = "arn:aws:sns:us-east-1:123456789012:streamlab-local-message-notifications"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:streamlab-local-test-queue"


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


class IdentityPolicies(unittest.TestCase):
    def test_no_statement_is_an_implicit_deny(self):
        self.assertEqual(evaluate([], "dynamodb:GetItem", TABLE).effect, IMPLICIT_DENY)

    def test_an_allow_for_the_action_and_resource(self):
        self.assertEqual(evaluate([policy(allow("dynamodb:GetItem", TABLE))], "dynamodb:GetItem", TABLE).effect, ALLOW)

    def test_deny_by_action(self):
        self.assertEqual(evaluate([policy(allow("dynamodb:PutItem", TABLE))], "dynamodb:GetItem", TABLE).effect, IMPLICIT_DENY)

    def test_deny_by_resource(self):
        self.assertEqual(evaluate([policy(allow("dynamodb:GetItem", TABLE))], "dynamodb:GetItem", OTHER).effect, IMPLICIT_DENY)

    def test_actions_are_case_insensitive_with_wildcards(self):
        docs = [policy(allow(["DynamoDB:get*"], TABLE))]
        self.assertEqual(evaluate(docs, "dynamodb:GetItem", TABLE).effect, ALLOW)
        self.assertEqual(evaluate(docs, "dynamodb:PutItem", TABLE).effect, IMPLICIT_DENY)

    def test_resources_are_case_sensitive_with_wildcards(self):
        docs = [policy(allow("dynamodb:Query", "arn:aws:dynamodb:us-east-1:123456789012:table/streamlab-local-messages/index/*"))]
        self.assertEqual(evaluate(docs, "dynamodb:Query", TABLE + "/index/author-index").effect, ALLOW)
        self.assertEqual(evaluate(docs, "dynamodb:Query", TABLE.upper() + "/index/author-index").effect, IMPLICIT_DENY)
        self.assertEqual(evaluate(docs, "dynamodb:Query", TABLE).effect, IMPLICIT_DENY)

    def test_explicit_deny_beats_allow_in_any_policy(self):
        docs = [policy(allow("dynamodb:*", "*")), policy({"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": TABLE})]
        self.assertEqual(evaluate(docs, "dynamodb:DeleteItem", TABLE).effect, EXPLICIT_DENY)
        self.assertEqual(evaluate(docs, "dynamodb:GetItem", TABLE).effect, ALLOW)

    def test_not_action_and_not_resource(self):
        docs = [policy({"Effect": "Allow", "NotAction": "sns:*", "NotResource": OTHER})]
        self.assertEqual(evaluate(docs, "dynamodb:GetItem", TABLE).effect, ALLOW)
        self.assertEqual(evaluate(docs, "sns:Publish", TOPIC).effect, IMPLICIT_DENY)
        self.assertEqual(evaluate(docs, "dynamodb:GetItem", OTHER).effect, IMPLICIT_DENY)

    def test_a_condition_that_does_not_match(self):
        docs = [policy({**allow("sns:Publish", TOPIC), "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}})]
        self.assertEqual(evaluate(docs, "sns:Publish", TOPIC, {"aws:RequestedRegion": "us-east-1"}).effect, IMPLICIT_DENY)
        self.assertEqual(evaluate(docs, "sns:Publish", TOPIC, {"aws:requestedregion": "eu-west-1"}).effect, ALLOW)

    def test_a_missing_condition_key_fails_unless_if_exists_or_negated(self):
        def with_condition(condition):
            return [policy({**allow("sns:Publish", TOPIC), "Condition": condition})]

        self.assertEqual(evaluate(with_condition({"StringEquals": {"aws:SourceArn": "x"}}), "sns:Publish", TOPIC).effect, IMPLICIT_DENY)
        self.assertEqual(evaluate(with_condition({"StringEqualsIfExists": {"aws:SourceArn": "x"}}), "sns:Publish", TOPIC).effect, ALLOW)
        self.assertEqual(evaluate(with_condition({"StringNotEquals": {"aws:SourceArn": "x"}}), "sns:Publish", TOPIC).effect, ALLOW)

    def test_condition_values_are_alternatives_and_operators_all_apply(self):
        condition = {"ArnLike": {"aws:SourceArn": ["arn:aws:sns:*:*:a", "arn:aws:sns:*:*:b"]}, "StringEquals": {"aws:SourceAccount": "123456789012"}}
        docs = [policy({**allow("sqs:SendMessage", QUEUE), "Condition": condition})]
        ok = {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:b", "aws:SourceAccount": "123456789012"}
        self.assertEqual(evaluate(docs, "sqs:SendMessage", QUEUE, ok).effect, ALLOW)
        self.assertEqual(evaluate(docs, "sqs:SendMessage", QUEUE, {**ok, "aws:SourceAccount": "999999999999"}).effect, IMPLICIT_DENY)
        self.assertEqual(evaluate(docs, "sqs:SendMessage", QUEUE, {**ok, "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:c"}).effect, IMPLICIT_DENY)


class ResourcePolicies(unittest.TestCase):
    QUEUE_POLICY = policy(
        {
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
            "Condition": {"ArnEquals": {"aws:SourceArn": TOPIC}},
        }
    )

    def test_the_named_service_from_the_named_source(self):
        caller = {"service": "sns.amazonaws.com"}
        self.assertEqual(evaluate([self.QUEUE_POLICY], "sqs:SendMessage", QUEUE, {"aws:SourceArn": TOPIC}, caller).effect, ALLOW)

    def test_another_source_or_service_is_refused(self):
        other_topic = TOPIC + "-2"
        self.assertEqual(evaluate([self.QUEUE_POLICY], "sqs:SendMessage", QUEUE, {"aws:SourceArn": other_topic}, {"service": "sns.amazonaws.com"}).effect, IMPLICIT_DENY)
        self.assertEqual(evaluate([self.QUEUE_POLICY], "sqs:SendMessage", QUEUE, {"aws:SourceArn": TOPIC}, {"service": "events.amazonaws.com"}).effect, IMPLICIT_DENY)

    def test_a_statement_without_principal_does_not_apply_in_a_resource_policy(self):
        docs = [policy(allow("sqs:SendMessage", QUEUE))]
        self.assertEqual(evaluate(docs, "sqs:SendMessage", QUEUE, {}, {"service": "sns.amazonaws.com"}).effect, IMPLICIT_DENY)

    def test_the_account_root_means_the_account(self):
        docs = [policy({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"})]
        caller = {"account": "123456789012", "arn": "arn:aws:sts::123456789012:assumed-role/r/s"}
        self.assertEqual(evaluate(docs, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k", {}, caller).effect, ALLOW)


if __name__ == "__main__":
    unittest.main()
