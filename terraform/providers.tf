# One provider, two targets. On the local target every endpoint points at the
# emulator (as LocalStack's tflocal does) and the credentials are dummies.
provider "aws" {
  region = var.aws_region

  access_key                  = local.is_local ? "test" : null
  secret_key                  = local.is_local ? "test" : null
  skip_credentials_validation = local.is_local
  skip_requesting_account_id  = local.is_local
  skip_metadata_api_check     = local.is_local
  skip_region_validation      = local.is_local

  dynamic "endpoints" {
    for_each = local.is_local ? [var.local_endpoint] : []

    content {
      apigatewayv2 = endpoints.value
      cloudwatch   = endpoints.value
      dynamodb     = endpoints.value
      events       = endpoints.value
      iam          = endpoints.value
      kms          = endpoints.value
      lambda       = endpoints.value
      logs         = endpoints.value
      scheduler    = endpoints.value
      sns          = endpoints.value
      sqs          = endpoints.value
      ssm          = endpoints.value
      sts          = endpoints.value
    }
  }

  default_tags {
    tags = {
      Project     = var.project_name
      Environment = var.environment
      ManagedBy   = "terraform"
      Lab         = "streamlab"
    }
  }
}
