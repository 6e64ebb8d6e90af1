# An HTTP API with Lambda proxy integration over a DynamoDB table ("Tutorial:
# Build a CRUD HTTP API with Lambda and DynamoDB"): GET /items/{id} and
# POST /items, on the $default stage, auto-deployed. GET /me sits behind a JWT
# authorizer whose issuer is a Cognito user pool ("Control access to HTTP APIs
# with JWT authorizers"): only a signed-in user's token gets in.
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

resource "aws_dynamodb_table" "items" {
  name         = "byo-http-items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_role" "fn" {
  name = "byo-http-items"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "fn" {
  name = "items"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem"], Resource = aws_dynamodb_table.items.arn }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "byo-http-items"
  role             = aws_iam_role.fn.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "build/function.zip"
  source_code_hash = filebase64sha256("build/function.zip")

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.items.name
    }
  }
}

resource "aws_apigatewayv2_api" "items" {
  name          = "byo-http-items"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "fn" {
  api_id                 = aws_apigatewayv2_api.items.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "get" {
  api_id    = aws_apigatewayv2_api.items.id
  route_key = "GET /items/{id}"
  target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
}

resource "aws_apigatewayv2_route" "post" {
  api_id    = aws_apigatewayv2_api.items.id
  route_key = "POST /items"
  target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
}

resource "aws_cognito_user_pool" "users" {
  name = "byo-http-users"
}

resource "aws_cognito_user_pool_client" "web" {
  name                = "byo-http-web"
  user_pool_id        = aws_cognito_user_pool.users.id
  explicit_auth_flows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}

resource "aws_apigatewayv2_authorizer" "users" {
  api_id           = aws_apigatewayv2_api.items.id
  name             = "byo-http-users"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = "https://${aws_cognito_user_pool.users.endpoint}"
    audience = [aws_cognito_user_pool_client.web.id]
  }
}

resource "aws_apigatewayv2_route" "me" {
  api_id             = aws_apigatewayv2_api.items.id
  route_key          = "GET /me"
  target             = "integrations/${aws_apigatewayv2_integration.fn.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.users.id
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.items.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.items.execution_arn}/*/*"
}

output "function_name" {
  value = aws_lambda_function.fn.function_name
}

# The API's address: locally the emulator answers a local one, which you can
# curl. (The stage's invoke_url is built by the provider in AWS's form.)
output "api_url" {
  value = aws_apigatewayv2_api.items.api_endpoint
}

output "user_pool_id" {
  value = aws_cognito_user_pool.users.id
}

output "client_id" {
  value = aws_cognito_user_pool_client.web.id
}
