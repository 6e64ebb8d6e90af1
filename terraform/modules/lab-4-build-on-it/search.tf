################################################################################
# Exercise 6: a keyword index kept by the stream
################################################################################

# One item per (word, message). At scale an OpenSearch domain would take this
# place; it cannot run offline (docs/lab-4-build-on-it.md says what changes).
module "search_index" {
  source = "../dynamodb-table"

  name      = local.names.search_index
  hash_key  = { name = "word" }
  range_key = { name = "message_id" }
  tags      = var.tags
}

module "search_indexer" {
  source = "../lambda-function"

  function_name      = local.names.search_indexer
  description        = "Keeps a keyword index of the messages table."
  package_path       = var.package_paths.search_indexer
  timeout            = 30
  log_retention_days = var.log_retention_days

  environment_variables = {
    SEARCH_INDEX_TABLE      = module.search_index.table_name
    POWERTOOLS_SERVICE_NAME = "search-indexer"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadMessagesStream"
      actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      resources = [var.messages_table.stream_arn]
    },
    {
      sid       = "WriteIndex"
      actions   = ["dynamodb:BatchWriteItem"]
      resources = [module.search_index.table_arn]
    },
    {
      sid       = "SendFailedBatchesToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [module.failures_queue.queue_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "search" {
  event_source_arn               = var.messages_table.stream_arn
  function_name                  = module.search_indexer.function_arn
  starting_position              = "LATEST"
  batch_size                     = 100
  maximum_retry_attempts         = 5
  bisect_batch_on_function_error = true
  function_response_types        = ["ReportBatchItemFailures"]
  # A search may lag a second behind; one invocation per second of writes
  # instead of one per write.
  maximum_batching_window_in_seconds = 1

  destination_config {
    on_failure {
      destination_arn = module.failures_queue.queue_arn
    }
  }
}
