"""Push files, folders and JSON lines to the input topic.

Files are sent as their bytes, never re-encoded: ingest reads their encoding. A payload that
cannot be sent (over the broker's message limit, say) is reported, and the rest still go.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from aiokafka import AIOKafkaProducer
from tqdm import tqdm

from shared.topics import MAX_MESSAGE_BYTES

# A progress bar is worth showing from this many messages on.
PROGRESS_FROM = 20


def payloads(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(where, payload) for each article in the given files and folders, in name order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            files = [path]
        else:
            raise FileNotFoundError(f"no such file or folder: {name}")
        for file in files:
            if file.suffix == ".jsonl":
                with file.open("rb") as lines:
                    for number, line in enumerate(lines, 1):
                        if line.strip():
                            yield f"{file}:{number}", line.rstrip(b"\r\n")
            else:
                yield str(file), file.read_bytes()


async def push(paths: list[str], bootstrap: str, topic: str, progress: bool = True) -> int:
    try:
        items = list(payloads(paths))
    except FileNotFoundError as exc:
        print(f"newsflow push: {exc}", file=sys.stderr)
        return 2
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=MAX_MESSAGE_BYTES,
                                acks="all", enable_idempotence=True, request_timeout_ms=30000)
    await producer.start()
    try:
        bar = tqdm(total=len(items), unit="article", disable=not progress or len(items) < PROGRESS_FROM,
                   file=sys.stderr)
        futures = []
        failed = 0
        for where, payload in items:
            bar.update(1)
            try:
                futures.append((where, await producer.send(topic, payload)))
            except Exception as exc:  # noqa: BLE001 - report it, push the rest
                failed += 1
                print(f"newsflow push: {where}: not sent ({len(payload)} bytes): {type(exc).__name__}: {exc}",
                      file=sys.stderr)
        bar.close()
        for where, future in futures:
            try:
                await future
            except Exception as exc:  # noqa: BLE001 - report each failure, then the count
                failed += 1
                print(f"newsflow push: {where}: {exc}", file=sys.stderr)
    finally:
        await producer.stop()
    print(f"pushed {len(items) - failed} of {len(items)} to {topic} at {bootstrap}", file=sys.stderr)
    return 1 if failed else 0
