"""moto records every message published to a topic in Topic.sent_notifications,
an aid for moto's own users' tests with no counterpart in AWS (SNS keeps no
published message). It only grew: 96,814 messages in the lab instance after
one `make bench`, in memory and in every snapshot. The last 100 are kept, so
a test that looks at what a topic published last still can."""

from __future__ import annotations

from collections import deque
from typing import Any

KEPT = 100


def bounded_history(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    if not isinstance(self.sent_notifications, deque):  # a new topic, or one restored from an older snapshot
        self.sent_notifications = deque(self.sent_notifications, maxlen=KEPT)
    return original(self, *args, **kwargs)
