"""newsflow_consumer_lag holds exactly the partitions a worker owns, across rebalances."""
from __future__ import annotations

from prometheus_client import CollectorRegistry

from shared.lag import export_lag
from shared.metrics import Metrics


def _series(m: Metrics) -> dict[tuple[str, str, str], float]:
    return {(s.labels["service"], s.labels["topic"], s.labels["partition"]): s.value
            for family in m.consumer_lag.collect() for s in family.samples}


def test_a_rebalance_removes_the_partitions_the_worker_lost():
    m = Metrics(CollectorRegistry())
    export_lag(m.consumer_lag, "tag", {("news.cleaned", str(p)): 10 + p for p in range(4)})
    assert len(_series(m)) == 4
    # A second replica joined: this one keeps partitions 0 and 1.
    export_lag(m.consumer_lag, "tag", {("news.cleaned", "0"): 3, ("news.cleaned", "1"): 0})
    assert _series(m) == {("tag", "news.cleaned", "0"): 3, ("tag", "news.cleaned", "1"): 0}


def test_an_unknown_lag_keeps_the_last_value_and_other_services_are_left_alone():
    m = Metrics(CollectorRegistry())
    export_lag(m.consumer_lag, "clean", {("news.ingested", "2"): 7})
    export_lag(m.consumer_lag, "tag", {("news.cleaned", "2"): 5})
    export_lag(m.consumer_lag, "tag", {("news.cleaned", "2"): None})
    assert _series(m) == {("clean", "news.ingested", "2"): 7, ("tag", "news.cleaned", "2"): 5}
    export_lag(m.consumer_lag, "tag", {})  # every partition revoked
    assert _series(m) == {("clean", "news.ingested", "2"): 7}
