################################################################################
# Exercise 5: analytics with a tumbling window
################################################################################

module "analytics_table" {
  source = "../dynamodb-table"

  name      = local.names.analytics_table
  hash_key  = { name = "author" }
  range_key = { name = "window_start" }
  tags      = var.tags
}

module "analytics" {
  source = "../lambda-function"

  function_name      = local.names.analytics
  description        = "Counts messages per author per tumbling window."
  package_path       = var.package_paths.analytics
  timeout            = 30
  log_retention_days = var.log_retention_days

  environment_variables = {
    ANALYTICS_TABLE         = module.analytics_table.table_name
    POWERTOOLS_SERVICE_NAME = "message-analytics"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadMessagesStream"
      actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      resources = [var.messages_table.stream_arn]
    },
    {
      sid       = "WriteCounts"
      actions   = ["dynamodb:UpdateItem"]
      resources = [module.analytics_table.table_arn]
    },
    {
      sid       = "SendFailedBatchesToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [module.failures_queue.queue_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "analytics" {
  event_source_arn           = var.messages_table.stream_arn
  function_name              = module.analytics.function_arn
  starting_position          = "LATEST"
  batch_size                 = 100
  tumbling_window_in_seconds = var.analytics_window_seconds
  maximum_retry_attempts     = 5
  # Counts need no hurry: gathering up to 5 s of records per invocation costs
  # fewer invocations, and keeps this consumer out of lab 1's way.
  maximum_batching_window_in_seconds = 5

  # Filtering at the source: only new messages, and never the lab's poison
  # messages (author mallory, no text). Lambda drops the rest before invoking,
  # so they cost no invocation.
  filter_criteria {
    filter {
      pattern = jsonencode({
        eventName = ["INSERT"]
        dynamodb  = { NewImage = { author = { S = [{ "anything-but" = ["mallory"] }] } } }
      })
    }
  }

  destination_config {
    on_failure {
      destination_arn = module.failures_queue.queue_arn
    }
  }
}
