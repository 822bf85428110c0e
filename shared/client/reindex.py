"""``newsflow reindex``: rebuild the search index from news.tagged, its source of truth.

news.tagged is compacted by article id, so reading it from the beginning gives the latest
version of every article. The index service must be stopped: one writer per index.
"""
from __future__ import annotations

import sys
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from services.index.search_index import ArticleIndex, IndexLockedError
from shared.contracts import TaggedArticle
from shared.topics import MAX_MESSAGE_BYTES, TAGGED

BATCH = 512


async def reindex(bootstrap: str, index_dir: str) -> int:
    try:
        index = ArticleIndex(Path(index_dir))
    except IndexLockedError as exc:
        print(f"newsflow reindex: {exc}", file=sys.stderr)
        return 2
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                max_partition_fetch_bytes=MAX_MESSAGE_BYTES)
    await consumer.start()
    indexed = skipped = 0
    try:
        partitions = [TopicPartition(TAGGED.name, p) for p in consumer.partitions_for_topic(TAGGED.name) or []]
        if not partitions:
            await consumer.topics()  # refresh metadata once
            partitions = [TopicPartition(TAGGED.name, p) for p in consumer.partitions_for_topic(TAGGED.name) or []]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > 0}
        batch: list[TaggedArticle] = []
        while pending:
            for tp, records in (await consumer.getmany(timeout_ms=1000, max_records=BATCH)).items():
                for record in records:
                    if record.value is not None:
                        try:
                            batch.append(TaggedArticle.model_validate_json(record.value))
                        except ValidationError:
                            skipped += 1
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
            if len(batch) >= BATCH or (batch and not pending):
                index.upsert_batch(batch)
                indexed += len(batch)
                batch = []
    finally:
        await consumer.stop()
        index.close()
    print(f"reindexed {indexed} articles from {TAGGED.name} into {index_dir}"
          + (f" ({skipped} invalid messages skipped)" if skipped else ""), file=sys.stderr)
    return 0
