"""S3: event notifications validated, recorded and delivered as AWS does them."""

from __future__ import annotations

from moto.s3 import notifications
from moto.s3.models import FakeBucket

from .. import s3_notifications
from ..patching import replace, wrap

PATCHES = (
    wrap(FakeBucket, "set_notification_configuration", s3_notifications.validate_destinations, expects="self, notification_config"),
    replace(notifications, "send_test_event", s3_notifications.no_early_test_event, expects="account_id, bucket"),
    replace(notifications, "send_event", s3_notifications.send_event, expects="account_id, event_name, bucket, key"),
)
