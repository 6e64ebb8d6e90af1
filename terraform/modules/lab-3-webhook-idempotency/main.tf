data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  names = {
    submissions  = "${var.name_prefix}-submissions"
    idempotency  = "${var.name_prefix}-idempotency"
    ingest_topic = "${var.name_prefix}-webhook-messages"
    ingest_queue = "${var.name_prefix}-webhook-messages-queue"
    ingest_dlq   = "${var.name_prefix}-webhook-messages-subscription-dlq"
    replies      = "${var.name_prefix}-replies"
    replies_q    = "${var.name_prefix}-replies-queue"
    alerts       = "${var.name_prefix}-alerts"
    webhook      = "${var.name_prefix}-webhook-handler"
    processor    = "${var.name_prefix}-background-processor"
    processor_q  = "${var.name_prefix}-background-processor-dlq"
    stale        = "${var.name_prefix}-stale-message-processor"
    schedule     = "${var.name_prefix}-stale-message-schedule"
    secret       = "/${var.name_prefix}/webhook-secret"
  }

  push = var.delivery_mode == "sns"

  # Where the webhook (and the stale processor) hand a message over.
  ingest_arn = local.push ? aws_sns_topic.ingest[0].arn : module.ingest_queue[0].queue_arn
  ingest_send = local.push ? {
    sid     = "PublishToIngestTopic"
    actions = ["sns:Publish"]
    } : {
    sid     = "SendToIngestQueue"
    actions = ["sqs:SendMessage"]
  }
  ingest_environment = {
    DELIVERY_MODE    = var.delivery_mode
    INGEST_TOPIC_ARN = local.push ? aws_sns_topic.ingest[0].arn : ""
    INGEST_QUEUE_URL = local.push ? "" : module.ingest_queue[0].queue_url
  }
  secret_arn = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${local.names.secret}"
}

################################################################################
# Tables: submissions (one item per message_id) and Powertools idempotency records
################################################################################

module "submissions_table" {
  source = "../dynamodb-table"

  name     = local.names.submissions
  hash_key = { name = "message_id" }

  # The stale-message-processor finds pending submissions by age.
  global_secondary_indexes = [
    { name = "status-created_at-index", hash_key = "status", range_key = "created_at" },
  ]

  tags = var.tags
}

module "idempotency_table" {
  source = "../dynamodb-table"

  name          = local.names.idempotency
  hash_key      = { name = "id" }
  ttl_attribute = "expiration"
  tags          = var.tags
}

################################################################################
# Ingest: an SNS topic that pushes (sns mode) or a queue that is polled (sqs mode)
################################################################################

resource "aws_sns_topic" "ingest" {
  count = local.push ? 1 : 0

  name              = local.names.ingest_topic
  kms_master_key_id = "alias/aws/sns"
  tags              = var.tags
}

# Where SNS keeps a message it could not hand to Lambda at all (the function is
# gone, or its resource policy does not allow this topic): without it, such a
# message would be lost after the webhook had already answered 202.
module "ingest_subscription_dlq" {
  source = "../sqs-queue"
  count  = local.push ? 1 : 0

  name                      = local.names.ingest_dlq
  create_dlq                = false
  message_retention_seconds = 1209600
  allowed_sns_topic_arns    = [aws_sns_topic.ingest[0].arn]
  tags                      = var.tags
}

resource "aws_sns_topic_subscription" "processor" {
  count = local.push ? 1 : 0

  topic_arn      = aws_sns_topic.ingest[0].arn
  protocol       = "lambda"
  endpoint       = module.processor.function_arn
  redrive_policy = jsonencode({ deadLetterTargetArn = module.ingest_subscription_dlq[0].queue_arn })

  depends_on = [module.ingest_subscription_dlq]
}

resource "aws_lambda_permission" "ingest_topic" {
  count = local.push ? 1 : 0

  statement_id  = "AllowIngestTopic"
  action        = "lambda:InvokeFunction"
  function_name = module.processor.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.ingest[0].arn
}

module "ingest_queue" {
  source = "../sqs-queue"
  count  = local.push ? 0 : 1

  name                       = local.names.ingest_queue
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  tags                       = var.tags
}

resource "aws_lambda_event_source_mapping" "ingest_queue" {
  count = local.push ? 0 : 1

  event_source_arn                   = module.ingest_queue[0].queue_arn
  function_name                      = module.processor.function_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 0
  function_response_types            = ["ReportBatchItemFailures"]

  lifecycle {
    precondition {
      condition     = var.processor_timeout <= var.queue_visibility_timeout_seconds
      error_message = "processor_timeout must not exceed queue_visibility_timeout_seconds: Lambda refuses such an event source mapping."
    }
  }
}

################################################################################
# Replies: the processor's answers, on a topic with a queue standing in for WhatsApp
################################################################################

resource "aws_sns_topic" "replies" {
  name              = local.names.replies
  kms_master_key_id = "alias/aws/sns"
  tags              = var.tags
}

module "replies_queue" {
  source = "../sqs-queue"

  name                   = local.names.replies_q
  allowed_sns_topic_arns = [aws_sns_topic.replies.arn]
  tags                   = var.tags
}

# Raw delivery: the queue holds the reply JSON itself, with its attributes.
resource "aws_sns_topic_subscription" "replies_queue" {
  topic_arn            = aws_sns_topic.replies.arn
  protocol             = "sqs"
  endpoint             = module.replies_queue.queue_arn
  raw_message_delivery = true

  depends_on = [module.replies_queue]
}

################################################################################
# Webhook secret (SSM SecureString, read by the webhook handler at cold start)
################################################################################

resource "aws_ssm_parameter" "webhook_secret" {
  #checkov:skip=CKV_AWS_337:The AWS managed key (alias/aws/ssm) encrypts the secret at rest; a CMK costs money per learner.
  name        = local.names.secret
  description = "HMAC-SHA256 secret of the streamlab webhook."
  type        = "SecureString"
  value       = var.webhook_secret
  tags        = var.tags
}

################################################################################
# webhook-handler (function URL)
################################################################################

module "webhook" {
  source = "../lambda-function"

  function_name      = local.names.webhook
  description        = "Checks the signature of a webhook request, parses it and hands it to the background processor."
  package_path       = var.package_paths.webhook_handler
  timeout            = 10
  log_retention_days = var.log_retention_days

  environment_variables = merge(local.ingest_environment, {
    WEBHOOK_SECRET_PARAMETER = aws_ssm_parameter.webhook_secret.name
    MAX_BODY_BYTES           = tostring(var.max_body_bytes)
    POWERTOOLS_SERVICE_NAME  = "webhook-handler"
    POWERTOOLS_LOG_LEVEL     = "INFO"
  })

  policy_statements = [
    merge(local.ingest_send, { resources = [local.ingest_arn] }),
    {
      # The AWS managed key alias/aws/ssm lets any principal of the account
      # decrypt through SSM, so no kms:Decrypt statement is needed.
      sid       = "ReadWebhookSecret"
      actions   = ["ssm:GetParameter"]
      resources = [local.secret_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_function_url" "webhook" {
  #checkov:skip=CKV_AWS_258:Twilio-style senders cannot sign with SigV4, so the URL is public and the function checks an HMAC signature of every body.
  function_name      = module.webhook.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "webhook_url" {
  #checkov:skip=CKV_AWS_301:The webhook is public by design (Twilio cannot sign with SigV4); the function rejects any request without a valid HMAC signature.
  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.webhook.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# The second statement a public function URL needs since October 2025
# (lambda:InvokeFunction, only through the URL). The provider cannot express it
# before 6.x, so a small SDK script adds it; it goes with the function on destroy.
resource "terraform_data" "webhook_url_invoke" {
  count = var.grant_url_invoke_command == null ? 0 : 1

  triggers_replace = [module.webhook.function_arn]

  provisioner "local-exec" {
    command = "${var.grant_url_invoke_command} ${module.webhook.function_name} ${data.aws_region.current.name}"
  }

  depends_on = [aws_lambda_permission.webhook_url]
}

################################################################################
# background-processor (reserved concurrency, Lambda DLQ, idempotent)
################################################################################

# Events whose asynchronous invocation failed every retry (sns mode).
module "processor_dlq" {
  source = "../sqs-queue"

  name                      = local.names.processor_q
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

  policy_statements = concat(
    [
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
    ],
    local.push ? [] : [
      {
        sid       = "ConsumeIngestQueue"
        actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        resources = [module.ingest_queue[0].queue_arn]
      },
    ],
  )

  tags = var.tags
}

################################################################################
# stale-message-processor (EventBridge schedule)
################################################################################

module "stale" {
  source = "../lambda-function"

  function_name      = local.names.stale
  description        = "Republishes submissions stuck in pending for longer than stale_after_seconds."
  package_path       = var.package_paths.stale_message_processor
  timeout            = 30
  log_retention_days = var.log_retention_days

  environment_variables = merge(local.ingest_environment, {
    SUBMISSIONS_TABLE       = module.submissions_table.table_name
    STALE_INDEX_NAME        = "status-created_at-index"
    STALE_AFTER_SECONDS     = tostring(var.stale_after_seconds)
    MAX_REPUBLISHES         = tostring(var.max_republishes)
    POWERTOOLS_SERVICE_NAME = "stale-message-processor"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  })

  policy_statements = [
    {
      sid       = "FindPendingSubmissions"
      actions   = ["dynamodb:Query"]
      resources = ["${module.submissions_table.table_arn}/index/status-created_at-index"]
    },
    {
      sid       = "MarkSubmissions"
      actions   = ["dynamodb:UpdateItem"]
      resources = [module.submissions_table.table_arn]
    },
    merge(local.ingest_send, { resources = [local.ingest_arn] }),
  ]

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "stale" {
  name                = local.names.schedule
  description         = "Runs the stale-message-processor."
  schedule_expression = var.stale_schedule_expression
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "stale" {
  rule = aws_cloudwatch_event_rule.stale.name
  arn  = module.stale.function_arn
}

resource "aws_lambda_permission" "stale_schedule" {
  statement_id  = "AllowStaleSchedule"
  action        = "lambda:InvokeFunction"
  function_name = module.stale.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.stale.arn
}
