# The serverless pattern "Amazon S3 to Amazon SQS to AWS Lambda": S3 queues an
# event per new object; the function reads the queue in batches and records
# each object. The queue policy lets only this bucket send.
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

resource "aws_s3_bucket" "uploads" {
  bucket = "byo-s3-sqs-uploads"
}

resource "aws_sqs_queue" "events" {
  name                       = "byo-s3-sqs-events"
  visibility_timeout_seconds = 60
  sqs_managed_sse_enabled    = true
}

resource "aws_sqs_queue_policy" "s3" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_s3_bucket.uploads.arn } }
    }]
  })
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  queue {
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".csv"
  }

  depends_on = [aws_sqs_queue_policy.s3]
}

resource "aws_dynamodb_table" "objects" {
  name         = "byo-s3-sqs-objects"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "key"

  attribute {
    name = "key"
    type = "S"
  }
}

resource "aws_iam_role" "fn" {
  name = "byo-s3-sqs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "fn" {
  name = "queue-and-table"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = aws_sqs_queue.events.arn },
      { Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.objects.arn },
    ]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-s3-sqs"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")
  timeout          = 10

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.objects.name
    }
  }
}

resource "aws_lambda_event_source_mapping" "events" {
  event_source_arn = aws_sqs_queue.events.arn
  function_name    = aws_lambda_function.fn.arn
  batch_size       = 10
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

output "bucket" {
  value = aws_s3_bucket.uploads.id
}
