locals {
  names = {
    table            = "${var.name_prefix}-messages"
    topic            = "${var.name_prefix}-message-notifications"
    function         = "${var.name_prefix}-message-stream-processor"
    test_queue       = "${var.name_prefix}-message-notifications-test"
    subscription_dlq = "${var.name_prefix}-message-notifications-subscription-dlq"
    failures         = "${var.name_prefix}-message-stream-failures"
  }
}

################################################################################
# Messages table (the stream source)
################################################################################

module "messages_table" {
  source = "../dynamodb-table"

  name             = local.names.table
  hash_key         = { name = "message_id" }
  stream_view_type = "NEW_AND_OLD_IMAGES"

  global_secondary_indexes = [
    { name = "timestamp-index", hash_key = "timestamp" },
    { name = "author-index", hash_key = "author", range_key = "timestamp" },
    # Lab 4 (threads): a thread's messages in order, by the id of its root.
    { name = "thread-index", hash_key = "thread_id", range_key = "timestamp" },
  ]

  tags = var.tags
}

################################################################################
# Notifications topic and its subscribers
################################################################################

resource "aws_sns_topic" "notifications" {
  name              = local.names.topic
  kms_master_key_id = "alias/aws/sns"
  # SHA256withRSA: the signature SNS puts on each delivery, as the SNS guide
  # recommends (a topic's default, 1, is SHA1withRSA).
  signature_version = 2
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.notification_emails)

  topic_arn = aws_sns_topic.notifications.arn
  protocol  = "email"
  endpoint  = each.value
}

# The test queue lets scripts and tests read every notification.
module "test_queue" {
  source = "../sqs-queue"

  name                   = local.names.test_queue
  allowed_sns_topic_arns = [aws_sns_topic.notifications.arn]
  tags                   = var.tags
}

# Where SNS puts notifications it could not deliver to the test queue.
module "subscription_dlq" {
  source = "../sqs-queue"

  name                   = local.names.subscription_dlq
  create_dlq             = false
  allowed_sns_topic_arns = [aws_sns_topic.notifications.arn]
  tags                   = var.tags
}

resource "aws_sns_topic_subscription" "test_queue" {
  topic_arn = aws_sns_topic.notifications.arn
  protocol  = "sqs"
  endpoint  = module.test_queue.queue_arn

  redrive_policy = jsonencode({ deadLetterTargetArn = module.subscription_dlq.queue_arn })

  depends_on = [module.test_queue, module.subscription_dlq]
}

################################################################################
# Stream processor
################################################################################

# Invocation records of stream batches that failed every retry.
module "failures_queue" {
  source = "../sqs-queue"

  name       = local.names.failures
  create_dlq = false
  tags       = var.tags
}

module "processor" {
  source = "../lambda-function"

  function_name      = local.names.function
  description        = "Turns new messages and replies in the messages table into SNS notifications."
  package_path       = var.package_path
  timeout            = 10
  log_retention_days = var.log_retention_days

  environment_variables = {
    TOPIC_ARN               = aws_sns_topic.notifications.arn
    MESSAGES_TABLE          = module.messages_table.table_name
    POWERTOOLS_SERVICE_NAME = "message-stream-processor"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadStream"
      actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      resources = [module.messages_table.stream_arn]
    },
    {
      sid       = "ReadOriginalOfReply"
      actions   = ["dynamodb:GetItem"]
      resources = [module.messages_table.table_arn]
    },
    {
      sid       = "ReadThreadOfReply"
      actions   = ["dynamodb:Query"]
      resources = ["${module.messages_table.table_arn}/index/thread-index"]
    },
    {
      sid       = "PublishNotifications"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.notifications.arn]
    },
    {
      sid       = "SendFailedBatchesToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [module.failures_queue.queue_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "stream" {
  event_source_arn  = module.messages_table.stream_arn
  function_name     = module.processor.function_arn
  starting_position = "LATEST"
  batch_size        = var.stream_batch_size

  maximum_retry_attempts             = var.stream_maximum_retry_attempts
  maximum_record_age_in_seconds      = var.stream_maximum_record_age_seconds
  bisect_batch_on_function_error     = true
  function_response_types            = ["ReportBatchItemFailures"]
  maximum_batching_window_in_seconds = 0

  destination_config {
    on_failure {
      destination_arn = module.failures_queue.queue_arn
    }
  }
}
