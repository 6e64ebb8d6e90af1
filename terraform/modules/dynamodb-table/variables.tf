variable "name" {
  description = "Table name."
  type        = string
}

variable "hash_key" {
  description = "Partition key attribute name and type (S, N or B)."
  type = object({
    name = string
    type = optional(string, "S")
  })
}

variable "range_key" {
  description = "Sort key attribute name and type (S, N or B), or null for a table with a partition key only."
  type = object({
    name = string
    type = optional(string, "S")
  })
  default = null
}

variable "global_secondary_indexes" {
  description = "GSIs to create. Each names its own key attributes; their types are declared for you."
  type = list(object({
    name            = string
    hash_key        = string
    hash_key_type   = optional(string, "S")
    range_key       = optional(string)
    range_key_type  = optional(string, "S")
    projection_type = optional(string, "ALL")
  }))
  default = []
}

variable "stream_view_type" {
  description = "DynamoDB Streams view type, or null for no stream."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], coalesce(var.stream_view_type, "KEYS_ONLY"))
    error_message = "stream_view_type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES or null."
  }
}

variable "ttl_attribute" {
  description = "Attribute holding an expiry time in epoch seconds, or null for no TTL."
  type        = string
  default     = null
}

variable "point_in_time_recovery" {
  description = "Keep continuous backups for 35 days."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Refuse DeleteTable. Off so that `make destroy` can clean up a lab."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the table."
  type        = map(string)
  default     = {}
}
