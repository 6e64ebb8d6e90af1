"""CloudWatch: metric datapoints indexed by metric and time (speed only)."""

from __future__ import annotations

from moto.cloudwatch import models as cloudwatch_models

from .. import speed_cloudwatch
from ..patching import wrap

Backend = cloudwatch_models.CloudWatchBackend

PATCHES = (
    wrap(Backend, "__init__", speed_cloudwatch.backend_init, expects="self, region_name, account_id"),
    wrap(Backend, "get_all_metrics", speed_cloudwatch.all_metrics, expects="self"),
    wrap(Backend, "get_metric_statistics", speed_cloudwatch.metric_statistics, expects="self, namespace, metric_name, start_time, end_time, period, stats, dimensions, unit"),
    wrap(Backend, "get_metric_data", speed_cloudwatch.metric_data, expects="self, queries, start_time, end_time, scan_by"),
)
