output "messages_table_name" {
  description = "Name of the messages table."
  value       = module.messages_table.table_name
}

output "notifications_topic_arn" {
  description = "ARN of the message-notifications topic."
  value       = aws_sns_topic.notifications.arn
}

output "test_queue_url" {
  description = "URL of the SQS queue subscribed to the notifications topic."
  value       = module.test_queue.queue_url
}

output "test_queue_dlq_url" {
  description = "URL of the test queue's own dead-letter queue."
  value       = module.test_queue.dlq_url
}

output "subscription_dlq_url" {
  description = "URL of the queue that receives notifications SNS could not deliver to the test queue."
  value       = module.subscription_dlq.queue_url
}

output "stream_failures_queue_url" {
  description = "URL of the on-failure destination of the stream event source mapping."
  value       = module.failures_queue.queue_url
}

output "processor_function_name" {
  description = "Name of the message-stream-processor function."
  value       = module.processor.function_name
}

output "processor_log_group_name" {
  description = "Log group of the message-stream-processor function."
  value       = module.processor.log_group_name
}

output "email_subscription_arns" {
  description = "Email subscriptions by address (each pending until confirmed)."
  value       = { for email, sub in aws_sns_topic_subscription.email : email => sub.arn }
}

output "messages_table_arn" {
  description = "ARN of the messages table (lab 4 reads it)."
  value       = module.messages_table.table_arn
}

output "messages_stream_arn" {
  description = "ARN of the messages table's stream (lab 4's consumers read it)."
  value       = module.messages_table.stream_arn
}
