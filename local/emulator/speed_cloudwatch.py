"""CloudWatch's metric reads, indexed: the same answers as moto's, without
scanning every datapoint ever put (docs/local-runtime.md, "Where the time goes";
local/emulator/test_speed_cloudwatch.py compares them with moto's)."""

from __future__ import annotations

import bisect
import sys
import threading
from datetime import datetime, timedelta
from typing import Any

from moto.cloudwatch import models as cloudwatch_models


# moto keeps every CloudWatch datapoint in one list and scans all of it (a copy
# included) for each GetMetricStatistics. The runtime publishes three datapoints
# per invocation and evaluates alarms every few seconds, so each evaluation cost
# more the longer an instance ran. The datapoints are also indexed by metric,
# in time order; a query reads only its metric's datapoints in its time window.
class IndexedMetricData(list):
    def __init__(self) -> None:
        super().__init__()
        self.by_metric: dict[tuple[str, str], list[Any]] = {}

    def append(self, datum: Any) -> None:
        share_parts(datum)
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


# moto gives every datapoint its own namespace, name and unit strings and its
# own Dimension objects, parsed from the request. The runtime puts three
# datapoints per invocation: after make bench, 108,000 datapoints held the same
# 17 dimension sets. Sharing them and the strings took the emulator that
# restored that state from 620 to 552 MiB. Nothing changes a datapoint's
# dimensions once it is stored; moto only reads and copies them.
_DIMENSION_SETS: dict[tuple[tuple[str | None, str | None], ...], list[Any]] = {}


def share_parts(datum: Any) -> None:
    datum.namespace = sys.intern(datum.namespace)
    datum.name = sys.intern(datum.name)
    if isinstance(datum.unit, str):
        datum.unit = sys.intern(datum.unit)
    key = tuple((d.name, d.value) for d in datum.dimensions)
    datum.dimensions = _DIMENSION_SETS.setdefault(key, datum.dimensions)


_metric_window = threading.local()


def backend_init(original: Any, self: Any, *args: Any, **kwargs: Any) -> None:
    original(self, *args, **kwargs)
    self.metric_data = IndexedMetricData()


def all_metrics(original: Any, self: Any) -> Any:
    window = getattr(_metric_window, "data", None)
    return window if window is not None else original(self)


def metric_statistics(original: Any, self: Any, namespace: str, metric_name: str, start_time: datetime, end_time: datetime, *args: Any, **kwargs: Any) -> Any:
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
def metric_data(original: Any, self: Any, queries: list[dict[str, Any]], start_time: datetime, end_time: datetime, scan_by: str = "TimestampAscending") -> Any:
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
