################################################################################
# Dead-letter queue
################################################################################

resource "aws_sqs_queue" "dlq" {
  count = var.create_dlq ? 1 : 0

  name                      = coalesce(var.dlq_name, "${var.name}-dlq")
  message_retention_seconds = 1209600 # 14 days: the maximum, time to inspect and redrive
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

################################################################################
# Queue
################################################################################

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  sqs_managed_sse_enabled    = true

  redrive_policy = var.create_dlq ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[0].arn
    maxReceiveCount     = var.max_receive_count
  }) : null

  tags = var.tags
}

################################################################################
# Policy: only the named SNS topics may send
################################################################################

data "aws_iam_policy_document" "this" {
  count = length(var.allowed_sns_topic_arns) > 0 ? 1 : 0

  statement {
    sid       = "AllowNamedTopicsOnly"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = var.allowed_sns_topic_arns
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  count = length(var.allowed_sns_topic_arns) > 0 ? 1 : 0

  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this[0].json
}
