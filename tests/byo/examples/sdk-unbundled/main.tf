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

resource "aws_iam_role" "fn" {
  name               = "byo-sdk-unbundled-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# CloudWatch Logs: Lambda creates /aws/lambda/byo-sdk-unbundled on first use with this role.
resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_dynamodb_table" "notes" {
  name         = "byo-notes"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# A policy without "Version", as many older samples write it: AWS defaults it to 2008-10-17.
resource "aws_iam_role_policy" "write_notes" {
  name = "write-notes"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:PutItem"]
      Resource = aws_dynamodb_table.notes.arn
    }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-sdk-unbundled"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.notes.name
    }
  }
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}
