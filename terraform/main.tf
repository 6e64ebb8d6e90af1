locals {
  is_local    = var.target == "local"
  name_prefix = "${var.project_name}-${var.environment}"
  emails      = distinct(compact(concat([var.notification_email], var.extra_notification_emails)))
  package     = "${path.root}/${var.lambda_build_dir}"
}

################################################################################
# Lab 1: DynamoDB stream -> Lambda -> SNS notifications
################################################################################

module "lab1" {
  source = "./modules/lab-1-stream-notifications"

  name_prefix         = local.name_prefix
  package_path        = "${local.package}/message-stream-processor.zip"
  notification_emails = local.emails
  log_retention_days  = var.log_retention_days
}

################################################################################
# Lab 2: SNS OrderTopic -> SQS OrderQueue -> Lambda OrderProcessor -> DynamoDB Orders
################################################################################

module "lab2" {
  source = "./modules/lab-2-orders"

  name_prefix                = local.name_prefix
  package_path               = "${local.package}/order-processor.zip"
  visibility_timeout_seconds = var.order_queue_visibility_timeout
  log_retention_days         = var.log_retention_days
}

################################################################################
# Lab 3: webhook -> SNS push (or SQS polling) -> idempotent background processor
################################################################################

module "lab3" {
  source = "./modules/lab-3-webhook-idempotency"

  name_prefix    = local.name_prefix
  delivery_mode  = var.delivery_mode
  ingest_paths   = var.ingest_paths
  webhook_secret = var.webhook_secret
  package_paths = {
    webhook_handler         = "${local.package}/webhook-handler.zip"
    background_processor    = "${local.package}/background-processor.zip"
    stale_message_processor = "${local.package}/stale-message-processor.zip"
  }
  stale_after_seconds            = var.stale_after_seconds
  stale_schedule_expression      = var.stale_schedule_expression
  processor_reserved_concurrency = var.processor_reserved_concurrency

  grant_url_invoke_command  = "${path.root}/../node_modules/.bin/tsx ${path.root}/helpers/grant-function-url-invoke.ts"
  check_concurrency_command = local.is_local ? null : "${path.root}/../node_modules/.bin/tsx ${path.root}/helpers/check-concurrency-quota.ts"
  # Runs on both targets: removing an ingest path first waits until it is drained.
  drain_check_command = "${path.root}/../node_modules/.bin/tsx ${path.root}/helpers/drain-ingest-path.ts"
  helper_environment  = local.is_local ? { AWS_ENDPOINT_URL = var.local_endpoint, AWS_ACCESS_KEY_ID = "test", AWS_SECRET_ACCESS_KEY = "test", AWS_REGION = var.aws_region } : { AWS_REGION = var.aws_region }
  alert_emails        = local.emails
  log_retention_days  = var.log_retention_days
}

################################################################################
# Lab 4: build on it (filtering, preferences, threads, a web app, analytics, search)
################################################################################

module "lab4" {
  source = "./modules/lab-4-build-on-it"

  name_prefix = local.name_prefix
  package_paths = {
    message_api      = "${local.package}/message-api.zip"
    preferences_sync = "${local.package}/preferences-sync.zip"
    digest           = "${local.package}/digest.zip"
    analytics        = "${local.package}/message-analytics.zip"
    search_indexer   = "${local.package}/search-indexer.zip"
  }
  messages_table = {
    name       = module.lab1.messages_table_name
    arn        = module.lab1.messages_table_arn
    stream_arn = module.lab1.messages_stream_arn
  }
  notifications_topic_arn    = module.lab1.notifications_topic_arn
  analytics_window_seconds   = var.analytics_window_seconds
  digest_schedule_expression = var.digest_schedule_expression
  log_retention_days         = var.log_retention_days
}
