# "Tutorial: Using an Amazon S3 trigger to invoke a Lambda function": each new
# object under uploads/ invokes the function, which records its key and size.
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
  bucket = "byo-s3-lambda-uploads"
}

resource "aws_dynamodb_table" "objects" {
  name         = "byo-s3-lambda-objects"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "key"

  attribute {
    name = "key"
    type = "S"
  }
}

resource "aws_iam_role" "fn" {
  name = "byo-s3-lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "fn" {
  name = "objects"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.objects.arn }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-s3-lambda"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.objects.name
    }
  }
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.fn.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.fn.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }

  depends_on = [aws_lambda_permission.s3]
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

output "bucket" {
  value = aws_s3_bucket.uploads.id
}
