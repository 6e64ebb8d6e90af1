output "delivery_mode" {
  description = "sns (push) or sqs (polling)."
  value       = var.delivery_mode
}

output "ingest_paths" {
  description = "The ingest paths deployed: [delivery_mode], or both during a migration."
  value       = sort(tolist(local.paths))
}

output "webhook_function_name" {
  description = "Name of the webhook-handler function."
  value       = module.webhook.function_name
}

output "webhook_function_url" {
  description = "Function URL of the webhook-handler as AWS (or moto) reports it."
  value       = aws_lambda_function_url.webhook.function_url
}

output "processor_function_name" {
  description = "Name of the background-processor function."
  value       = module.processor.function_name
}

output "stale_function_name" {
  description = "Name of the stale-message-processor function."
  value       = module.stale.function_name
}

output "submissions_table_name" {
  description = "Name of the submissions table."
  value       = module.submissions_table.table_name
}

output "idempotency_table_name" {
  description = "Name of the Powertools idempotency table."
  value       = module.idempotency_table.table_name
}

output "ingest_topic_arn" {
  description = "ARN of the ingest topic (the sns path), else null."
  value       = local.sns_path ? aws_sns_topic.ingest[0].arn : null
}

output "ingest_queue_url" {
  description = "URL of the ingest queue (the sqs path), else null."
  value       = local.sqs_path ? module.ingest_queue[0].queue_url : null
}

output "ingest_dlq_url" {
  description = "URL of the ingest queue's DLQ (the sqs path), else null."
  value       = local.sqs_path ? module.ingest_queue[0].dlq_url : null
}

output "ingest_subscription_dlq_url" {
  description = "URL of the DLQ of the ingest topic's Lambda subscription (the sns path), else null."
  value       = local.sns_path ? module.ingest_subscription_dlq[0].queue_url : null
}

output "processor_dlq_url" {
  description = "URL of the background processor's Lambda DLQ (failed asynchronous invocations)."
  value       = module.processor_dlq.queue_url
}

output "replies_topic_arn" {
  description = "ARN of the replies topic."
  value       = aws_sns_topic.replies.arn
}

output "replies_queue_url" {
  description = "URL of the replies queue (stands in for WhatsApp)."
  value       = module.replies_queue.queue_url
}

output "alerts_topic_arn" {
  description = "ARN of the alerts topic the alarms publish to."
  value       = aws_sns_topic.alerts.arn
}

output "alarm_names" {
  description = "Names of the lab's CloudWatch alarms."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.failed_deliveries : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.dead_letters : a.alarm_name],
    [aws_cloudwatch_metric_alarm.processor_errors.alarm_name],
  )
}
