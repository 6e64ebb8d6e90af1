"""The reads of one round of the runtime's alarm evaluation, in one request
(protocol.ts, part 11). Each metric alarm needs its latest datapoints, as
GetMetricStatistics answers them, or for an SQS depth metric the queue's
attribute, as GetQueueAttributes answers it. Sent as those AWS calls they
were an SDK request per alarm, every 10 s while a lab is active, and each
cost the runtime, which had gone cold between rounds, about 5 ms of CPU:
most of an idle lab's CPU after a burst. Here each read is the moto backend
call those actions make, so the values are the ones the actions answer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from .contract import ALARM_READS_PATH, serving_json_post


def _utc(epoch_ms: float) -> datetime:
    # moto keeps metric timestamps as naive UTC, and so parses StartTime and EndTime.
    return datetime.fromtimestamp(epoch_ms / 1000, timezone.utc).replace(tzinfo=None)


_EPOCH = datetime(1970, 1, 1)


def _epoch_ms(moment: datetime) -> int:
    # Whole milliseconds, cut as the answer's timestamp is cut.
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def read(query: dict[str, Any]) -> dict[str, Any]:
    """One alarm's read: {"value"} of a queue attribute, or {"datapoints"} of a metric."""
    account, region = query["account"], query["region"]
    if "queueName" in query:
        from moto.sqs.models import sqs_backends

        attributes = sqs_backends[account][region].get_queue_attributes(query["queueName"], [query["attribute"]])
        return {"value": str(attributes.get(query["attribute"], 0))}
    from moto.cloudwatch.models import cloudwatch_backends

    statistic = query["statistic"]
    found = cloudwatch_backends[account][region].get_metric_statistics(
        query["namespace"], query["metricName"], _utc(query["startMs"]), _utc(query["endMs"]), int(query["period"]), [statistic], query.get("dimensions") or []
    )
    # A statistic moto cannot work out is left out of its answer; the runtime counted that as 0.
    return {"datapoints": [{"timestampMs": _epoch_ms(s.timestamp), "value": float(s.get_statistics_for_type(statistic) or 0)} for s in found]}


def read_all(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every read of a round; one that fails answers {"error"} (a queue deleted, say), as its AWS call would have failed alone."""
    answers = []
    for query in queries:
        try:
            answers.append(read(query))
        except Exception as error:
            answers.append({"error": f"{type(error).__name__}: {getattr(error, 'message', '') or error}"})
    return answers


def serving_alarm_reads(app: Any) -> Any:
    """The WSGI app with POST ALARM_READS_PATH ({"queries": [...]}) answered by read_all()."""
    return serving_json_post(app, ALARM_READS_PATH, lambda request: {"reads": read_all(request.get("queries", []))})
