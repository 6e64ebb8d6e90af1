################################################################################
# Exercise 4: the web app behind an HTTP API
################################################################################

# One function serves the page (GET /) and the JSON API (/api/...): one URL
# from `terraform output`, the same on both targets, with no CORS and no second
# origin. On AWS a larger app would put its static files in S3 behind
# CloudFront; CloudFront does not run offline, and a page of one file does not
# need it.
module "message_api" {
  source = "../lambda-function"

  function_name      = local.names.message_api
  description        = "The lab 4 web app: its page and its API over the lab's tables."
  package_path       = var.package_paths.message_api
  timeout            = 10
  log_retention_days = var.log_retention_days

  environment_variables = {
    MESSAGES_TABLE          = var.messages_table.name
    PREFERENCES_TABLE       = module.preferences_table.table_name
    ANALYTICS_TABLE         = module.analytics_table.table_name
    SEARCH_INDEX_TABLE      = module.search_index.table_name
    POWERTOOLS_SERVICE_NAME = "message-api"
    POWERTOOLS_LOG_LEVEL    = "INFO"
  }

  policy_statements = [
    {
      sid       = "ReadAndWriteMessages"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"]
      resources = [var.messages_table.arn]
    },
    {
      sid       = "ReadThreads"
      actions   = ["dynamodb:Query"]
      resources = ["${var.messages_table.arn}/index/thread-index"]
    },
    {
      sid       = "ReadAndWritePreferences"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      resources = [module.preferences_table.table_arn]
    },
    {
      sid       = "ReadAnalytics"
      actions   = ["dynamodb:Scan"]
      resources = [module.analytics_table.table_arn]
    },
    {
      sid       = "Search"
      actions   = ["dynamodb:Query"]
      resources = [module.search_index.table_arn]
    },
  ]

  tags = var.tags
}

resource "aws_apigatewayv2_api" "messages" {
  name          = local.names.api
  description   = "Lab 4's web app and API."
  protocol_type = "HTTP"
  tags          = var.tags
}

resource "aws_apigatewayv2_integration" "message_api" {
  api_id                 = aws_apigatewayv2_api.messages.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.message_api.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "message_api" {
  #checkov:skip=CKV_AWS_309:The lab's web app is open to whoever has its URL, like the lab's other endpoints; a real app would add a JWT authorizer (docs/lab-4-build-on-it.md).
  for_each = toset([
    "GET /",
    "GET /api/messages",
    "POST /api/messages",
    "GET /api/threads/{thread_id}",
    "GET /api/preferences/{subscriber}",
    "PUT /api/preferences/{subscriber}",
    "GET /api/analytics",
    "GET /api/search",
  ])

  api_id    = aws_apigatewayv2_api.messages.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.message_api.id}"
}

resource "aws_cloudwatch_log_group" "api_access" {
  #checkov:skip=CKV_AWS_158:Access logs carry no secrets; CloudWatch encrypts them at rest by default, and a CMK costs money per learner.
  #checkov:skip=CKV_AWS_338:A lab keeps logs for log_retention_days (14 by default) to stay cheap; production would choose a year or more.
  name              = "/aws/apigateway/${local.names.api}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.messages.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode({ requestId = "$context.requestId", routeKey = "$context.routeKey", status = "$context.status", latencyMs = "$context.responseLatency" })
  }

  default_route_settings {
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }

  tags = var.tags
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowMessagesHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = module.message_api.function_name
  principal     = "apigateway.amazonaws.com"
  # The API's execution ARN, spelled out: the provider's execution_arn has no
  # account id when it skips requesting one (the local target).
  source_arn = "arn:${data.aws_partition.current.partition}:execute-api:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:${aws_apigatewayv2_api.messages.id}/*/*"
}
