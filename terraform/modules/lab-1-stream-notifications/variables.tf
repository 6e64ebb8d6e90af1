variable "name_prefix" {
  description = "Prefix of every resource name, <project>-<environment>, so two learners can share one account."
  type        = string
}

variable "package_path" {
  description = "Zip of the message-stream-processor Lambda (build/lambdas/message-stream-processor.zip)."
  type        = string
}

variable "notification_emails" {
  description = "Email addresses subscribed to the notifications topic. Each must confirm its subscription."
  type        = list(string)
  default     = []
}

variable "stream_batch_size" {
  description = "Most stream records per invocation."
  type        = number
  default     = 10
}

variable "stream_maximum_retry_attempts" {
  description = "Retries of a failing batch before its records go to the on-failure queue. Bounded, so one bad record cannot block the shard for 24 hours."
  type        = number
  default     = 2

  validation {
    condition     = var.stream_maximum_retry_attempts >= 0 && var.stream_maximum_retry_attempts <= 10000
    error_message = "stream_maximum_retry_attempts must be between 0 and 10000 (-1, infinite, is not allowed in this lab)."
  }
}

variable "stream_maximum_record_age_seconds" {
  description = "Records older than this are sent to the on-failure queue instead of being processed."
  type        = number
  default     = 3600
}

variable "log_retention_days" {
  description = "Retention of the function's logs."
  type        = number
  default     = 14
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
