variable "name_prefix" {
  description = "Prefix of every resource name, <project>-<environment>."
  type        = string
}

variable "delivery_mode" {
  description = "How the webhook hands messages to the background processor: sns (push, the design after the migration) or sqs (polling through an event source mapping, the design before)."
  type        = string
  default     = "sns"

  validation {
    condition     = contains(["sns", "sqs"], var.delivery_mode)
    error_message = "delivery_mode must be sns or sqs."
  }
}

variable "ingest_paths" {
  description = "The ingest paths deployed (the processor consumes from each): null means [delivery_mode]. A migration sets both, [\"sqs\", \"sns\"], while it switches delivery_mode (scripts/migrate.ts)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.ingest_paths == null ? true : length(var.ingest_paths) > 0 && alltrue([for p in var.ingest_paths : contains(["sns", "sqs"], p)])
    error_message = "ingest_paths must list sns, sqs or both."
  }

  validation {
    condition     = contains(coalesce(var.ingest_paths, [var.delivery_mode]), var.delivery_mode)
    error_message = "ingest_paths must include delivery_mode: the webhook publishes only to a deployed path."
  }
}

variable "drain_check_command" {
  description = "Command that waits, before an ingest path is removed, until it is drained (given the path, its address, its DLQ and the publishing functions). Null skips the check."
  type        = string
  default     = null
}

variable "helper_environment" {
  description = "Environment of the helper commands (the emulator's endpoint and dummy credentials on the local target)."
  type        = map(string)
  default     = {}
}

variable "package_paths" {
  description = "Zips of the three Lambdas that `make build` produced."
  type = object({
    webhook_handler         = string
    background_processor    = string
    stale_message_processor = string
  })
}

variable "webhook_secret" {
  description = "Shared secret of the HMAC-SHA256 signature every webhook request carries. Stored as an SSM SecureString; the function reads it at cold start."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.webhook_secret) >= 16
    error_message = "webhook_secret must be at least 16 characters (make apply generates a random one)."
  }
}

variable "grant_url_invoke_command" {
  description = "Command that adds the function URL's lambda:InvokeFunction statement (with lambda:InvokedViaFunctionUrl), given the function name and region; it runs with helper_environment. Null skips it (the URL then answers 403 on AWS, and on the local target with IAM enforced)."
  type        = string
  default     = null
}

variable "check_concurrency_command" {
  description = "Command that checks, before the processor is created, that the account can reserve processor_reserved_concurrency (given the function name, the value and the region). Null skips it (the local target)."
  type        = string
  default     = null
}

variable "max_body_bytes" {
  description = "Largest webhook body accepted; larger requests get 413."
  type        = number
  default     = 65536
}

variable "processor_reserved_concurrency" {
  description = "Reserved concurrency of the background processor: at most this many run at once, and bursts beyond it wait (SNS) or stay in the queue (SQS). -1 leaves it unreserved."
  type        = number
  default     = 10

  validation {
    condition     = var.processor_reserved_concurrency == -1 || (var.processor_reserved_concurrency >= 1 && floor(var.processor_reserved_concurrency) == var.processor_reserved_concurrency)
    error_message = "processor_reserved_concurrency must be -1 (unreserved) or a whole number of at least 1."
  }
}

variable "processor_timeout" {
  description = "Background processor timeout in seconds."
  type        = number
  default     = 10
}

variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the ingest queue (sqs mode). AWS recommends at least 6 times the function timeout."
  type        = number
  default     = 60
}

variable "idempotency_ttl_seconds" {
  description = "How long a processed message_id is remembered in the idempotency table."
  type        = number
  default     = 3600
}

variable "stale_after_seconds" {
  description = "A submission still pending after this many seconds is republished by the stale-message-processor."
  type        = number
  default     = 300
}

variable "max_republishes" {
  description = "Republishes of one submission before it is marked failed."
  type        = number
  default     = 3
}

variable "stale_schedule_expression" {
  description = "EventBridge schedule of the stale-message-processor."
  type        = string
  default     = "rate(5 minutes)"
}

variable "alert_emails" {
  description = "Addresses subscribed to the alerts topic that the alarms notify."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Retention of the functions' logs."
  type        = number
  default     = 14
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
