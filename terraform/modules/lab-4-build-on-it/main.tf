# Lab 4, "build on it": the stream lab's own next steps on lab 1's table,
# stream and topic. One file per exercise:
#   filtering.tf    1. filter policies at the subscription
#   preferences.tf  2. preferences as data, kept in sync by a stream; a daily digest
#   (threads)       3. lab 1's thread-index GSI and its stream processor
#   api.tf          4. the web app behind an HTTP API
#   analytics.tf    5. per-author counts with a tumbling window
#   search.tf       6. a keyword index kept by the stream

locals {
  names = {
    filtered_queue   = "${var.name_prefix}-lab4-filtered-notifications"
    preferences      = "${var.name_prefix}-preferences"
    preferences_sync = "${var.name_prefix}-preferences-sync"
    digest_topic     = "${var.name_prefix}-digests"
    digest_archive   = "${var.name_prefix}-lab4-digest-archive"
    digest           = "${var.name_prefix}-digest"
    digest_schedule  = "${var.name_prefix}-daily-digest"
    analytics_table  = "${var.name_prefix}-analytics"
    analytics        = "${var.name_prefix}-message-analytics"
    search_index     = "${var.name_prefix}-search-index"
    search_indexer   = "${var.name_prefix}-search-indexer"
    api              = "${var.name_prefix}-messages-api"
    message_api      = "${var.name_prefix}-message-api"
    failures         = "${var.name_prefix}-lab4-stream-failures"
  }
}

# Invocation records of lab 4's stream batches that failed every retry.
module "failures_queue" {
  source = "../sqs-queue"

  name       = local.names.failures
  create_dlq = false
  tags       = var.tags
}
