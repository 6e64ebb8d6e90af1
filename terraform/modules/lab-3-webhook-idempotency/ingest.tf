################################################################################
# Ingest paths: an SNS topic that pushes ("sns") and a queue that is polled
# ("sqs"). Normally one exists, the one delivery_mode names. During a migration
# both do (ingest_paths), and the processor consumes from each: idempotency on
# message_id makes a message that arrives both ways safe.
#
# Each path ends in a drain guard (terraform_data with create_before_destroy):
#   - it is created after everything its path needs, and the webhook and the
#     stale processor read the path's address from it, so they switch only to a
#     path that already reaches the processor (expand, then switch);
#   - it is destroyed after they have switched away and before any resource of
#     its path, and its destroy-time check waits until the path is drained and
#     refuses while its DLQ holds messages (drain, then contract).
# Terraform orders it so within one apply, on AWS as on the emulator;
# scripts/migrate.ts runs the same steps as separate applies, one at a time.
################################################################################

locals {
  paths    = toset(coalesce(var.ingest_paths, [var.delivery_mode]))
  sns_path = contains(local.paths, "sns")
  sqs_path = contains(local.paths, "sqs")

  # The functions that publish to an ingest path: its drain check waits until
  # none of them targets the path any more.
  publishers      = { webhook = module.webhook.role_name, stale = module.stale.role_name }
  publisher_names = "${local.names.webhook},${local.names.stale}"
}

################################################################################
# sns: topic → Lambda subscription (with a subscription DLQ)
################################################################################

resource "aws_sns_topic" "ingest" {
  count = local.sns_path ? 1 : 0

  name              = local.names.ingest_topic
  kms_master_key_id = "alias/aws/sns"
  signature_version = 2
  tags              = var.tags
}

# Where SNS keeps a message it could not hand to Lambda at all (the function is
# gone, or its resource policy does not allow this topic): without it, such a
# message would be lost after the webhook had already answered 202.
module "ingest_subscription_dlq" {
  source = "../sqs-queue"
  count  = local.sns_path ? 1 : 0

  name                      = local.names.ingest_dlq
  create_dlq                = false
  message_retention_seconds = 1209600
  allowed_sns_topic_arns    = [aws_sns_topic.ingest[0].arn]
  tags                      = var.tags
}

resource "aws_sns_topic_subscription" "processor" {
  count = local.sns_path ? 1 : 0

  topic_arn      = aws_sns_topic.ingest[0].arn
  protocol       = "lambda"
  endpoint       = module.processor.function_arn
  redrive_policy = jsonencode({ deadLetterTargetArn = module.ingest_subscription_dlq[0].queue_arn })

  depends_on = [module.ingest_subscription_dlq]
}

resource "aws_lambda_permission" "ingest_topic" {
  count = local.sns_path ? 1 : 0

  statement_id  = "AllowIngestTopic"
  action        = "lambda:InvokeFunction"
  function_name = module.processor.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.ingest[0].arn
}

resource "aws_iam_role_policy" "publish_ingest_topic" {
  for_each = local.sns_path ? local.publishers : {}

  name = "${local.names.ingest_topic}-publish"
  role = each.value
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "PublishToIngestTopic", Effect = "Allow", Action = ["sns:Publish"], Resource = [aws_sns_topic.ingest[0].arn] }]
  })
}

resource "terraform_data" "sns_path" {
  count = local.sns_path ? 1 : 0

  input = {
    topic_arn   = aws_sns_topic.ingest[0].arn
    check       = var.drain_check_command == null ? "true" : "${var.drain_check_command} sns ${aws_sns_topic.ingest[0].arn} ${module.ingest_subscription_dlq[0].queue_url} ${local.publisher_names}"
    environment = var.helper_environment
  }

  provisioner "local-exec" {
    when        = destroy
    command     = self.output.check
    environment = self.output.environment
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_sns_topic_subscription.processor, aws_lambda_permission.ingest_topic, aws_iam_role_policy.publish_ingest_topic]
}

################################################################################
# sqs: queue (with its DLQ) → event source mapping
################################################################################

module "ingest_queue" {
  source = "../sqs-queue"
  count  = local.sqs_path ? 1 : 0

  name                       = local.names.ingest_queue
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  tags                       = var.tags
}

resource "aws_iam_role_policy" "consume_ingest_queue" {
  count = local.sqs_path ? 1 : 0

  name = "${local.names.ingest_queue}-consume"
  role = module.processor.role_name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ConsumeIngestQueue"
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      Resource = [module.ingest_queue[0].queue_arn]
    }]
  })
}

resource "aws_lambda_event_source_mapping" "ingest_queue" {
  count = local.sqs_path ? 1 : 0

  event_source_arn                   = module.ingest_queue[0].queue_arn
  function_name                      = module.processor.function_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 0
  function_response_types            = ["ReportBatchItemFailures"]

  lifecycle {
    precondition {
      condition     = var.processor_timeout <= var.queue_visibility_timeout_seconds
      error_message = "processor_timeout must not exceed queue_visibility_timeout_seconds: Lambda refuses such an event source mapping."
    }
  }

  # Lambda checks at creation that the role may receive from the queue.
  depends_on = [aws_iam_role_policy.consume_ingest_queue]
}

resource "aws_iam_role_policy" "send_ingest_queue" {
  for_each = local.sqs_path ? local.publishers : {}

  name = "${local.names.ingest_queue}-send"
  role = each.value
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "SendToIngestQueue", Effect = "Allow", Action = ["sqs:SendMessage"], Resource = [module.ingest_queue[0].queue_arn] }]
  })
}

resource "terraform_data" "sqs_path" {
  count = local.sqs_path ? 1 : 0

  input = {
    queue_url   = module.ingest_queue[0].queue_url
    check       = var.drain_check_command == null ? "true" : "${var.drain_check_command} sqs ${module.ingest_queue[0].queue_url} ${module.ingest_queue[0].dlq_url} ${local.publisher_names}"
    environment = var.helper_environment
  }

  provisioner "local-exec" {
    when        = destroy
    command     = self.output.check
    environment = self.output.environment
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_lambda_event_source_mapping.ingest_queue, aws_iam_role_policy.send_ingest_queue]
}
