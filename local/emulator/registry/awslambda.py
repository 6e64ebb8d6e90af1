"""Lambda: moto's own invocation switched off (the local runtime invokes),
Invoke forwarded to the runtime (with its version or alias), provisioned
concurrency, function URLs of aliases, a resource policy per version and alias, the API's checks moto lacks, a function's
DeadLetterConfig and LoggingConfig kept, its code downloadable, and an SQS mapping's long polls ended with it."""

from __future__ import annotations

from moto.awslambda import models as lambda_models
from moto.awslambda import responses as lambda_responses
from moto.awslambda import urls as lambda_urls

from .. import function_policies, function_url_auth, function_url_qualifiers, invocations_off, lambda_api, lambda_code, lambda_invoke, lambda_logging, lambda_versions, sqs_mapping_polls, terraform_fixes
from ..patching import add, replace, wrap

Backend, Function = lambda_models.LambdaBackend, lambda_models.LambdaFunction

# moto's remaining invocation paths do nothing: the runtime reads streams and queues itself.
_SWITCHED_OFF = {
    "send_sqs_batch": "self, function_arn, messages, queue_arn",
    "send_dynamodb_items": "self, function_arn, items, source",
    "send_sns_message": "self, function_name, message, subject, qualifier",
    "send_kinesis_message": "self, function_name, kinesis_stream, kinesis_partition_key, kinesis_sequence_number, kinesis_data, kinesis_shard_id",
    "send_log_event": "self, function_arn, filter_name, log_group_name, log_stream_name, log_events",
}

# Provisioned concurrency's four actions, which moto lacks (lambda_versions.py).
_PROVISIONED = ("put_provisioned_concurrency_config", "get_provisioned_concurrency_config", "delete_provisioned_concurrency_config", "list_provisioned_concurrency_configs")

# The four function URL actions, which read an alias's URL here (function_url_qualifiers.py).
_URL_ACTIONS = ("create_function_url_config", "get_function_url_config", "update_function_url_config", "delete_function_url_config")

# The three policy actions, which act on the policy of the request's version or alias (function_policies.py).
_POLICY_ACTIONS = ("add_permission", "get_policy", "remove_permission")

PATCHES = (
    *(replace(Backend, name, invocations_off.switched_off(name), expects=params) for name, params in _SWITCHED_OFF.items()),
    wrap(Backend, "create_event_source_mapping", lambda_api.create_event_source_mapping, expects="self, spec"),
    # Disabling or deleting a mapping wakes its queue's waiting receives, which then take nothing.
    wrap(Backend, "update_event_source_mapping", sqs_mapping_polls.update_event_source_mapping, expects="self, uuid, spec"),
    wrap(Backend, "delete_event_source_mapping", sqs_mapping_polls.delete_event_source_mapping, expects="self, uuid"),
    wrap(Backend, "put_function_concurrency", lambda_api.put_function_concurrency, expects="self, function_name, reserved_concurrency"),
    add(lambda_responses.LambdaResponse, "get_account_settings", lambda_api.get_account_settings),
    add(lambda_urls.url_paths, r"{0}/(?P<api_version>[^/]+)/account-settings/?$", lambda_responses.LambdaResponse.dispatch, by="lambda_api"),
    wrap(lambda_responses.LambdaResponse, "invoke", lambda_versions.response_invoke, expects="self"),
    wrap(Backend, "invoke", lambda_versions.backend_invoke, expects="self, function_name, qualifier, body, headers, response_headers"),
    replace(lambda_models.LambdaStorage, "all", lambda_versions.all_functions, expects="self"),
    wrap(Backend, "delete_alias", lambda_versions.delete_alias, function_url_qualifiers.delete_alias, function_policies.delete_alias, expects="self, name, function_name"),
    wrap(Backend, "delete_function", lambda_versions.delete_function, function_url_qualifiers.delete_function, function_policies.delete_function, expects="self, function_name, qualifier"),
    *(replace(lambda_responses.LambdaResponse, name, getattr(function_policies, name), expects="self") for name in _POLICY_ACTIONS),
    *(add(lambda_responses.LambdaResponse, name, getattr(lambda_versions, name)) for name in _PROVISIONED),
    add(lambda_urls.url_paths, r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[^/]+)/provisioned-concurrency/?$", lambda_responses.LambdaResponse.dispatch, by="lambda_versions"),
    *(wrap(lambda_responses.LambdaResponse, name, getattr(function_url_qualifiers, name), expects="self") for name in _URL_ACTIONS),
    add(lambda_responses.LambdaResponse, "list_function_url_configs", function_url_qualifiers.list_function_url_configs),
    add(lambda_urls.url_paths, r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/urls/?$", lambda_responses.LambdaResponse.dispatch, by="function_url_qualifiers"),
    wrap(Function, "invoke", lambda_invoke.function_invoke, expects="self, body, request_headers, response_headers"),
    wrap(Function, "__init__", terraform_fixes.function_init, lambda_logging.function_init, expects="self, account_id, spec, region, version"),
    wrap(Function, "get_code", lambda_code.function_code, expects="self"),
    wrap(lambda_models.FunctionUrlConfig, "__init__", function_url_auth.url_with_slash, expects="self, function, config"),
    wrap(lambda_models.LayerVersion, "get_layer_version", lambda_code.layer_version, expects="self"),
    wrap(Function, "get_configuration", terraform_fixes.function_configuration, lambda_logging.function_configuration, expects="self, on_create"),
    wrap(Function, "update_configuration", terraform_fixes.function_update, lambda_logging.function_update, expects="self, config_updates"),
)
