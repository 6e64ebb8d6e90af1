"""DynamoDB Streams shard iterators expire 15 minutes after they are issued,
as on AWS ("A shard iterator expires 15 minutes after it is returned to the
requester", GetShardIterator in the DynamoDB Streams API reference). moto
kept every iterator it ever issued, one per GetRecords: 14,688 of them in the
lab instance after one `make bench`, in memory and in every snapshot, growing
while the lab sat idle. An expired or unknown iterator now gets AWS's
ExpiredIteratorException (HTTP 400) instead of moto's KeyError (HTTP 500);
the runtime's stream poller then asks for a new one at its checkpoint, as
Lambda does."""

from __future__ import annotations

import time
from typing import Any

from moto.core.exceptions import ServiceException

EXPIRES_AFTER_S = 15 * 60


class ExpiredIteratorException(ServiceException):
    code = "ExpiredIteratorException"
    message = "The shard iterator has expired and can no longer be used to retrieve stream records. A shard iterator expires 15 minutes after it is retrieved using the GetShardIterator action."


def stamp_issue_time(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    original(self, *args, **kwargs)
    self.issued_at = time.time()


def _forget_expired(backend: Any, now: float) -> None:
    """Drops iterators past their 15 minutes; the dict holds them in the order they were issued."""
    iterators: dict[str, Any] = backend.shard_iterators
    while iterators:
        arn = next(iter(iterators))
        issued = getattr(iterators.get(arn), "issued_at", None)
        if issued is None:  # restored from a snapshot older than this rule: their 15 minutes start now
            for iterator in list(iterators.values()):
                if getattr(iterator, "issued_at", None) is None:
                    iterator.issued_at = now
            return
        if now - issued < EXPIRES_AFTER_S:
            return
        iterators.pop(arn, None)


def get_shard_iterator(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _forget_expired(self, time.time())
    return original(self, *args, **kwargs)


def get_records(original: Any, self: Any, iterator_arn: str, limit: int) -> Any:
    now = time.time()
    _forget_expired(self, now)
    iterator = self.shard_iterators.get(iterator_arn)
    if iterator is None or now - getattr(iterator, "issued_at", now) >= EXPIRES_AFTER_S:
        raise ExpiredIteratorException()
    return original(self, iterator_arn, limit)
