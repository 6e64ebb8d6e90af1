output "orders_table_name" {
  description = "Name of the Orders table."
  value       = module.orders_table.table_name
}

output "order_topic_arn" {
  description = "ARN of OrderTopic."
  value       = aws_sns_topic.orders.arn
}

output "order_queue_url" {
  description = "URL of OrderQueue."
  value       = module.order_queue.queue_url
}

output "order_dlq_url" {
  description = "URL of OrderDeadLetterQueue."
  value       = module.order_queue.dlq_url
}

output "processor_function_name" {
  description = "Name of the OrderProcessor function."
  value       = module.processor.function_name
}

output "processor_log_group_name" {
  description = "Log group of the OrderProcessor function."
  value       = module.processor.log_group_name
}
