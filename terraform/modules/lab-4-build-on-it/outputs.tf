output "web_app_url" {
  description = "The web app: open it in a browser."
  value       = "${aws_apigatewayv2_stage.default.invoke_url}/"
}

output "api_endpoint" {
  description = "The HTTP API's endpoint."
  value       = aws_apigatewayv2_api.messages.api_endpoint
}

output "filtered_queue_url" {
  description = "URL of the queue whose subscription filters message-notifications (exercise 1)."
  value       = module.filtered_queue.queue_url
}

output "preferences_table" {
  description = "Name of the preferences table."
  value       = module.preferences_table.table_name
}

output "digest_topic_arn" {
  description = "ARN of the digest topic."
  value       = aws_sns_topic.digests.arn
}

output "digest_archive_queue_url" {
  description = "URL of the queue that keeps every non-empty digest."
  value       = module.digest_archive.queue_url
}

output "digest_schedule_name" {
  description = "Name of the digest's EventBridge Scheduler schedule."
  value       = aws_scheduler_schedule.digest.name
}

output "analytics_table" {
  description = "Name of the analytics table."
  value       = module.analytics_table.table_name
}

output "analytics_window_seconds" {
  description = "The analytics consumer's tumbling window."
  value       = var.analytics_window_seconds
}

output "search_index_table" {
  description = "Name of the keyword index table."
  value       = module.search_index.table_name
}

output "stream_failures_queue_url" {
  description = "URL of the on-failure destination of lab 4's stream mappings."
  value       = module.failures_queue.queue_url
}

output "function_names" {
  description = "Lab 4's functions."
  value = {
    message_api      = module.message_api.function_name
    preferences_sync = module.preferences_sync.function_name
    digest           = module.digest.function_name
    analytics        = module.analytics.function_name
    search_indexer   = module.search_indexer.function_name
  }
}
