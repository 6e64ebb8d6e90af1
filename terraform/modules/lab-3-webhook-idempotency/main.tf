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

  # Where the webhook (and the stale processor) hand a message over: read from
  # the path's drain guard, so they switch only once that path works end to end
  # (ingest.tf).
  ingest_environment = {
    DELIVERY_MODE    = var.delivery_mode
    INGEST_TOPIC_ARN = var.delivery_mode == "sns" ? terraform_data.sns_path[0].output.topic_arn : ""
    INGEST_QUEUE_URL = var.delivery_mode == "sqs" ? terraform_data.sqs_path[0].output.queue_url : ""
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

  # Publishing to the ingest paths: ingest.tf (a policy per path).
  policy_statements = [
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
