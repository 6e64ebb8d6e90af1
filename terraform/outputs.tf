output "target" {
  description = "Target these outputs belong to (local or aws)."
  value       = var.target
}

output "aws_region" {
  description = "Region of every resource."
  value       = var.aws_region
}

output "endpoint" {
  description = "Emulator endpoint on the local target; null on AWS."
  value       = local.is_local ? var.local_endpoint : null
}

output "lab1" {
  description = "Names and URLs of lab 1 (stream notifications), used by the scripts."
  value = {
    messages_table            = module.lab1.messages_table_name
    notifications_topic_arn   = module.lab1.notifications_topic_arn
    test_queue_url            = module.lab1.test_queue_url
    test_queue_dlq_url        = module.lab1.test_queue_dlq_url
    subscription_dlq_url      = module.lab1.subscription_dlq_url
    stream_failures_queue_url = module.lab1.stream_failures_queue_url
    processor_function_name   = module.lab1.processor_function_name
    processor_log_group_name  = module.lab1.processor_log_group_name
    email_subscription_arns   = module.lab1.email_subscription_arns
  }
}

output "lab2" {
  description = "Names and URLs of lab 2 (orders), used by the scripts."
  value = {
    orders_table             = module.lab2.orders_table_name
    order_topic_arn          = module.lab2.order_topic_arn
    order_queue_url          = module.lab2.order_queue_url
    order_dlq_url            = module.lab2.order_dlq_url
    processor_function_name  = module.lab2.processor_function_name
    processor_log_group_name = module.lab2.processor_log_group_name
  }
}
