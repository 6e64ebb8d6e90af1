variable "name_prefix" {
  description = "Prefix of every resource name, <project>-<environment>."
  type        = string
}

variable "package_path" {
  description = "Zip of the OrderProcessor Lambda (build/lambdas/order-processor.zip)."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "OrderQueue visibility timeout: how long a received order stays hidden before it is delivered again."
  type        = number
  default     = 30
}

variable "max_receive_count" {
  description = "Receives after which SQS moves an order to OrderDeadLetterQueue."
  type        = number
  default     = 3
}

variable "function_timeout" {
  description = "OrderProcessor timeout in seconds. Lambda refuses an SQS event source whose function timeout exceeds the visibility timeout; AWS recommends a visibility timeout of at least 6 times the function timeout."
  type        = number
  default     = 5
}

variable "batch_size" {
  description = "Most messages per OrderProcessor invocation."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10
    error_message = "batch_size must be between 1 and 10 (larger batches need a batching window)."
  }
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
