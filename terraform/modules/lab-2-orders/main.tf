locals {
  names = {
    table    = "${var.name_prefix}-Orders"
    topic    = "${var.name_prefix}-OrderTopic"
    queue    = "${var.name_prefix}-OrderQueue"
    dlq      = "${var.name_prefix}-OrderDeadLetterQueue"
    function = "${var.name_prefix}-OrderProcessor"
  }
}

################################################################################
# Orders table
################################################################################

module "orders_table" {
  source = "../dynamodb-table"

  name     = local.names.table
  hash_key = { name = "orderId" }
  tags     = var.tags
}

################################################################################
# OrderTopic → OrderQueue (→ OrderDeadLetterQueue after max_receive_count receives)
################################################################################

resource "aws_sns_topic" "orders" {
  name              = local.names.topic
  kms_master_key_id = "alias/aws/sns"
  signature_version = 2
  tags              = var.tags
}

module "order_queue" {
  source = "../sqs-queue"

  name                       = local.names.queue
  dlq_name                   = local.names.dlq
  visibility_timeout_seconds = var.visibility_timeout_seconds
  max_receive_count          = var.max_receive_count
  allowed_sns_topic_arns     = [aws_sns_topic.orders.arn]
  tags                       = var.tags
}

# Without raw delivery: the Lambda receives the SNS envelope inside each SQS body.
resource "aws_sns_topic_subscription" "order_queue" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = module.order_queue.queue_arn

  depends_on = [module.order_queue]
}

################################################################################
# OrderProcessor
################################################################################

module "processor" {
  source = "../lambda-function"

  function_name      = local.names.function
  description        = "Validates orders from OrderQueue and stores them in the Orders table."
  package_path       = var.package_path
  timeout            = var.function_timeout
  log_retention_days = var.log_retention_days

  environment_variables = {
    ORDERS_TABLE            = module.orders_table.table_name
    POWERTOOLS_SERVICE_NAME = "order-processor"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  # The seed allowed sqs:* on "*". These are the actions the event source
  # mapping needs on this one queue, and the one write the function makes.
  policy_statements = [
    {
      sid       = "ConsumeOrderQueue"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources = [module.order_queue.queue_arn]
    },
    {
      sid       = "WriteOrders"
      actions   = ["dynamodb:PutItem"]
      resources = [module.orders_table.table_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "order_queue" {
  event_source_arn                   = module.order_queue.queue_arn
  function_name                      = module.processor.function_arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = 0
  function_response_types            = ["ReportBatchItemFailures"]

  lifecycle {
    precondition {
      condition     = var.function_timeout <= var.visibility_timeout_seconds
      error_message = "The OrderProcessor timeout (function_timeout) must not exceed the OrderQueue visibility timeout: Lambda refuses such an event source mapping. AWS recommends a visibility timeout of at least 6x the function timeout."
    }
  }
}
