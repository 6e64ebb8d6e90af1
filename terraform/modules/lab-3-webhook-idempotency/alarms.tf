################################################################################
# Alerts topic. CloudWatch cannot publish to a topic encrypted with the AWS
# managed key (alias/aws/sns), so this topic has its own key that allows it.
################################################################################

data "aws_iam_policy_document" "alerts_key" {
  #checkov:skip=CKV_AWS_109:A key policy's "*" resource is the key itself, and the account root keeps kms:* as in AWS's default key policy, so the key stays manageable.
  #checkov:skip=CKV_AWS_111:A key policy's "*" resource is the key itself; only the account root and CloudWatch (for this account) are named.
  #checkov:skip=CKV_AWS_356:In a key policy, Resource must be "*" (it means this key).
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"] # in a key policy, "*" means this key
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchPublishesAlarms"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_kms_key" "alerts" {
  description             = "Encrypts the ${local.names.alerts} topic; lets CloudWatch alarms publish to it."
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.alerts_key.json
  tags                    = var.tags
}

resource "aws_sns_topic" "alerts" {
  name              = local.names.alerts
  kms_master_key_id = aws_kms_key.alerts.arn
  signature_version = 2
  tags              = var.tags
}

data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts_topic.json
}

resource "aws_sns_topic_subscription" "alerts_email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

################################################################################
# Alarms: any failed push, any message in a DLQ, any processor error
################################################################################

locals {
  alarm_actions = [aws_sns_topic.alerts.arn]

  dead_letter_queues = merge(
    { processor = module.processor_dlq.queue_name },
    local.sns_path ? { ingest_subscription = module.ingest_subscription_dlq[0].queue_name } : {},
    local.sqs_path ? { ingest = module.ingest_queue[0].dlq_name } : {},
  )
}

resource "aws_cloudwatch_metric_alarm" "failed_deliveries" {
  count = local.sns_path ? 1 : 0

  alarm_name          = "${local.names.ingest_topic}-failed-deliveries"
  alarm_description   = "SNS could not deliver a webhook message to the background processor."
  namespace           = "AWS/SNS"
  metric_name         = "NumberOfNotificationsFailed"
  dimensions          = { TopicName = aws_sns_topic.ingest[0].name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = local.dead_letter_queues

  alarm_name          = "${each.value}-not-empty"
  alarm_description   = "Messages are waiting in ${each.value}: they failed every retry. Read them with scripts/dlq.ts."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "processor_errors" {
  alarm_name          = "${local.names.processor}-errors"
  alarm_description   = "The background processor failed an invocation (it is retried; repeated failures end in the DLQ)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = module.processor.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
