"""Print a topic's messages, one summary line each (or raw)."""
from __future__ import annotations

import asyncio
import json
import sys

from aiokafka import AIOKafkaConsumer

from shared.topics import MAX_MESSAGE_BYTES


def summarise(value: bytes | None) -> str:
    if value is None:
        return "(tombstone)"
    try:
        data = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return f"({len(value)} bytes, not JSON) " + value[:120].decode("utf-8", "replace")
    if not isinstance(data, dict):
        return json.dumps(data)[:200]
    if "reason" in data and "origin" in data:
        return f"DEAD LETTER {data.get('service')}: {data.get('reason')}: {data.get('detail')}"
    shown = {k: data[k] for k in ("id", "title", "published", "source", "empty") if data.get(k) is not None}
    if "text" in data and data["text"]:
        shown["text"] = data["text"][:80] + ("..." if len(data["text"]) > 80 else "")
    if "entities" in data:
        shown["entities"] = len(data["entities"])
    if "removed" in data:
        shown["removed"] = len(data["removed"])
    return json.dumps(shown, ensure_ascii=False)


async def tail(topic: str, bootstrap: str, from_beginning: bool = False, max_messages: int = 0,
               idle_timeout: float = 0, raw: bool = False) -> int:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, enable_auto_commit=False,
                                auto_offset_reset="earliest" if from_beginning else "latest",
                                max_partition_fetch_bytes=MAX_MESSAGE_BYTES, fetch_max_bytes=MAX_MESSAGE_BYTES)
    await consumer.start()
    seen = 0
    idle = 0.0
    try:
        while not max_messages or seen < max_messages:
            batches = await consumer.getmany(timeout_ms=500, max_records=max_messages - seen if max_messages else None)
            if not batches:
                idle += 0.5
                if idle_timeout and idle >= idle_timeout:
                    break
                continue
            idle = 0.0
            for records in batches.values():
                for record in records:
                    where = f"{record.topic}[{record.partition}]@{record.offset}"
                    if raw:
                        sys.stdout.write((record.value or b"").decode("utf-8", "replace") + "\n")
                    else:
                        print(f"{where} {summarise(record.value)}")
                    seen += 1
            sys.stdout.flush()
    except asyncio.CancelledError:
        pass
    finally:
        await consumer.stop()
    return 0
