terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# Lambda reads the queue with the function's role; the handler reports to the "seen" queue.
resource "aws_iam_role" "fn" {
  name               = "byo-alias-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "queues" {
  name = "queues"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = aws_sqs_queue.orders.arn },
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.seen.arn },
    ]
  })
}

resource "aws_sqs_queue" "orders" {
  name                       = "byo-alias-orders"
  visibility_timeout_seconds = 30
}

resource "aws_sqs_queue" "seen" {
  name = "byo-alias-seen"
}

# publish = true: each change of code or configuration publishes a new version.
resource "aws_lambda_function" "fn" {
  function_name    = "byo-alias"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")
  publish          = true

  environment {
    variables = {
      SEEN_QUEUE_URL = aws_sqs_queue.seen.url
    }
  }
}

# The alias callers use: it points at the version just published.
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}

# Two environments initialised ahead of the alias's events; Terraform waits until they are READY.
resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}

# The queue's messages go to the alias, not to $LATEST.
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_alias.live.arn
  batch_size       = 1

  depends_on = [aws_iam_role_policy.queues]
}

# An EventBridge rule whose target is the alias; the permission names the alias too.
resource "aws_cloudwatch_event_rule" "orders" {
  name          = "byo-alias-orders"
  event_pattern = jsonencode({ source = ["byo.alias"] })
}

resource "aws_cloudwatch_event_target" "orders" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_alias.live.arn
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_alias.live.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.orders.arn
}

# A URL for the alias: it runs the alias's version, at a host name of its own.
# With authorization NONE the provider adds the public lambda:InvokeFunctionUrl
# permission, for the alias. Since November 2026 every URL also needs
# lambda:InvokeFunction through the URL, which provider 5.100 cannot express:
# versions.test.ts adds it as `aws lambda add-permission --invoked-via-function-url` would.
resource "aws_lambda_function_url" "live" {
  function_name      = aws_lambda_alias.live.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = "NONE"
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

output "version" {
  value = aws_lambda_function.fn.version
}

output "alias_arn" {
  value = aws_lambda_alias.live.arn
}

output "orders_queue_url" {
  value = aws_sqs_queue.orders.url
}

output "seen_queue_url" {
  value = aws_sqs_queue.seen.url
}

output "live_url" {
  value = aws_lambda_function_url.live.function_url
}
