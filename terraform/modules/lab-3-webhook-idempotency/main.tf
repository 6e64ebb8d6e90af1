# Lab 3: webhook -> SNS push (or SQS polling) -> idempotent background processor.
# One file per concern: tables.tf, replies.tf, webhook.tf, ingest.tf (the
# delivery paths), processor.tf, stale.tf, alarms.tf; the names live here.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  names = {
    submissions   = "${var.name_prefix}-submissions"
    idempotency   = "${var.name_prefix}-idempotency"
    ingest_topic  = "${var.name_prefix}-webhook-messages"
    ingest_queue  = "${var.name_prefix}-webhook-messages-queue"
    ingest_dlq    = "${var.name_prefix}-webhook-messages-subscription-dlq"
    replies       = "${var.name_prefix}-replies"
    replies_queue = "${var.name_prefix}-replies-queue"
    alerts        = "${var.name_prefix}-alerts"
    webhook       = "${var.name_prefix}-webhook-handler"
    processor     = "${var.name_prefix}-background-processor"
    processor_dlq = "${var.name_prefix}-background-processor-dlq"
    stale         = "${var.name_prefix}-stale-message-processor"
    schedule      = "${var.name_prefix}-stale-message-schedule"
    secret        = "/${var.name_prefix}/webhook-secret"
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
