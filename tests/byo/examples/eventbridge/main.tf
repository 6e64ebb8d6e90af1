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

resource "aws_dynamodb_table" "orders" {
  name         = "byo-eb-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"

  attribute {
    name = "orderId"
    type = "S"
  }
}

resource "aws_iam_role" "fn" {
  name               = "byo-eb-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "orders" {
  name = "orders"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.orders.arn }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-eb-orders"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.orders.name
    }
  }
}

resource "aws_cloudwatch_event_bus" "shop" {
  name = "byo-shop"
}

# Only placed orders reach the function.
resource "aws_cloudwatch_event_rule" "placed" {
  name           = "byo-order-placed"
  event_bus_name = aws_cloudwatch_event_bus.shop.name
  event_pattern = jsonencode({
    source        = ["shop.orders"]
    "detail-type" = ["OrderPlaced"]
  })
}

resource "aws_cloudwatch_event_target" "fn" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.shop.name
  arn            = aws_lambda_function.fn.arn
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.placed.arn
}

# The same rule also notifies a topic, whose queue subscriber keeps a copy
# ("Tutorial: Send a notification when an Amazon S3 object is created" uses the
# same topic policy for events.amazonaws.com).
resource "aws_sns_topic" "placed" {
  name = "byo-order-placed"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.placed.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sns:Publish", Resource = aws_sns_topic.placed.arn }]
  })
}

resource "aws_cloudwatch_event_target" "topic" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.shop.name
  arn            = aws_sns_topic.placed.arn
}

resource "aws_sqs_queue" "copies" {
  name = "byo-order-placed-copies"
}

resource "aws_sqs_queue_policy" "copies" {
  queue_url = aws_sqs_queue.copies.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.copies.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.placed.arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "copies" {
  topic_arn            = aws_sns_topic.placed.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.copies.arn
  raw_message_delivery = true
}

output "copies_queue_url" {
  value = aws_sqs_queue.copies.url
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

output "bus_name" {
  value = aws_cloudwatch_event_bus.shop.name
}
