"""newsflow_consumer_lag from the consumer's own positions (no external exporter needed)."""
from __future__ import annotations

import logging

import faust

from shared.metrics import Metrics

log = logging.getLogger(__name__)


def track_consumer_lag(app: faust.App, service: str, m: Metrics) -> None:
    """Set the lag gauge for each assigned partition: highwater minus committed offset."""
    try:
        consumer = app.consumer
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            committed = consumer._committed_offset.get(tp)  # Faust keeps it; no public API.
            position = committed if committed is not None else 0
            m.consumer_lag.labels(service, tp.topic, str(tp.partition)).set(max(0, highwater - position))
    except Exception:  # lag is best effort: never let it disturb the worker
        log.debug("could not read consumer positions", exc_info=True)
