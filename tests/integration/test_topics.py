"""Partition counts: the registry's come from NEWSFLOW_TOPIC_PARTITIONS, `newsflow topics create`
verifies them on the real broker, and --add-partitions grows a topic that has too few."""
from __future__ import annotations

import asyncio
import os
import subprocess
import uuid

from shared.kafka_admin import check_partitions, ensure_topics
from shared.topics import TopicSpec
from tests.support import NEWSFLOW, PYTHON


def test_the_registry_takes_the_partition_count_from_the_setting():
    code = "from shared.topics import ALL; print({t.name: t.partitions for t in ALL})"
    default = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                             env={k: v for k, v in os.environ.items() if k != "NEWSFLOW_TOPIC_PARTITIONS"})
    assert default.stdout.strip() == str({"news.raw": 12, "news.ingested": 12, "news.cleaned": 1,
                                          "news.grouped": 12, "news.tagged": 12, "news.story-state": 1,
                                          "news.deadletter": 1})
    custom = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, NEWSFLOW_TOPIC_PARTITIONS="6"))
    assert "'news.tagged': 6" in custom.stdout and "'news.deadletter': 1" in custom.stdout
    assert "'news.cleaned': 1" in custom.stdout, "the story stage's input keeps one partition"


def test_topics_create_verifies_the_counts(kafka):
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=kafka.bootstrap)
    env.pop("NEWSFLOW_TOPIC_PARTITIONS", None)
    ok = subprocess.run([NEWSFLOW, "topics", "create"], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "news.tagged 12" in ok.stdout
    # the same broker seen by a registry that wants 16: every pipeline topic is named
    wrong = subprocess.run([NEWSFLOW, "topics", "create"], env=dict(env, NEWSFLOW_TOPIC_PARTITIONS="16"),
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 1
    for name in ("news.raw", "news.ingested", "news.grouped", "news.tagged"):
        assert f"{name}: 12 partitions, the registry says 16" in wrong.stderr
    assert "news.cleaned" not in wrong.stderr and "news.story-state" not in wrong.stderr
    assert "--add-partitions" in wrong.stderr
    assert "news.deadletter" not in wrong.stderr


def test_add_partitions_grows_a_topic_but_cannot_shrink_one(kafka):
    name = f"parts-{uuid.uuid4().hex[:8]}"
    asyncio.run(ensure_topics(kafka.bootstrap, (TopicSpec(name, 2),)))
    wanted = (TopicSpec(name, 5),)
    [mismatch] = asyncio.run(check_partitions(kafka.bootstrap, wanted))
    assert (mismatch.actual, mismatch.expected) == (2, 5)
    assert asyncio.run(check_partitions(kafka.bootstrap, wanted, add_partitions=True)) == []
    [shrink] = asyncio.run(check_partitions(kafka.bootstrap, (TopicSpec(name, 3),), add_partitions=True))
    assert (shrink.actual, shrink.expected) == (5, 3)
