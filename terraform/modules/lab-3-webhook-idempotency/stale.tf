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
