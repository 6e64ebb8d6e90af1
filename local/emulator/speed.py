"""Per-request work moto repeats needlessly, done once or skipped, with the
same answers. Each cost was found with py-spy (docs/local-runtime.md)."""

from __future__ import annotations

import base64
import bisect
import functools
import string
import threading
import time
from datetime import datetime, timedelta
from typing import Any, Callable

from moto import backends as moto_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core import base_backend
from moto.cloudwatch import models as cloudwatch_models
from moto.core import responses as moto_responses
from moto.core import utils as moto_utils
from moto.moto_api._internal import mock_random
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


# GetMetricData scanned every datapoint ever put, and then, for each query and
# each of its periods, every datapoint of the window again: the console's
# metrics page (a dozen queries over 15 minutes) took 64 s on the test
# instance after the reliability bursts, and its browser test timed out. A
# request of MetricStat queries is answered here as moto answers it (the same
# filters, moto's own Statistics), but each query reads its metric's series
# from the index and each period is found in it by bisection. A request with
# an expression (math, or Metrics Insights, which reads every metric) runs as
# moto runs it.
def _cloudwatch_metric_data(original: Any, self: Any, queries: list[dict[str, Any]], start_time: datetime, end_time: datetime, scan_by: str = "TimestampAscending") -> Any:
    start, end = start_time.replace(microsecond=0), end_time.replace(microsecond=0)
    if not queries or start >= end or any("MetricStat" not in q for q in queries):
        return original(self, queries, start_time, end_time, scan_by)  # moto's answer, its validation errors included
    generated = self.aws_metric_data  # moto computes these (queue depths, ...) on every read
    answers = []
    for query in queries:
        metric_stat = query["MetricStat"]
        namespace, name = metric_stat["Metric"]["Namespace"], metric_stat["Metric"]["MetricName"]
        series = self.metric_data.window(namespace, name, start, end)
        extra = [d for d in generated if d.namespace == namespace and d.name == name and start <= d.timestamp < end]
        if extra:
            series = sorted(series + extra, key=lambda d: d.timestamp)
        times = [d.timestamp for d in series]
        dimensions = sorted(cloudwatch_models.Dimension(name=d["Name"], value=d["Value"]) for d in metric_stat["Metric"].get("Dimensions", []))
        unit, stat, period = metric_stat.get("Unit"), metric_stat["Stat"], timedelta(seconds=int(metric_stat["Period"]))
        values: list[Any] = []
        timestamps: list[datetime] = []
        period_start = start
        while period_start <= end:
            data = series[bisect.bisect_left(times, period_start) : bisect.bisect_left(times, period_start + period)]
            if dimensions:
                data = [d for d in data if sorted(d.dimensions) == dimensions]
            if unit:
                data = [d for d in data if d.unit == unit]
            if data:
                statistics = cloudwatch_models.Statistics([stat], period_start)
                statistics.metric_data = data
                values.append(statistics.get_statistics_for_type(stat))
                timestamps.append(statistics.timestamp)
            period_start += period
        if scan_by == "TimestampDescending":
            values.reverse()
            timestamps.reverse()
        if query.get("ReturnData", True):
            answers.append({"id": query["Id"], "label": query.get("Label") or f"{name} {stat}", "values": values, "timestamps": timestamps, "status_code": "Complete"})
    return answers


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


# For every message it delivers to SQS (or HTTP), moto made and signed a new
# X.509 certificate with a new key name, and kept its PEM forever: a second RSA
# signature per message and memory that grew with every delivery. SNS signs
# each message with a certificate it keeps for a long time, so the certificate
# is made once per region here; each message is still signed (SignatureVersion
# 2, SHA256withRSA) and its SigningCertURL serves that certificate.
@functools.lru_cache(maxsize=None)
def _signing_certificate(region: str) -> str:
    """The key name of the region's one certificate (moto serves it at SigningCertURL)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = _signing_key()
    now = moto_utils.utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"), x509.NameAttribute(NameOID.COMMON_NAME, "Amazon RSA 2048 M01")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_name = f"SimpleNotificationService-{mock_random.uuid4().hex}.pem"
    sns_models.sns_backends[DEFAULT_ACCOUNT_ID][region]._message_public_keys[key_name] = cert.public_bytes(serialization.Encoding.PEM)
    return key_name


def _post_data(self: Any, message: str, message_id: str, subject: str | None, message_attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    region = self.topic.sns_backend.region_name
    timestamp = moto_utils.iso_8601_datetime_with_milliseconds()
    string_to_sign = f"Message\n{message}\nMessageId\n{message_id}\nTimestamp\n{timestamp}\nTopicArn\n{self.topic.arn}\nType\nNotification\n"
    signature = _signing_key().sign(string_to_sign.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    post_data: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": self.topic.arn,
        "Message": message,
        "Timestamp": timestamp,
        "SignatureVersion": "2",
        "Signature": base64.b64encode(signature).decode("utf-8"),
        "SigningCertURL": f"https://sns.{region}.amazonaws.com/{_signing_certificate(region)}",
        "UnsubscribeURL": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={self.arn}",
    }
    if subject:
        post_data["Subject"] = subject
    if message_attributes:
        post_data["MessageAttributes"] = message_attributes
    return post_data


def install() -> None:
    _cache_module_list()
    _cache_method_names()
    sns_models.Subscription.private_key = lambda self: _signing_key()  # type: ignore[method-assign]
    sns_models.Subscription.get_post_data = _post_data  # type: ignore[method-assign]
    patch(sqs_models.SQSBackend, "send_message")(_send_message)
    wrap_property(sqs_models.Queue, "attributes", _attributes_while_sending)
    patch(cloudwatch_models.CloudWatchBackend, "__init__")(_cloudwatch_init)
    patch(cloudwatch_models.CloudWatchBackend, "get_all_metrics")(_cloudwatch_all_metrics)
    patch(cloudwatch_models.CloudWatchBackend, "get_metric_statistics")(_cloudwatch_statistics)
    patch(cloudwatch_models.CloudWatchBackend, "get_metric_data")(_cloudwatch_metric_data)
    patch(sqs_models.SQSBackend, "is_message_valid_based_on_retention_period")(_retention_check)
    patch(base_backend.BackendDict, "__getitem__")(_backend_for_account)
    MotoRandom.get_random_string = _random_string  # type: ignore[method-assign]
