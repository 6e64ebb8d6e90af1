################################################################################
# Tables: submissions (one item per message_id) and Powertools idempotency records
################################################################################

module "submissions_table" {
  source = "../dynamodb-table"

  name     = local.names.submissions
  hash_key = { name = "message_id" }

  # The stale-message-processor finds pending submissions by age.
  global_secondary_indexes = [
    { name = "status-created_at-index", hash_key = "status", range_key = "created_at" },
  ]

  tags = var.tags
}

module "idempotency_table" {
  source = "../dynamodb-table"

  name          = local.names.idempotency
  hash_key      = { name = "id" }
  ttl_attribute = "expiration"
  tags          = var.tags
}
