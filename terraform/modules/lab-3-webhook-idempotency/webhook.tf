################################################################################
# Webhook secret (SSM SecureString, read by the webhook handler at cold start)
################################################################################

resource "aws_ssm_parameter" "webhook_secret" {
  #checkov:skip=CKV_AWS_337:The AWS managed key (alias/aws/ssm) encrypts the secret at rest; a CMK costs money per learner.
  name        = local.names.secret
  description = "HMAC-SHA256 secret of the streamlab webhook."
  type        = "SecureString"
  value       = var.webhook_secret
  tags        = var.tags
}

################################################################################
# webhook-handler (function URL)
################################################################################

module "webhook" {
  source = "../lambda-function"

  function_name      = local.names.webhook
  description        = "Checks the signature of a webhook request, parses it and hands it to the background processor."
  package_path       = var.package_paths.webhook_handler
  timeout            = 10
  log_retention_days = var.log_retention_days

  environment_variables = merge(local.ingest_environment, {
    WEBHOOK_SECRET_PARAMETER = aws_ssm_parameter.webhook_secret.name
    MAX_BODY_BYTES           = tostring(var.max_body_bytes)
    POWERTOOLS_SERVICE_NAME  = "webhook-handler"
    POWERTOOLS_LOG_LEVEL     = "INFO"
  })

  # Publishing to the ingest paths: ingest.tf (a policy per path).
  policy_statements = [
    {
      # The AWS managed key alias/aws/ssm lets any principal of the account
      # decrypt through SSM, so no kms:Decrypt statement is needed.
      sid       = "ReadWebhookSecret"
      actions   = ["ssm:GetParameter"]
      resources = [local.secret_arn]
    },
  ]

  tags = var.tags
}

resource "aws_lambda_function_url" "webhook" {
  #checkov:skip=CKV_AWS_258:Twilio-style senders cannot sign with SigV4, so the URL is public and the function checks an HMAC signature of every body.
  function_name      = module.webhook.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "webhook_url" {
  #checkov:skip=CKV_AWS_301:The webhook is public by design (Twilio cannot sign with SigV4); the function rejects any request without a valid HMAC signature.
  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.webhook.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# The second statement a public function URL needs since October 2025, every
# URL since November 2026 (lambda:InvokeFunction, only through the URL). The
# provider cannot express it before 6.x, so a small SDK script adds it, on both
# targets; it goes with the function on destroy.
resource "terraform_data" "webhook_url_invoke" {
  count = var.grant_url_invoke_command == null ? 0 : 1

  triggers_replace = [module.webhook.function_arn]

  provisioner "local-exec" {
    command     = "${var.grant_url_invoke_command} ${module.webhook.function_name} ${data.aws_region.current.name}"
    environment = var.helper_environment
  }

  depends_on = [aws_lambda_permission.webhook_url]
}
