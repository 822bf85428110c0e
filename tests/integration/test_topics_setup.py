"""`newsflow topics create` against a real broker: it creates what is missing, reports every
per-topic error the broker returns (aiokafka returns them instead of raising), and refuses
topics that differ from the registry. Each test uses topic names of its own."""
from __future__ import annotations

import asyncio
import subprocess
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.kafka_admin import TopicSetupError, ensure_topics
from shared.topics import RAW, TopicSpec
from tests.support import NEWSFLOW, Broker


def _name(prefix: str) -> str:
    return f"check.{prefix}.{uuid.uuid4().hex[:8]}"


async def _create_raw(bootstrap: str, name: str, partitions: int, config: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        response = await admin.create_topics([NewTopic(name, partitions, 1, topic_configs=config)])
        assert [code for _topic, code, *_ in response.topic_errors] == [0]
    finally:
        await admin.close()


async def test_creates_missing_topics_then_finds_them_matching(kafka):
    specs = (TopicSpec(_name("plain"), 2, {"max.message.bytes": "2097152"}),
             TopicSpec(_name("compact"), 3, {"cleanup.policy": "compact"}))
    assert await ensure_topics(kafka.bootstrap, specs) == [s.name for s in specs]
    assert await ensure_topics(kafka.bootstrap, specs) == []


async def test_a_topic_the_broker_refuses_is_an_error(kafka):
    refused = TopicSpec(_name("refused"), 1, {"cleanup.policy": "no-such-policy"})
    with pytest.raises(TopicSetupError, match=rf"{refused.name}: creation failed with InvalidConfigurationError \(40\)"):
        await ensure_topics(kafka.bootstrap, (refused,))


async def test_existing_topic_with_other_partitions_or_configs_is_an_error(kafka):
    spec = TopicSpec(_name("drift"), 4, {"cleanup.policy": "compact", "max.message.bytes": "2097152"})
    await _create_raw(kafka.bootstrap, spec.name, 2, {"cleanup.policy": "delete", "max.message.bytes": "1048576"})
    with pytest.raises(TopicSetupError) as error:
        await ensure_topics(kafka.bootstrap, (spec,))
    message = str(error.value)
    assert f"{spec.name}: 2 partitions, the registry says 4" in message
    assert f"{spec.name}: cleanup.policy=delete, the registry says compact" in message
    assert f"{spec.name}: max.message.bytes=1048576, the registry says 2097152" in message


def test_the_topics_command_checks_the_registry_and_exits_non_zero_with_the_reason(tmp_path):
    # A broker of its own: the registry's news.raw is made wrong on purpose (1 partition).
    broker = Broker(tmp_path)
    if broker.external:
        pytest.fail("this test starts its own broker; unset KAFKA_BOOTSTRAP_SERVERS", pytrace=False)
    broker.start()
    try:
        command = [NEWSFLOW, "topics", "create", "--bootstrap", broker.bootstrap, "--timeout", "30"]
        asyncio.run(_create_raw(broker.bootstrap, RAW.name, 1, RAW.config))
        refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert f"{RAW.name}: 1 partitions, the registry says {RAW.partitions}" in refused.stderr
        assert "Traceback" not in refused.stderr
    finally:
        broker.stop()


def test_the_topics_command_creates_and_checks_the_registry(kafka):
    done = subprocess.run([NEWSFLOW, "topics", "create", "--bootstrap", kafka.bootstrap, "--timeout", "30"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "checked: every topic matches the registry" in done.stdout
