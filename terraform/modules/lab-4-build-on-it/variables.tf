variable "name_prefix" {
  description = "Prefix of every resource name, <project>-<environment>, so two learners can share one account."
  type        = string
}

variable "package_paths" {
  description = "Zips of lab 4's Lambdas (build/lambdas/<name>.zip)."
  type = object({
    message_api      = string
    preferences_sync = string
    digest           = string
    analytics        = string
    search_indexer   = string
  })
}

variable "messages_table" {
  description = "Lab 1's messages table: lab 4 builds on it."
  type = object({
    name       = string
    arn        = string
    stream_arn = string
  })
}

variable "notifications_topic_arn" {
  description = "Lab 1's message-notifications topic: lab 4 filters its subscriptions."
  type        = string
}

variable "analytics_window_seconds" {
  description = "TumblingWindowInSeconds of the analytics consumer: messages are counted per author per window."
  type        = number
  default     = 60

  validation {
    condition     = var.analytics_window_seconds >= 1 && var.analytics_window_seconds <= 900
    error_message = "analytics_window_seconds must be between 1 and 900 (Lambda's limit)."
  }
}

variable "digest_schedule_expression" {
  description = "When the digest function runs (EventBridge Scheduler, UTC)."
  type        = string
  default     = "cron(0 8 * * ? *)"
}

variable "digest_hours" {
  description = "How many hours of messages a digest covers."
  type        = number
  default     = 24
}

variable "log_retention_days" {
  description = "Retention of the functions' and the API's log groups."
  type        = number
  default     = 14
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
