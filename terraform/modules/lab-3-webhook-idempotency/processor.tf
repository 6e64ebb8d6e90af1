################################################################################
# background-processor (reserved concurrency, Lambda DLQ, idempotent)
################################################################################

# Events whose asynchronous invocation failed every retry (sns mode).
module "processor_dlq" {
  source = "../sqs-queue"

  name                      = local.names.processor_dlq
  create_dlq                = false
  message_retention_seconds = 1209600
  tags                      = var.tags
}

# On AWS, a new account's concurrency quota (often 10) cannot spare any reserved
# concurrency; this fails the apply before the processor is created, saying what
# to set, instead of Lambda's InvalidParameterValueException halfway through.
resource "terraform_data" "processor_concurrency_check" {
  count = var.check_concurrency_command == null || var.processor_reserved_concurrency < 0 ? 0 : 1

  triggers_replace = [var.processor_reserved_concurrency]

  provisioner "local-exec" {
    command = "${var.check_concurrency_command} ${local.names.processor} ${var.processor_reserved_concurrency} ${data.aws_region.current.name}"
  }
}

module "processor" {
  source     = "../lambda-function"
  depends_on = [terraform_data.processor_concurrency_check]

  function_name                  = local.names.processor
  description                    = "Classifies each webhook message once (idempotent on message_id), stores a submission and sends a reply."
  package_path                   = var.package_paths.background_processor
  timeout                        = var.processor_timeout
  reserved_concurrent_executions = var.processor_reserved_concurrency
  dead_letter_target_arn         = module.processor_dlq.queue_arn
  log_retention_days             = var.log_retention_days

  environment_variables = {
    SUBMISSIONS_TABLE       = module.submissions_table.table_name
    IDEMPOTENCY_TABLE       = module.idempotency_table.table_name
    REPLIES_TOPIC_ARN       = aws_sns_topic.replies.arn
    IDEMPOTENCY_TTL_SECONDS = tostring(var.idempotency_ttl_seconds)
    POWERTOOLS_SERVICE_NAME = "background-processor"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  # Consuming the ingest queue: ingest.tf (with the queue's path).
  policy_statements = [
    {
      sid       = "IdempotencyRecords"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [module.idempotency_table.table_arn]
    },
    {
      sid       = "Submissions"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
      resources = [module.submissions_table.table_arn]
    },
    {
      sid       = "PublishReplies"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.replies.arn]
    },
  ]

  tags = var.tags
}
