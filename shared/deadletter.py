"""The dead-letter helper every service uses: the reason, the original bytes, the origin."""
from __future__ import annotations

import logging

import faust

from shared.contracts import DeadLetter, Origin
from shared.labels import Outcome
from shared.metrics import Metrics
from shared.topics import MAX_VALUE_BYTES

log = logging.getLogger(__name__)


class Rejected(Exception):
    """Raised by a stage's pure logic for input it cannot process.

    ``reason`` is one of ``shared.labels.Reason`` (a metric label: never build it from the
    input); the message says what exactly is wrong.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


async def send_dead_letter(topic: faust.TopicT, m: Metrics, service: str, reason: str, detail: str,
                           origin: Origin, payload: bytes) -> None:
    """Produce a DeadLetter and wait until the broker has it. A letter that would not fit in a
    message keeps only the start of the payload (and says so), so it can always be sent."""
    letter = DeadLetter.of(service, reason, f"{detail} (from {origin})", origin, payload,
                           max_bytes=MAX_VALUE_BYTES)
    log.warning("dead letter from %s: %s: %s", origin, reason, detail)
    key = origin.key.encode() if origin.key else None
    future = await topic.send(key=key, value=letter.model_dump_json().encode())
    await future
    m.deadletters.labels(service, reason).inc()
    m.messages.labels(service, Outcome.DEADLETTER).inc()
