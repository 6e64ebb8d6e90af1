# A one-time EventBridge Scheduler schedule invokes a function ("Invoke a Lambda
# function on a schedule" in the EventBridge Scheduler user guide): the schedule
# assumes its execution role, which may invoke only this function.
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

resource "aws_dynamodb_table" "reminders" {
  name         = "byo-reminders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_role" "fn" {
  name = "byo-reminder-fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "fn" {
  name = "reminders"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.reminders.arn }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-reminder"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.reminders.name
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name = "byo-reminder-scheduler"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "scheduler.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "scheduler" {
  name = "invoke"
  role = aws_iam_role.scheduler.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.fn.arn }]
  })
}

resource "aws_scheduler_schedule_group" "reminders" {
  name = "byo-reminders"
}

# Fires once, 20 seconds after the plan. (ActionAfterCompletion needs the AWS
# provider 6; the conformance suite checks it through the API.)
resource "aws_scheduler_schedule" "once" {
  name                         = "byo-reminder-once"
  group_name                   = aws_scheduler_schedule_group.reminders.name
  schedule_expression          = "at(${formatdate("YYYY-MM-DD'T'hh:mm:ss", timeadd(plantimestamp(), "20s"))})"
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.fn.arn
    role_arn = aws_iam_role.scheduler.arn
    # A plain string: jsonencode() would write < and > as \u003c and \u003e,
    # and the context attribute would no longer be recognised.
    input = "{\"id\": \"reminder-1\", \"text\": \"stretch your legs\", \"schedule\": \"<aws.scheduler.schedule-arn>\"}"
  }

  lifecycle {
    ignore_changes = [schedule_expression]
  }
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}
