"""newsflow_consumer_lag from the consumer's own positions (no external exporter needed)."""
from __future__ import annotations

import logging
from collections.abc import Mapping

import faust
from prometheus_client import Gauge

from shared.metrics import Metrics

log = logging.getLogger(__name__)

Partition = tuple[str, str]  # (topic, partition number), as the gauge's labels


def export_lag(gauge: Gauge, service: str, lags: Mapping[Partition, int | None]) -> None:
    """Make ``gauge`` hold exactly the partitions this worker owns now.

    ``lags`` maps every assigned partition to its lag (None: not known yet, the last value
    stays). The series of partitions the worker no longer owns are removed: after a
    rebalance another replica reports them, and a stale copy would count them twice in sums.
    """
    for (topic, partition), lag in lags.items():
        if lag is not None:
            gauge.labels(service, topic, partition).set(lag)
    for family in gauge.collect():
        for sample in family.samples:
            labels = sample.labels
            owned = (labels["topic"], labels["partition"]) in lags
            if labels["service"] == service and not owned:
                gauge.remove(service, labels["topic"], labels["partition"])


def track_consumer_lag(app: faust.App, service: str, m: Metrics) -> None:
    """Set the lag gauge for each assigned partition: highwater minus committed offset."""
    try:
        consumer = app.consumer
        lags: dict[Partition, int | None] = {}
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            committed = consumer._committed_offset.get(tp)  # Faust keeps it; no public API.
            position = committed if committed is not None else 0
            lags[(tp.topic, str(tp.partition))] = None if highwater is None else max(0, highwater - position)
        export_lag(m.consumer_lag, service, lags)
    except Exception:  # lag is best effort: never let it disturb the worker
        log.debug("could not read consumer positions", exc_info=True)
