data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.function_name}"

  # Every function may write its own logs and traces; the caller adds the rest.
  statements = concat(
    [
      {
        sid       = "WriteOwnLogs"
        actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        resources = ["${local.log_group_arn}:*"]
      },
      {
        # X-Ray does not support resource-level permissions, so "*" is the narrowest scope.
        sid       = "WriteTraces"
        actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        resources = ["*"]
      },
    ],
    var.dead_letter_target_arn == null ? [] : [
      {
        sid       = "SendToDeadLetterTarget"
        actions   = [startswith(var.dead_letter_target_arn, "arn:${data.aws_partition.current.partition}:sns:") ? "sns:Publish" : "sqs:SendMessage"]
        resources = [var.dead_letter_target_arn]
      },
    ],
    var.policy_statements,
  )
}

################################################################################
# IAM role
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.function_name}-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = local.statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.function_name}-policy"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

################################################################################
# Log group (created before the function, so retention applies from the start)
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:Logs carry no secrets; CloudWatch encrypts them at rest by default, and a CMK costs money per learner.
  #checkov:skip=CKV_AWS_338:A lab keeps logs for log_retention_days (14 by default) to stay cheap; production would choose a year or more.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The lab's functions call only AWS APIs; a VPC would add NAT cost and cold-start time without protecting anything.
  #checkov:skip=CKV_AWS_173:Environment variables hold resource names only (no secrets) and are encrypted at rest with the AWS managed key; a CMK costs money per learner.
  #checkov:skip=CKV_AWS_272:Code signing needs a signer profile; the lab deploys the zips `make build` produced and Terraform checks their hash.
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = var.package_path
  source_code_hash               = filebase64sha256(var.package_path)
  handler                        = var.handler
  runtime                        = var.runtime
  timeout                        = var.timeout
  memory_size                    = var.memory_size
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    # Source maps make stack traces point at the TypeScript lines.
    variables = merge({ NODE_OPTIONS = "--enable-source-maps" }, var.environment_variables)
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]

    content {
      target_arn = dead_letter_config.value
    }
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]
}
