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
  name               = "byo-url-iam-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-url-iam"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")
}

resource "aws_lambda_function_url" "fn" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "AWS_IAM"

  cors {
    allow_origins = ["https://app.example.com"]
    allow_methods = ["GET", "POST"]
    max_age       = 300
  }
}

# A caller with its own access keys, allowed to call the URL.
resource "aws_iam_user" "caller" {
  name = "byo-url-caller"
}

# A URL call needs both actions (since October 2025, for every URL since
# November 2026); the second only through a function URL.
resource "aws_iam_user_policy" "caller" {
  name = "invoke-url"
  user = aws_iam_user.caller.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "lambda:InvokeFunctionUrl", Resource = aws_lambda_function.fn.arn },
      { Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.fn.arn, Condition = { Bool = { "lambda:InvokedViaFunctionUrl" = "true" } } },
    ]
  })
}

resource "aws_iam_access_key" "caller" {
  user = aws_iam_user.caller.name
}

# A second user without the permission.
resource "aws_iam_user" "stranger" {
  name = "byo-url-stranger"
}

resource "aws_iam_access_key" "stranger" {
  user = aws_iam_user.stranger.name
}

# A third user with lambda:InvokeFunctionUrl only, as URLs needed before October 2025.
resource "aws_iam_user" "half" {
  name = "byo-url-half"
}

resource "aws_iam_user_policy" "half" {
  name = "invoke-url-only"
  user = aws_iam_user.half.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunctionUrl", Resource = aws_lambda_function.fn.arn }]
  })
}

resource "aws_iam_access_key" "half" {
  user = aws_iam_user.half.name
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

output "function_url" {
  value = aws_lambda_function_url.fn.function_url
}

output "caller_key" {
  value = aws_iam_access_key.caller.id
}

output "caller_secret" {
  value     = aws_iam_access_key.caller.secret
  sensitive = true
}

output "stranger_key" {
  value = aws_iam_access_key.stranger.id
}

output "stranger_secret" {
  value     = aws_iam_access_key.stranger.secret
  sensitive = true
}

output "half_key" {
  value = aws_iam_access_key.half.id
}

output "half_secret" {
  value     = aws_iam_access_key.half.secret
  sensitive = true
}
