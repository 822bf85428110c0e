"""The story stage's durable state: one record per article on news.story-state (compacted).

A worker that takes the stage over (at start, or on a rebalance) reads the topic to its end and
rebuilds the near-duplicate index from the records, without the texts (docs/neardup.md).
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Iterable

from services.neardup.index import NearDuplicateIndex
from shared.client.partitions import read_to_end
from shared.topics import STORY_STATE

log = logging.getLogger(__name__)


def index_of(records: Iterable[dict]) -> NearDuplicateIndex:
    """The index the records describe, in their order of arrival.

    Written by one owner at a time, the records are numbered 0..n-1. Should two owners have
    overlapped during a hand-over, the later copy of an id is dropped and the rest renumbered,
    rather than refusing to start.
    """
    kept: dict[str, dict] = {}
    for record in sorted(records, key=lambda r: r["seq"]):
        kept.setdefault(record["id"], record)
    renumbered = []
    for seq, record in enumerate(kept.values()):
        if record["duplicate_of"] is not None and record["duplicate_of"] not in kept:
            record = {**record, "duplicate_of": None}
        renumbered.append({**record, "seq": seq})
    return NearDuplicateIndex.from_records(renumbered)


async def read_records(bootstrap: str) -> list[dict]:
    records: list[dict] = []
    async for batch in read_to_end(bootstrap, STORY_STATE.name):
        records += [json.loads(r.value) for r in batch if r.value is not None]
    return records


def load_index(bootstrap: str) -> NearDuplicateIndex:
    """The index as news.story-state holds it now (called off the event loop)."""
    records = asyncio.run(read_records(bootstrap))
    index = index_of(records)
    log.info("story: rebuilt the near-duplicate index from %d records (%d articles)", len(records), len(index))
    return index
