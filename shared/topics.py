"""The topic registry: every topic's name, partitions and configs, declared once."""
from __future__ import annotations

from dataclasses import dataclass, field

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

RAW = TopicSpec("news.raw", 4, dict(_BIG))
INGESTED = TopicSpec("news.ingested", 4, dict(_BIG))
CLEANED = TopicSpec("news.cleaned", 4, dict(_BIG))
# Compacted by key (article id): the latest tagged version of each article stays, so
# `newsflow reindex` can rebuild the index from it.
TAGGED = TopicSpec("news.tagged", 4, {**_BIG, "cleanup.policy": "compact"})
DEADLETTER = TopicSpec("news.deadletter", 1, {**_BIG, "retention.ms": str(30 * 24 * 3600 * 1000)})

ALL = (RAW, INGESTED, CLEANED, TAGGED, DEADLETTER)
BY_NAME = {t.name: t for t in ALL}
