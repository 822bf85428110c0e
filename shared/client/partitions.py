"""Read a whole topic from the beginning to its current end, partition by partition."""
from __future__ import annotations

from typing import AsyncIterator

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from shared.topics import MAX_MESSAGE_BYTES


async def read_to_end(bootstrap: str, topic: str, batch: int = 500) -> AsyncIterator[list[ConsumerRecord]]:
    """Batches of records from the start of every partition up to the end it had when called."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                max_partition_fetch_bytes=MAX_MESSAGE_BYTES, fetch_max_bytes=MAX_MESSAGE_BYTES)
    await consumer.start()
    try:
        # fetch_all_metadata, unlike partitions_for_topic, asks the broker instead of the cache.
        metadata = await consumer._client.fetch_all_metadata()
        partitions = [TopicPartition(topic, p) for p in sorted(metadata.partitions_for_topic(topic) or [])]
        if not partitions:
            raise RuntimeError(f"topic {topic} does not exist on {bootstrap}")
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            for tp, records in (await consumer.getmany(*pending, timeout_ms=1000, max_records=batch)).items():
                records = [r for r in records if r.offset < ends[tp]]
                if records:
                    yield records
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
    finally:
        await consumer.stop()
