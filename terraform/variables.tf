variable "target" {
  description = "Where to deploy: local (the offline emulator) or aws."
  type        = string
  default     = "aws"

  validation {
    condition     = contains(["local", "aws"], var.target)
    error_message = "target must be local or aws."
  }
}

variable "local_endpoint" {
  description = "Emulator URL used when target is local."
  type        = string
  default     = "http://127.0.0.1:4566"

  validation {
    condition     = can(regex("^https?://", var.local_endpoint))
    error_message = "local_endpoint must be an http(s) URL, for example http://127.0.0.1:4566."
  }
}

variable "local_runtime_url" {
  description = "The local runtime's HTTP endpoint (target local only), which serves function URLs at /lambda-url/<function-name>/. local/up.sh writes it for each instance."
  type        = string
  default     = "http://127.0.0.1:4568"

  validation {
    condition     = can(regex("^https?://", var.local_runtime_url))
    error_message = "local_runtime_url must be an http(s) URL, for example http://127.0.0.1:4568."
  }
}

variable "aws_region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like us-east-1 or eu-west-2."
  }
}

variable "project_name" {
  description = "First part of every resource name."
  type        = string
  default     = "streamlab"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project_name))
    error_message = "project_name must be 2-20 characters of lower-case letters, digits and hyphens, starting with a letter (it prefixes queue and function names)."
  }
}

variable "environment" {
  description = "Second part of every resource name (dev, alice, ...), so two learners can share one account."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,11}$", var.environment))
    error_message = "environment must be 1-12 lower-case letters or digits, starting with a letter."
  }
}

variable "notification_email" {
  description = "Address that receives the notifications (you confirm it once). Empty for none."
  type        = string
  default     = ""

  validation {
    condition     = var.notification_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.notification_email))
    error_message = "notification_email must be an email address such as you@example.com, or empty."
  }
}

variable "extra_notification_emails" {
  description = "More addresses subscribed to the notifications topic."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.extra_notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Every entry of extra_notification_emails must be an email address."
  }
}

variable "lambda_build_dir" {
  description = "Folder of the Lambda zips that `make build` writes."
  type        = string
  default     = "../build/lambdas"
}

variable "log_retention_days" {
  description = "Retention of every Lambda log group."
  type        = number
  default     = 14
}

variable "order_queue_visibility_timeout" {
  description = "Lab 2: OrderQueue visibility timeout in seconds (the exercise changes it)."
  type        = number
  default     = 30
}

variable "delivery_mode" {
  description = "Lab 3: sns (push, the default) or sqs (the polling design before the migration)."
  type        = string
  default     = "sns"

  validation {
    condition     = contains(["sns", "sqs"], var.delivery_mode)
    error_message = "delivery_mode must be sns or sqs."
  }
}

variable "ingest_paths" {
  description = "Lab 3: the ingest paths deployed (the processor consumes from each). null (the default) means [delivery_mode]; during a migration both, [\"sqs\", \"sns\"]. scripts/migrate.ts sets it step by step."
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

variable "webhook_secret" {
  description = "Lab 3: HMAC secret of the webhook. `make apply` generates a random one per instance (.streamlab/<instance>/webhook-secret); set it in terraform.tfvars to choose your own."
  type        = string
  sensitive   = true
}

variable "processor_reserved_concurrency" {
  description = "Lab 3: reserved concurrency of the background processor (at most this many run at once). -1 leaves it unreserved: new AWS accounts whose concurrency quota is 10 cannot reserve any (`make apply TARGET=aws` checks this first)."
  type        = number
  default     = 10

  validation {
    condition     = var.processor_reserved_concurrency == -1 || (var.processor_reserved_concurrency >= 1 && floor(var.processor_reserved_concurrency) == var.processor_reserved_concurrency)
    error_message = "processor_reserved_concurrency must be -1 (unreserved) or a whole number of at least 1."
  }
}

variable "stale_after_seconds" {
  description = "Lab 3: age after which a pending submission is republished."
  type        = number
  default     = 300
}

variable "stale_schedule_expression" {
  description = "Lab 3: how often the stale-message-processor looks for pending submissions (an EventBridge schedule expression)."
  type        = string
  default     = "rate(5 minutes)"
}

variable "analytics_window_seconds" {
  description = "Lab 4: the analytics consumer's tumbling window, in seconds (1 to 900)."
  type        = number
  default     = 60
}

variable "digest_schedule_expression" {
  description = "Lab 4: when the daily digest runs (EventBridge Scheduler expression, UTC)."
  type        = string
  default     = "cron(0 8 * * ? *)"
}
