"""The topic registry: every topic's name, partitions and configs, declared once.

The pipeline topics have NEWSFLOW_TOPIC_PARTITIONS partitions (default 12): the most
workers of one stage that can share its input. news.deadletter keeps 1 (it is small, and
one partition keeps the letters in the order they were written); so do news.cleaned and
news.story-state, so that one story worker owns the near-duplicate state (docs/neardup.md). `newsflow topics create`
creates the topics and checks every existing topic's count against this registry; what
changing the count later does to keys is in docs/search.md ("Partitions").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shared.settings import get_settings

# Large enough for the biggest article we accept plus its dead letter (base64 adds a third).
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
# The largest value a service produces: the message limit less room for key, headers, framing.
MAX_VALUE_BYTES = MAX_MESSAGE_BYTES - 64 * 1024


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


_BIG = {"max.message.bytes": str(MAX_MESSAGE_BYTES)}
PIPELINE_PARTITIONS = get_settings().topic_partitions

RAW = TopicSpec("news.raw", PIPELINE_PARTITIONS, dict(_BIG))
INGESTED = TopicSpec("news.ingested", PIPELINE_PARTITIONS, dict(_BIG))
# One partition: the story stage that reads it must see every article, in one order, to find
# the copies of a story (docs/neardup.md). Clean scales by its input, not by this topic.
CLEANED = TopicSpec("news.cleaned", 1, dict(_BIG))
GROUPED = TopicSpec("news.grouped", PIPELINE_PARTITIONS, dict(_BIG))
# The story stage's state, one record per article (its shingles, lead and story), keyed by
# article id and compacted: what a worker that takes the stage over rebuilds its index from.
STORY_STATE = TopicSpec("news.story-state", 1, {**_BIG, "cleanup.policy": "compact"})
# Compacted by key (article id): the latest tagged version of each article stays, so
# `newsflow reindex` can rebuild the index from it.
TAGGED = TopicSpec("news.tagged", PIPELINE_PARTITIONS, {**_BIG, "cleanup.policy": "compact"})
DEADLETTER = TopicSpec("news.deadletter", 1, {**_BIG, "retention.ms": str(30 * 24 * 3600 * 1000)})

ALL = (RAW, INGESTED, CLEANED, GROUPED, TAGGED, STORY_STATE, DEADLETTER)
BY_NAME = {t.name: t for t in ALL}
