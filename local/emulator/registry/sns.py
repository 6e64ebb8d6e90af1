"""SNS: email subscriptions confirmed from the outbox, deliveries checked
against the target's policy and counted, PublishBatch that answers every
entry, one signing certificate per region, filter policies that match each
element of an array, and only the last 100 published messages in moto's
own record of them."""

from __future__ import annotations

from moto.sns import models as sns_models
from moto.sns import responses as sns_responses
from moto.sns import utils as sns_utils

from .. import hop_counts, sns_delivery, sns_email, sns_filter_arrays, sns_history, sns_signing
from ..patching import replace, wrap

Subscription, Topic, Backend = sns_models.Subscription, sns_models.Topic, sns_models.SNSBackend

PATCHES = (
    # A pending email subscription gets nothing (sns_email); the rest is delivered and counted (sns_delivery).
    wrap(Subscription, "publish", sns_delivery.subscription_publish, sns_email.subscription_publish, expects="self, message, message_id, subject, message_attributes, group_id, deduplication_id, message_structure"),
    wrap(Topic, "publish", hop_counts.topic_publish, sns_history.bounded_history, expects="self, message, subject, message_attributes, group_id, deduplication_id, message_structure"),
    wrap(Backend, "publish_batch", sns_delivery.publish_batch, expects="self, topic_arn, publish_batch_request_entries"),
    wrap(Backend, "publish", sns_delivery.publish, expects="self, message, arn, phone_number, subject, message_attributes, group_id, deduplication_id, message_structure"),
    wrap(Backend, "subscribe", sns_email.subscribe, expects="self, topic_arn, endpoint, protocol"),
    wrap(Backend, "unsubscribe", sns_email.unsubscribe, expects="self, subscription_arn"),
    wrap(sns_responses.SNSResponse, "confirm_subscription", sns_email.confirm_subscription, expects="self"),
    wrap(sns_responses.SNSResponse, "get_topic_attributes", sns_signing.topic_attributes, expects="self"),
    wrap(sns_utils.FilterPolicyMatcher, "_field_match", sns_filter_arrays.field_match, expects="field, rules, dict_body, attributes_based_check"),
    replace(Subscription, "private_key", sns_signing.private_key, expects="self"),
    replace(Subscription, "get_post_data", sns_signing.post_data, expects="self, message, message_id, subject, message_attributes"),
)
