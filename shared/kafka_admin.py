"""Create the registry's topics on a broker, idempotently, and check their partition counts."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from shared.topics import ALL, TopicSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PartitionMismatch:
    topic: str
    actual: int
    expected: int

    def __str__(self) -> str:
        return f"{self.topic} has {self.actual} partitions, the registry says {self.expected}"


async def ensure_topics(bootstrap: str, topics: tuple[TopicSpec, ...] = ALL,
                        timeout_s: float = 60.0) -> list[str]:
    """Create the topics that do not exist yet; return the names created. A topic that
    exists with another partition count is logged (see check_partitions).

    Retries connecting for ``timeout_s``: a service may start just before its broker.
    """
    admin = await _admin(bootstrap, timeout_s)
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        created = []
        for spec in missing:
            try:
                await admin.create_topics([NewTopic(spec.name, spec.partitions, 1, topic_configs=spec.config)])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass
        if created:
            log.info("created topics %s", ", ".join(created))
        for mismatch in await _mismatches(admin, topics):
            log.warning("%s; run `newsflow topics create --add-partitions` to grow it", mismatch)
        return created
    finally:
        await admin.close()


async def check_partitions(bootstrap: str, topics: tuple[TopicSpec, ...] = ALL, timeout_s: float = 60.0,
                           add_partitions: bool = False) -> list[PartitionMismatch]:
    """Existing topics whose partition count differs from the registry's. With
    ``add_partitions``, topics with fewer partitions are grown first (Kafka cannot shrink a
    topic: one with more stays a mismatch)."""
    admin = await _admin(bootstrap, timeout_s)
    try:
        mismatches = await _mismatches(admin, topics)
        grow = {m.topic: NewPartitions(m.expected) for m in mismatches if m.actual < m.expected}
        if add_partitions and grow:
            response = await admin.create_partitions(grow)
            errors = [(name, code, message) for name, code, message in response.topic_errors if code]
            if errors:
                raise RuntimeError(f"adding partitions failed: {errors}")
            log.info("added partitions to %s", ", ".join(grow))
            deadline = asyncio.get_running_loop().time() + 30
            while True:  # the metadata shows the new partitions once the controller has them
                mismatches = await _mismatches(admin, topics)
                if not any(m.topic in grow for m in mismatches if m.actual < m.expected) \
                        or asyncio.get_running_loop().time() > deadline:
                    break
                await asyncio.sleep(0.5)
        return mismatches
    finally:
        await admin.close()


async def _admin(bootstrap: str, timeout_s: float) -> AIOKafkaAdminClient:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="newsflow-admin")
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        try:
            await admin.start()
            return admin
        except KafkaConnectionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(1)


async def _mismatches(admin: AIOKafkaAdminClient, topics: tuple[TopicSpec, ...]) -> list[PartitionMismatch]:
    described = await admin.describe_topics([t.name for t in topics])
    counts = {d["topic"]: len(d["partitions"]) for d in described if d["error_code"] == 0}
    return [PartitionMismatch(t.name, counts[t.name], t.partitions)
            for t in topics if t.name in counts and counts[t.name] != t.partitions]
