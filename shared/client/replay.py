"""``newsflow deadletters --replay``: push dead letters' original bytes back to where they came from.

For use after the cause is fixed (a bug, a limit raised). Replays are safe: ingest gives the
same article the same id and every later stage upserts by id.
"""
from __future__ import annotations

import sys

from aiokafka import AIOKafkaProducer
from pydantic import ValidationError

from shared.client.partitions import read_to_end
from shared.contracts import DeadLetter
from shared.topics import DEADLETTER, MAX_MESSAGE_BYTES


async def replay(bootstrap: str, reason: str | None = None, service: str | None = None) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=MAX_MESSAGE_BYTES)
    await producer.start()
    replayed = truncated = 0
    try:
        async for records in read_to_end(bootstrap, DEADLETTER.name):
            for record in records:
                try:
                    letter = DeadLetter.model_validate_json(record.value)
                except ValidationError:
                    continue
                if (reason and letter.reason != reason) or (service and letter.service != service):
                    continue
                if letter.payload_truncated:  # only its start was kept: replaying it would lose the rest
                    truncated += 1
                    continue
                key = letter.origin.key.encode() if letter.origin.key else None
                await producer.send_and_wait(letter.origin.topic, letter.payload(), key=key)
                replayed += 1
    finally:
        await producer.stop()
    print(f"replayed {replayed} dead letters", file=sys.stderr)
    if truncated:
        print(f"skipped {truncated} dead letters whose payload was truncated to fit a message: "
              "the producer must send those again", file=sys.stderr)
    return 0
