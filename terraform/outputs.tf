output "target" {
  description = "Target these outputs belong to (local or aws)."
  value       = var.target
}

output "aws_region" {
  description = "Region of every resource."
  value       = var.aws_region
}

output "endpoint" {
  description = "Emulator endpoint on the local target; empty on AWS (Terraform leaves a null root output out of `terraform output -json`, and the scripts need every key)."
  value       = local.is_local ? var.local_endpoint : ""
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

output "lab3" {
  description = "Names and URLs of lab 3 (webhook and idempotent processor), used by the scripts."
  value = {
    delivery_mode           = module.lab3.delivery_mode
    ingest_paths            = module.lab3.ingest_paths
    webhook_url             = local.is_local ? "${var.local_runtime_url}/lambda-url/${module.lab3.webhook_function_name}/" : module.lab3.webhook_function_url
    webhook_function_name   = module.lab3.webhook_function_name
    processor_function_name = module.lab3.processor_function_name
    stale_function_name     = module.lab3.stale_function_name
    submissions_table       = module.lab3.submissions_table_name
    idempotency_table       = module.lab3.idempotency_table_name
    ingest_topic_arn        = module.lab3.ingest_topic_arn
    ingest_queue_url        = module.lab3.ingest_queue_url
    ingest_dlq_url          = module.lab3.ingest_dlq_url
    ingest_subscription_dlq = module.lab3.ingest_subscription_dlq_url
    processor_dlq_url       = module.lab3.processor_dlq_url
    replies_topic_arn       = module.lab3.replies_topic_arn
    replies_queue_url       = module.lab3.replies_queue_url
    alerts_topic_arn        = module.lab3.alerts_topic_arn
    alarm_names             = module.lab3.alarm_names
  }
}

output "lab4" {
  description = "Names and URLs of lab 4 (build on it), used by the scripts."
  value = {
    web_app_url              = "${module.lab4.api_endpoint}/"
    filtered_queue_url       = module.lab4.filtered_queue_url
    preferences_table        = module.lab4.preferences_table
    digest_topic_arn         = module.lab4.digest_topic_arn
    digest_archive_queue_url = module.lab4.digest_archive_queue_url
    digest_schedule_name     = module.lab4.digest_schedule_name
    analytics_table          = module.lab4.analytics_table
    analytics_window_seconds = module.lab4.analytics_window_seconds
    search_index_table       = module.lab4.search_index_table
    stream_failures_queue    = module.lab4.stream_failures_queue_url
    function_names           = module.lab4.function_names
  }
}

output "webhook_secret" {
  description = "Lab 3: the webhook's HMAC secret; the scripts sign requests with it."
  value       = var.webhook_secret
  sensitive   = true
}
