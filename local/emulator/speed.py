"""Per-request work moto repeats needlessly, done once or skipped, with the
same answers. Each cost was found with py-spy (docs/local-runtime.md)."""

from __future__ import annotations

import bisect
import functools
import string
import threading
import time
from datetime import datetime
from typing import Any, Callable

from moto import backends as moto_backends
from moto.core import base_backend
from moto.cloudwatch import models as cloudwatch_models
from moto.core import responses as moto_responses
from moto.core import utils as moto_utils
from moto.moto_api._internal.moto_random import MotoRandom
from moto.sns import models as sns_models
from moto.sqs import models as sqs_models

from .patching import patch, wrap_property


# Routing: moto lists its own package folder on every request.
def _cache_module_list() -> None:
    modules = tuple(moto_backends.list_of_moto_modules())
    moto_backends.list_of_moto_modules = lambda: modules  # type: ignore[assignment]


# Dispatch: for every request moto lists the methods of the service's response
# class (inspect.getmembers over hundreds of attributes) to see whether the
# action is one of them. A class's methods do not change while the server runs.
def _cache_method_names() -> None:
    names = functools.lru_cache(maxsize=None)(lambda cls: frozenset(moto_utils.method_names_from_class(cls)))
    moto_responses.method_names_from_class = names  # type: ignore[attr-defined]


# moto generates a new 2048-bit RSA key for every message it delivers to SQS
# (to sign the SNS envelope), which costs tens of milliseconds per message.
# SNS signs with one certificate too; one key per emulator run is enough.
@functools.lru_cache(maxsize=1)
def _signing_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# On every send, moto reads queue.attributes just for ContentBasedDeduplication,
# and that property counts every message in the queue (three O(n) scans): a
# burst of n messages costs O(n^2). While a send runs, the queue answers with
# its configuration only; GetQueueAttributes still gets the full, counted set.
_send_path = threading.local()


def _send_message(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    _send_path.active = True
    try:
        return original(self, *args, **kwargs)
    finally:
        _send_path.active = False


def _attributes_while_sending(getter: Callable[[Any], dict[str, Any]], queue: Any) -> dict[str, Any]:
    if not getattr(_send_path, "active", False):
        return getter(queue)
    if not queue.fifo_queue:
        return {}  # moto lists the FIFO attributes for FIFO queues only
    return {"FifoQueue": "true", "ContentBasedDeduplication": str(bool(queue.content_based_deduplication)).lower()}


# moto keeps every CloudWatch datapoint in one list and scans all of it (a copy
# included) for each GetMetricStatistics. The runtime publishes three datapoints
# per invocation and evaluates alarms every few seconds, so each evaluation cost
# more the longer an instance ran. The datapoints are also indexed by metric,
# in time order; a query reads only its metric's datapoints in its time window.
class _IndexedMetricData(list):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()
        self.by_metric: dict[tuple[str, str], list[Any]] = {}

    def append(self, datum: Any) -> None:
        super().append(datum)
        series = self.by_metric.setdefault((datum.namespace, datum.name), [])
        if series and series[-1].timestamp > datum.timestamp:
            bisect.insort(series, datum, key=lambda d: d.timestamp)  # a datapoint sent late
        else:
            series.append(datum)

    def window(self, namespace: str, name: str, start: datetime, end: datetime) -> list[Any]:
        series = self.by_metric.get((namespace, name), [])
        low = bisect.bisect_left(series, start, key=lambda d: d.timestamp)
        high = bisect.bisect_left(series, end, key=lambda d: d.timestamp)
        return series[low:high]


_metric_window = threading.local()


def _cloudwatch_init(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    original(self, *args, **kwargs)
    self.metric_data = _IndexedMetricData()


def _cloudwatch_all_metrics(original: Any, self: Any) -> Any:
    window = getattr(_metric_window, "data", None)
    return window if window is not None else original(self)


def _cloudwatch_statistics(original: Any, self: Any, namespace: str, metric_name: str, start_time: datetime, end_time: datetime, *args: Any, **kwargs: Any) -> Any:
    # moto compares whole seconds (it drops the microseconds of both ends); so does the window.
    window = self.metric_data.window(namespace, metric_name, start_time.replace(microsecond=0), end_time.replace(microsecond=0))
    _metric_window.data = window + self.aws_metric_data
    try:
        return original(self, namespace, metric_name, start_time, end_time, *args, **kwargs)
    finally:
        _metric_window.data = None


# For every message it receives, moto checks the retention period by computing
# all of the queue's attributes, three of which count every message in the
# queue: a receive from a queue with n messages cost O(n) per message. The
# retention period is read directly instead.
def _retention_check(original: Any, self: Any, queue_name: str, message: Any) -> bool:
    retention = int(self.get_queue(queue_name).message_retention_period)
    return retention + message.sent_timestamp / 1000 > time.time()


# Every backend lookup (several per request) took moto's global backend lock
# and tested `self not in BackendDict._instances`, a list of dicts compared by
# value. Once an account's backend exists and the dict is registered, the
# lookup is a plain read.
_registered: set[int] = set()


def _backend_for_account(original: Any, self: Any, account_id: str) -> Any:
    if id(self) in _registered and dict.__contains__(self, account_id):
        return dict.__getitem__(self, account_id)
    backend = original(self, account_id)
    _registered.add(id(self))
    return backend


# Request IDs (52 characters, on every response) were drawn one random.choice
# at a time; random.choices draws them in one call from the same generator.
def _random_string(self: MotoRandom, length: int = 20, include_digits: bool = True, lower_case: bool = False) -> str:
    pool = string.ascii_letters + (string.digits if include_digits else "")
    text = "".join(self.choices(pool, k=length))
    return text.lower() if lower_case else text


def install() -> None:
    _cache_module_list()
    _cache_method_names()
    sns_models.Subscription.private_key = lambda self: _signing_key()  # type: ignore[method-assign]
    patch(sqs_models.SQSBackend, "send_message")(_send_message)
    wrap_property(sqs_models.Queue, "attributes", _attributes_while_sending)
    patch(cloudwatch_models.CloudWatchBackend, "__init__")(_cloudwatch_init)
    patch(cloudwatch_models.CloudWatchBackend, "get_all_metrics")(_cloudwatch_all_metrics)
    patch(cloudwatch_models.CloudWatchBackend, "get_metric_statistics")(_cloudwatch_statistics)
    patch(sqs_models.SQSBackend, "is_message_valid_based_on_retention_period")(_retention_check)
    patch(base_backend.BackendDict, "__getitem__")(_backend_for_account)
    MotoRandom.get_random_string = _random_string  # type: ignore[method-assign]
