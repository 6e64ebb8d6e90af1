################################################################################
# Exercise 2: preferences as data, a stream-driven control plane, a daily digest
################################################################################

module "preferences_table" {
  source = "../dynamodb-table"

  name             = local.names.preferences
  hash_key         = { name = "subscriber" }
  stream_view_type = "NEW_IMAGE"
  tags             = var.tags
}

# preferences-sync turns each change into the subscriber's filter policy on
# message-notifications, and subscribes digest readers to the digest topic.
module "preferences_sync" {
  source = "../lambda-function"

  function_name      = local.names.preferences_sync
  description        = "Keeps each subscriber's SNS filter policy in step with their preferences."
  package_path       = var.package_paths.preferences_sync
  timeout            = 30
  log_retention_days = var.log_retention_days

  environment_variables = {
    NOTIFICATIONS_TOPIC_ARN = var.notifications_topic_arn
    DIGEST_TOPIC_ARN        = aws_sns_topic.digests.arn
    POWERTOOLS_SERVICE_NAME = "preferences-sync"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadPreferencesStream"
      actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      resources = [module.preferences_table.stream_arn]
    },
    {
      # Subscription actions are authorized on their topic.
      sid       = "FilterNotificationSubscriptions"
      actions   = ["sns:ListSubscriptionsByTopic", "sns:SetSubscriptionAttributes"]
      resources = [var.notifications_topic_arn]
    },
    {
      sid       = "SubscribeToDigests"
      actions   = ["sns:ListSubscriptionsByTopic", "sns:Subscribe"]
      resources = [aws_sns_topic.digests.arn]
    },
    {
      sid       = "SendFailedBatchesToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [module.failures_queue.queue_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "preferences" {
  event_source_arn        = module.preferences_table.stream_arn
  function_name           = module.preferences_sync.function_arn
  starting_position       = "TRIM_HORIZON"
  batch_size              = 10
  maximum_retry_attempts  = 5
  function_response_types = ["ReportBatchItemFailures"]

  destination_config {
    on_failure {
      destination_arn = module.failures_queue.queue_arn
    }
  }
}

# Digests: one message per subscriber, with the subscriber as an attribute;
# each email subscription's filter policy lets only its own through.
resource "aws_sns_topic" "digests" {
  name              = local.names.digest_topic
  kms_master_key_id = "alias/aws/sns"
  signature_version = 2
  tags              = var.tags
}

# Every non-empty digest, for the lab's scripts and tests: a filter on the
# message body (MessageBody scope), which is the digest's JSON.
module "digest_archive" {
  source = "../sqs-queue"

  name                   = local.names.digest_archive
  allowed_sns_topic_arns = [aws_sns_topic.digests.arn]
  # A queue to read from, not a consumer's input: nothing receives it repeatedly.
  create_dlq = false
  tags       = var.tags
}

resource "aws_sns_topic_subscription" "digest_archive" {
  topic_arn            = aws_sns_topic.digests.arn
  protocol             = "sqs"
  endpoint             = module.digest_archive.queue_arn
  raw_message_delivery = true
  filter_policy_scope  = "MessageBody"
  filter_policy        = jsonencode({ count = [{ numeric = [">", 0] }] })

  depends_on = [module.digest_archive]
}

module "digest" {
  source = "../lambda-function"

  function_name      = local.names.digest
  description        = "Publishes one digest per subscriber who asked for one."
  package_path       = var.package_paths.digest
  timeout            = 60
  log_retention_days = var.log_retention_days

  environment_variables = {
    MESSAGES_TABLE          = var.messages_table.name
    PREFERENCES_TABLE       = module.preferences_table.table_name
    DIGEST_TOPIC_ARN        = aws_sns_topic.digests.arn
    DIGEST_HOURS            = tostring(var.digest_hours)
    POWERTOOLS_SERVICE_NAME = "digest"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadMessagesAndPreferences"
      actions   = ["dynamodb:Scan"]
      resources = [var.messages_table.arn, module.preferences_table.table_arn]
    },
    {
      sid       = "PublishDigests"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.digests.arn]
    },
  ]

  tags = var.tags
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

# The schedule's execution role may invoke the digest function, nothing else.
resource "aws_iam_role" "digest_scheduler" {
  name               = "${local.names.digest_schedule}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "digest_scheduler" {
  statement {
    sid       = "InvokeDigest"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.digest.function_arn]
  }
}

resource "aws_iam_role_policy" "digest_scheduler" {
  name   = "invoke-digest"
  role   = aws_iam_role.digest_scheduler.id
  policy = data.aws_iam_policy_document.digest_scheduler.json
}

resource "aws_scheduler_schedule" "digest" {
  #checkov:skip=CKV_AWS_297:The schedule's input is empty (the digest reads the tables); Scheduler encrypts it with an AWS owned key, and a CMK costs money per learner.
  name                         = local.names.digest_schedule
  description                  = "Runs the digest function once a day."
  schedule_expression          = var.digest_schedule_expression
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.digest.function_arn
    role_arn = aws_iam_role.digest_scheduler.arn

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}
