"""Read a topic from the beginning (or given offsets) to its current end, partition by partition."""
from __future__ import annotations

from typing import AsyncIterator

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from shared.topics import MAX_MESSAGE_BYTES


def _consumer(bootstrap: str) -> AIOKafkaConsumer:
    # read_committed: with transactions (processing_guarantee=exactly_once) an aborted write is not a message.
    return AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed",
                            max_partition_fetch_bytes=MAX_MESSAGE_BYTES, fetch_max_bytes=MAX_MESSAGE_BYTES)


async def _partitions(consumer: AIOKafkaConsumer, bootstrap: str, topic: str) -> list[TopicPartition]:
    # fetch_all_metadata, unlike partitions_for_topic, asks the broker instead of the cache.
    metadata = await consumer._client.fetch_all_metadata()
    partitions = [TopicPartition(topic, p) for p in sorted(metadata.partitions_for_topic(topic) or [])]
    if not partitions:
        raise RuntimeError(f"topic {topic} does not exist on {bootstrap}")
    return partitions


async def end_offsets(bootstrap: str, topic: str) -> dict[int, int]:
    """The next offset of each partition of ``topic``."""
    consumer = _consumer(bootstrap)
    try:
        await consumer.start()
        partitions = await _partitions(consumer, bootstrap, topic)
        return {tp.partition: end for tp, end in (await consumer.end_offsets(partitions)).items()}
    finally:
        await consumer.stop()


async def read_to_end(bootstrap: str, topic: str, batch: int = 500,
                      since: dict[int, int] | None = None) -> AsyncIterator[list[ConsumerRecord]]:
    """Batches of records from the start of every partition (or the offsets ``since`` gives)
    up to the end it had when called."""
    consumer = _consumer(bootstrap)
    try:
        await consumer.start()  # inside: a consumer that failed to start must still be closed
        partitions = await _partitions(consumer, bootstrap, topic)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        for tp in partitions:
            if since and since.get(tp.partition):
                consumer.seek(tp, since[tp.partition])
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > (since or {}).get(tp.partition, 0)}
        while pending:
            for tp, records in (await consumer.getmany(*pending, timeout_ms=1000, max_records=batch)).items():
                records = [r for r in records if r.offset < ends[tp]]
                if records:
                    yield records
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
    finally:
        await consumer.stop()
