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
