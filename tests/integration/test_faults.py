"""Faults mid-stream, with exact counts: every article indexed exactly once, no dead letters.

Each scenario pushes real articles (the handbook's dragnet texts) at once, so a backlog builds
at the slowest stage, waits until the service under test has handled a fifth of them, does
the fault (SIGTERM or SIGKILL and a restart, a broker outage, one of two workers stopped),
then counts: sent, indexed, duplicates per topic, dead letters, and seconds to recover.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

import pytest

from shared.client.partitions import end_offsets
from tests.support import Pipeline, read_since, real_texts

ARTICLES = int(os.environ.get("NEWSFLOW_FAULT_ARTICLES", "240"))
TOPICS = ("news.ingested", "news.cleaned", "news.grouped", "news.tagged")
TAG_BATCH = 32  # the tag service's default batch size
# After a SIGKILL, what was produced since the last commit (every second) is produced again.
AFTER_KILL_DUPLICATES = 200


@lru_cache(maxsize=1)
def brief_texts() -> tuple[str, ...]:
    """Real article texts, cut at the first line end after 1,000 characters (news-brief length)."""
    return tuple(text[:end] if (end := text.find("\n", 1000)) > 0 else text for text in real_texts())


@dataclass
class Counts:
    scenario: str
    sent: int
    indexed: int
    duplicates: dict[str, int]
    deadletters: int
    recovery_seconds: float

    def __str__(self) -> str:
        dups = ", ".join(f"{topic.split('.')[1]} {n}" for topic, n in self.duplicates.items())
        return (f"fault {self.scenario}: sent {self.sent}, indexed {self.indexed}, lost {self.sent - self.indexed}, "
                f"duplicates ({dups}), dead letters {self.deadletters}, recovered in {self.recovery_seconds:.1f} s")


def run_scenario(pipeline: Pipeline, scenario: str, watch: str, fault) -> Counts:
    marker = f"faults-{scenario}-{uuid.uuid4().hex[:6]}"
    starts = {t: asyncio.run(end_offsets(pipeline.bootstrap, t)) for t in TOPICS + ("news.deadletter",)}
    texts = brief_texts()
    payloads = [json.dumps({"title": f"{marker} {i}", "text": texts[i % len(texts)], "source": marker,
                            "url": f"https://faults.example/{marker}/{i}"}).encode() for i in range(ARTICLES)]
    before = pipeline.processed(watch)
    pipeline.push(*payloads)
    deadline = time.monotonic() + 120
    while pipeline.processed(watch) - before < ARTICLES // 5:
        assert time.monotonic() < deadline, f"{watch} did not handle a fifth of the articles in 120 s"
        time.sleep(0.05)
    fault_at = time.monotonic()
    fault()

    def indexed() -> int:
        try:
            # every article, copies too: the repeated texts are copies of each other
            return pipeline.search(source=marker, limit=1, collapse="none").json()["total"]
        except Exception:  # noqa: BLE001 - the index may be restarting
            return -1

    deadline = time.monotonic() + 240
    while indexed() < ARTICLES and time.monotonic() < deadline:
        time.sleep(0.5)
    recovery = time.monotonic() - fault_at
    time.sleep(2)  # late duplicates, if any, arrive
    duplicates = {}
    for topic in TOPICS:
        ids = [m["id"] for m in asyncio.run(read_since(pipeline.bootstrap, topic, starts[topic]))
               if m.get("source") == marker]
        duplicates[topic] = len(ids) - len(set(ids))
    letters = asyncio.run(read_since(pipeline.bootstrap, "news.deadletter", starts["news.deadletter"]))
    return Counts(scenario, ARTICLES, indexed(), duplicates, len(letters), recovery)


def terminate(pipeline: Pipeline, name: str) -> int:
    """SIGTERM, as docker compose stop does; the exit status (within compose's 30 s grace period)."""
    process = pipeline.services[name].process
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def restart(pipeline: Pipeline, name: str) -> None:
    pipeline.start(name)
    pipeline.wait_ready(name)


def report(capsys, counts: Counts) -> None:
    with capsys.disabled():
        print(f"\n{counts}")


@pytest.mark.parametrize("service", ["ingest", "clean", "story", "tag", "index"])
def test_sigterm_mid_stream_loses_nothing_and_exits_0(pipeline, service, capsys):
    statuses = []

    def fault():
        statuses.append(terminate(pipeline, service))
        restart(pipeline, service)

    counts = run_scenario(pipeline, f"sigterm-{service}", service, fault)
    report(capsys, counts)
    assert statuses == [0], f"{service} exited with {statuses[0]} on SIGTERM"
    assert counts.indexed == counts.sent, str(counts)
    assert counts.deadletters == 0, str(counts)
    assert all(n <= TAG_BATCH for n in counts.duplicates.values()), str(counts)


@pytest.mark.parametrize("service", ["ingest", "clean", "story", "tag", "index"])
def test_sigkill_mid_stream_loses_nothing(pipeline, service, capsys):
    def fault():
        process = pipeline.services[service].process
        process.kill()
        process.wait(timeout=10)
        time.sleep(5)
        restart(pipeline, service)

    counts = run_scenario(pipeline, f"sigkill-{service}", service, fault)
    report(capsys, counts)
    assert counts.indexed == counts.sent, str(counts)
    assert counts.deadletters == 0, str(counts)
    assert all(n <= AFTER_KILL_DUPLICATES for n in counts.duplicates.values()), str(counts)


# An outage is logged once when it starts and once when it ends, plus a few state changes.
MAX_OUTAGE_LOG_LINES = 20


def test_broker_outage_of_10_seconds_loses_nothing_and_logs_state_changes_only(pipeline, kafka, capsys):
    services = ("ingest", "clean", "story", "tag", "index")
    log_starts = {name: pipeline.services[name].log.stat().st_size for name in services}
    counts = run_scenario(pipeline, "broker-outage", "tag", lambda: kafka.outage(10))
    report(capsys, counts)
    assert counts.indexed == counts.sent, str(counts)
    assert counts.deadletters == 0, str(counts)
    for name in services:
        assert pipeline.services[name].process.poll() is None, f"{name} died in the broker outage"
    for name in services:
        with pipeline.services[name].log.open("rb") as log:
            log.seek(log_starts[name])
            noisy = [line for line in log.read().decode(errors="replace").splitlines()
                     if "[ERROR]" in line or "[WARNING]" in line]
        with capsys.disabled():
            print(f"outage log lines, {name}: {len(noisy)}")
        assert len(noisy) <= MAX_OUTAGE_LOG_LINES, "\n".join(noisy[:40])
        assert any("Kafka reachable again" in line for line in noisy), f"{name} never logged the recovery"


def test_one_of_two_tag_workers_stopped_mid_stream_loses_nothing(pipeline, capsys):
    pipeline.add("tag-2", module="tag")
    pipeline.start("tag-2")
    try:
        pipeline.wait_ready("tag-2")
        statuses = []
        counts = run_scenario(pipeline, "two-tag-workers-one-stopped", "tag-2",
                              lambda: statuses.append(terminate(pipeline, "tag-2")))
    finally:
        pipeline.stop("tag-2")
        del pipeline.services["tag-2"]
    report(capsys, counts)
    assert statuses == [0]
    assert counts.indexed == counts.sent, str(counts)
    assert counts.deadletters == 0, str(counts)
    # Done twice: the stopped worker's abandoned batch; and, on the survivor, the batch in flight
    # when the rebalance took its partitions away and gave them back, and the next batch, which
    # Faust's take() had already buffered (the rebalance clears the stream's queue, not that
    # buffer). So at most three batches.
    assert all(n <= 3 * TAG_BATCH for n in counts.duplicates.values()), str(counts)
