"""``newsflow deadletters --replay``: push dead letters' original bytes back to where they came from.

For use after the cause is fixed (a bug, a limit raised). Replays are safe: ingest gives the
same article the same id and every later stage upserts by id.
"""
from __future__ import annotations

import sys

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import ValidationError

from shared.contracts import DeadLetter
from shared.topics import DEADLETTER, MAX_MESSAGE_BYTES


async def replay(bootstrap: str, reason: str | None = None, service: str | None = None) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                max_partition_fetch_bytes=MAX_MESSAGE_BYTES)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=MAX_MESSAGE_BYTES)
    await consumer.start()
    await producer.start()
    replayed = 0
    try:
        partitions = [TopicPartition(DEADLETTER.name, p) for p in range(DEADLETTER.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            for tp, records in (await consumer.getmany(timeout_ms=1000)).items():
                for record in records:
                    try:
                        letter = DeadLetter.model_validate_json(record.value)
                    except ValidationError:
                        continue
                    if (reason and letter.reason != reason) or (service and letter.service != service):
                        continue
                    key = letter.origin.key.encode() if letter.origin.key else None
                    await producer.send_and_wait(letter.origin.topic, letter.payload(), key=key)
                    replayed += 1
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
    finally:
        await consumer.stop()
        await producer.stop()
    print(f"replayed {replayed} dead letters", file=sys.stderr)
    return 0
