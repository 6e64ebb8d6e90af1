################################################################################
# Exercise 1: filtering at the subscription
################################################################################

# A queue that gets only some of message-notifications: alice's messages, or
# those of an author whose name starts with "team-", at least 20 characters
# long, and not mentioning a spoiler. Exact, prefix, numeric and anything-but
# matching on the attributes the stream processor publishes.
module "filtered_queue" {
  source = "../sqs-queue"

  name                   = local.names.filtered_queue
  allowed_sns_topic_arns = [var.notifications_topic_arn]
  # A queue to read from, not a consumer's input: nothing receives it repeatedly.
  create_dlq = false
  tags       = var.tags
}

resource "aws_sns_topic_subscription" "filtered" {
  topic_arn           = var.notifications_topic_arn
  protocol            = "sqs"
  endpoint            = module.filtered_queue.queue_arn
  filter_policy_scope = "MessageAttributes"
  filter_policy = jsonencode({
    author      = ["alice", { prefix = "team-" }]
    text_length = [{ numeric = [">=", 20] }]
    keywords    = [{ "anything-but" = ["spoiler"] }]
  })

  depends_on = [module.filtered_queue]
}
