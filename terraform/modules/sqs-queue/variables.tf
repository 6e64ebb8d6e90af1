variable "name" {
  description = "Queue name. Its dead-letter queue is named <name>-dlq unless dlq_name is given."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden before another receive can see it."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long SQS keeps a message (the DLQ keeps its messages 14 days)."
  type        = number
  default     = 345600
}

variable "create_dlq" {
  description = "Create a dead-letter queue and a redrive policy to it."
  type        = bool
  default     = true
}

variable "dlq_name" {
  description = "Name of the dead-letter queue; null means <name>-dlq."
  type        = string
  default     = null
}

variable "max_receive_count" {
  description = "Receives after which SQS moves a message to the dead-letter queue."
  type        = number
  default     = 3

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "allowed_sns_topic_arns" {
  description = "SNS topics that may send to the queue. The queue policy allows nothing else."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for the queues."
  type        = map(string)
  default     = {}
}
