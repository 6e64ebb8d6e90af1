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

resource "aws_sqs_queue" "failures" {
  name = "byo-dest-failures"
}

resource "aws_dynamodb_table" "records" {
  name         = "byo-dest-records"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# The worker's role: Lambda sends its invocation records with it.
resource "aws_iam_role" "worker" {
  name               = "byo-dest-worker-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "worker_destinations" {
  name = "destinations"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.recorder.arn },
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.failures.arn },
    ]
  })
}

resource "aws_iam_role" "recorder" {
  name               = "byo-dest-recorder-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "recorder_table" {
  name = "records"
  role = aws_iam_role.recorder.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.records.arn }]
  })
}

resource "aws_lambda_function" "worker" {
  function_name    = "byo-dest-worker"
  role             = aws_iam_role.worker.arn
  runtime          = "nodejs22.x"
  handler          = "index.worker"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")
}

resource "aws_lambda_function" "recorder" {
  function_name    = "byo-dest-recorder"
  role             = aws_iam_role.recorder.arn
  runtime          = "nodejs22.x"
  handler          = "index.recorder"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.records.name
    }
  }
}

# Asynchronous invocations: no retry; a success's record to the recorder, a failure's to the queue.
resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name          = aws_lambda_function.worker.function_name
  maximum_retry_attempts = 0

  destination_config {
    on_success {
      destination = aws_lambda_function.recorder.arn
    }
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}

output "function_name" {
  value = aws_lambda_function.worker.function_name
}

output "failures_queue_url" {
  value = aws_sqs_queue.failures.url
}
