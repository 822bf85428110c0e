"""Create the registry's topics on a broker, idempotently, check they match it, and grow
their partitions on request."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError, for_code

from shared.topics import ALL, TopicSpec

log = logging.getLogger(__name__)

# How long the check waits for a topic just created to show up in the broker's metadata.
_SETTLE_S = 15.0


class TopicSetupError(RuntimeError):
    """The broker's topics are not what the registry declares; the message says how."""


def _error_name(code: int) -> str:
    return for_code(code).__name__


def creation_errors(topic_errors: Iterable[tuple]) -> list[str]:
    """Per-topic failures in a CreateTopics response (``(topic, error_code[, message])``).

    aiokafka returns these instead of raising them. "Already exists" is no failure: another
    process (a service starting beside the topics job) created the topic first.
    """
    failures = []
    for topic, code, *message in topic_errors:
        if code in (0, TopicAlreadyExistsError.errno):
            continue
        detail = f": {message[0]}" if message and message[0] else ""
        failures.append(f"{topic}: creation failed with {_error_name(code)} ({code}){detail}")
    return failures


def differences(spec: TopicSpec, partitions: int | None, configs: Mapping[str, str]) -> list[str]:
    """How a topic on the broker (``partitions`` None: missing) differs from its registry entry."""
    if partitions is None:
        return [f"{spec.name}: missing on the broker"]
    found = []
    if partitions != spec.partitions:
        found.append(f"{spec.name}: {partitions} partitions, the registry says {spec.partitions}")
    for key, want in spec.config.items():
        have = configs.get(key)
        if have != want:
            found.append(f"{spec.name}: {key}={have}, the registry says {want}")
    return found


async def _connect(bootstrap: str, timeout_s: float) -> AIOKafkaAdminClient:
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


async def _broker_differences(admin: AIOKafkaAdminClient, topics: tuple[TopicSpec, ...]) -> list[str]:
    described = {t["topic"]: t for t in await admin.describe_topics([t.name for t in topics])}
    partitions: dict[str, int | None] = {}
    for spec in topics:
        meta = described.get(spec.name)
        ok = meta is not None and meta["error_code"] == 0
        partitions[spec.name] = len(meta["partitions"]) if ok else None
    present = [s for s in topics if partitions[s.name] is not None]
    configs: dict[str, dict[str, str]] = {s.name: {} for s in topics}
    if present:
        resources = [ConfigResource(ConfigResourceType.TOPIC, s.name) for s in present]
        for response in await admin.describe_configs(resources):
            for code, message, _type, name, entries, *_ in response.resources:
                if code != 0:
                    raise TopicSetupError(f"{name}: describing its configs failed with "
                                          f"{_error_name(code)} ({code}): {message}")
                configs[name] = {entry[0]: entry[1] for entry in entries}
    found = []
    for spec in topics:
        found += differences(spec, partitions[spec.name], configs[spec.name])
    return found


async def ensure_topics(bootstrap: str, topics: tuple[TopicSpec, ...] = ALL,
                        timeout_s: float = 60.0) -> list[str]:
    """Create the topics that do not exist yet, then check every topic against the registry
    (partitions and configs: compaction, maximum message size, retention); return the names
    created. Raises TopicSetupError with every reason when a topic could not be created or
    differs from the registry.

    Retries connecting for ``timeout_s``: a service may start just before its broker.
    """
    admin = await _connect(bootstrap, timeout_s)
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        created: list[str] = []
        if missing:
            response = await admin.create_topics(
                [NewTopic(t.name, t.partitions, 1, topic_configs=t.config) for t in missing])
            failures = creation_errors(response.topic_errors)
            if failures:
                raise TopicSetupError("; ".join(failures))
            created = [t.name for t in missing]
            log.info("created topics %s", ", ".join(created))
        # A topic just created can take a moment to appear in the metadata of the broker
        # answering; anything else that differs stays different, and is reported.
        deadline = asyncio.get_running_loop().time() + _SETTLE_S
        while found := await _broker_differences(admin, topics):
            if not created or asyncio.get_running_loop().time() > deadline:
                raise TopicSetupError("; ".join(found))
            await asyncio.sleep(0.5)
        return created
    finally:
        await admin.close()


@dataclass(frozen=True)
class PartitionMismatch:
    topic: str
    actual: int
    expected: int

    def __str__(self) -> str:
        return f"{self.topic} has {self.actual} partitions, the registry says {self.expected}"


async def check_partitions(bootstrap: str, topics: tuple[TopicSpec, ...] = ALL, timeout_s: float = 60.0,
                           add_partitions: bool = False) -> list[PartitionMismatch]:
    """Existing topics whose partition count differs from the registry's. With
    ``add_partitions``, topics with fewer partitions are grown first (Kafka cannot shrink a
    topic: one with more stays a mismatch)."""
    admin = await _connect(bootstrap, timeout_s)
    try:
        mismatches = await _mismatches(admin, topics)
        grow = {m.topic: NewPartitions(m.expected) for m in mismatches if m.actual < m.expected}
        if add_partitions and grow:
            response = await admin.create_partitions(grow)
            errors = [(name, code, message) for name, code, message in response.topic_errors if code]
            if errors:
                raise TopicSetupError(f"adding partitions failed: {errors}")
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


async def _mismatches(admin: AIOKafkaAdminClient, topics: tuple[TopicSpec, ...]) -> list[PartitionMismatch]:
    described = await admin.describe_topics([t.name for t in topics])
    counts = {d["topic"]: len(d["partitions"]) for d in described if d["error_code"] == 0}
    return [PartitionMismatch(t.name, counts[t.name], t.partitions)
            for t in topics if t.name in counts and counts[t.name] != t.partitions]
