"""Create the registry's topics on a broker, idempotently."""
from __future__ import annotations

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from shared.topics import ALL, TopicSpec

log = logging.getLogger(__name__)


async def ensure_topics(bootstrap: str, topics: tuple[TopicSpec, ...] = ALL,
                        timeout_s: float = 60.0) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    Retries connecting for ``timeout_s``: a service may start just before its broker.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="newsflow-admin")
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        try:
            await admin.start()
            break
        except KafkaConnectionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(1)
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
        return created
    finally:
        await admin.close()
