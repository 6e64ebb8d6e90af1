"""DynamoDB: writes one at a time (conditions hold under concurrency), reads
that never see a write half done, counted writes, and stream records that
nudge the runtime once per request instead of moto's own Lambda invoking,
queries that read only their partition, condition and update expressions
parsed once each and update expressions validated on a quicker copy, stream
records written without moto's serializer, items written into JSON answers
without moto's shape walk, and shard iterators that expire after 15 minutes,
as on AWS, and new tables named by AWS's rules."""

from __future__ import annotations

from moto.core import serialize as moto_serialize
from moto.dynamodb import comparisons as ddb_comparisons
from moto.dynamodb import models as ddb_models
from moto.dynamodb import responses as ddb_responses
from moto.dynamodb.models import table as ddb_table
from moto.dynamodb.parsing import validators as ddb_validators
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser  # type: ignore[attr-defined]  # moto's module is untyped
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]  # moto's own import says so too
from moto.dynamodbstreams import models as streams_models
from moto.dynamodbstreams import responses as streams_responses

from .. import atomic, hop_counts, invocations_off, nudges, speed_attribute_values, speed_expressions, speed_query, speed_streams, speed_update_validation, stream_iterators, table_names
from ..patching import replace, wrap

Backend, Handler = ddb_models.DynamoDBBackend, ddb_responses.DynamoHandler

PUT_ITEM = "self, table_name, item_attrs, expected, condition_expression, expression_attribute_names, expression_attribute_values, overwrite, return_values_on_condition_check_failure"
UPDATE_ITEM = "self, table_name, key, update_expression, expression_attribute_names, expression_attribute_values, attribute_updates, expected, condition_expression, return_values_on_condition_check_failure"
DELETE_ITEM = "self, table_name, key, expression_attribute_names, expression_attribute_values, condition_expression, return_values_on_condition_check_failure"
SCAN = "self, table_name, filters, limit, exclusive_start_key, filter_expression, expr_names, expr_values, index_name, consistent_read, projection_expression, segments"
QUERY = (
    "self, table_name, hash_key_dict, range_comparison, range_value_dicts, limit, exclusive_start_key, scan_index_forward, projection_expressions, index_name, "
    "consistent_read, expr_names, expr_values, filter_expression, hash_key_conditions, range_key_conditions, **filter_kwargs"
)
TABLE_QUERY = (
    "self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward, projection_expressions, index_name, "
    "consistent_read, filter_expression, hash_key_conditions, range_key_conditions, **filter_kwargs"
)

PATCHES = (
    wrap(Handler, "create_table", table_names.create_table, expects="self"),
    wrap(Backend, "put_item", atomic.one_at_a_time, hop_counts.table_write, expects=PUT_ITEM),
    wrap(Backend, "update_item", atomic.one_at_a_time, hop_counts.table_write, expects=UPDATE_ITEM),
    wrap(Backend, "delete_item", atomic.one_at_a_time, expects=DELETE_ITEM),
    wrap(Backend, "transact_write_items", atomic.one_at_a_time, expects="self, transact_items"),
    wrap(Backend, "describe_table", atomic.one_at_a_time, expects="self, name"),
    wrap(Backend, "scan", atomic.one_at_a_time, expects=SCAN),
    wrap(Backend, "query", atomic.one_at_a_time, expects=QUERY),
    wrap(ddb_table.Table, "query", speed_query.query, expects=TABLE_QUERY),
    wrap(ddb_table.Table, "all_items", speed_query.all_items, expects="self"),
    wrap(ddb_comparisons.ConditionExpressionParser, "parse", speed_expressions.parse_condition, expects="self"),
    wrap(UpdateExpressionParser, "make", speed_expressions.parse_update, expects="cls, expression_str"),
    replace(ddb_validators, "deepcopy", speed_update_validation.tree_copy, expects="x, memo, _nil"),
    replace(DepthFirstTraverser, "traverse_node_recursively", speed_update_validation.traverse_node_recursively, expects="self, node, child_id"),
    wrap(ddb_validators.Validator, "__init__", speed_update_validation.remember_expression, expects="self, expression, expression_attribute_names, expression_attribute_values, item, table"),
    wrap(ddb_validators.Validator, "validate", speed_update_validation.validate, expects="self"),
    wrap(ddb_table.StreamShard, "add", nudges.shard_add, invocations_off.shard_add, expects="self, old, new"),
    wrap(Handler, "batch_write_item", nudges.one_nudge_per_request, expects="self"),
    wrap(Handler, "transact_write_items", nudges.one_nudge_per_request, expects="self"),
    wrap(streams_responses.DynamoDBStreamsHandler, "get_records", speed_streams.get_records, expects="self"),
    wrap(moto_serialize.BaseJSONSerializer, "_serialize_type_structure", speed_attribute_values.serialize_structure, expects="self, serialized, value, shape, key"),
    wrap(streams_models.ShardIterator, "__init__", stream_iterators.stamp_issue_time, expects="self, streams_backend, stream_shard, shard_iterator_type, sequence_number"),
    wrap(streams_models.DynamoDBStreamsBackend, "get_shard_iterator", stream_iterators.get_shard_iterator, expects="self, arn, shard_id, shard_iterator_type, sequence_number"),
    wrap(streams_models.DynamoDBStreamsBackend, "get_records", stream_iterators.get_records, expects="self, iterator_arn, limit"),
)
