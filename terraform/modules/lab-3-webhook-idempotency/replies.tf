################################################################################
# Replies: the processor's answers, on a topic with a queue standing in for WhatsApp
################################################################################

resource "aws_sns_topic" "replies" {
  name              = local.names.replies
  kms_master_key_id = "alias/aws/sns"
  signature_version = 2
  tags              = var.tags
}

module "replies_queue" {
  source = "../sqs-queue"

  name                   = local.names.replies_queue
  allowed_sns_topic_arns = [aws_sns_topic.replies.arn]
  tags                   = var.tags
}

# Raw delivery: the queue holds the reply JSON itself, with its attributes.
resource "aws_sns_topic_subscription" "replies_queue" {
  topic_arn            = aws_sns_topic.replies.arn
  protocol             = "sqs"
  endpoint             = module.replies_queue.queue_arn
  raw_message_delivery = true

  depends_on = [module.replies_queue]
}
