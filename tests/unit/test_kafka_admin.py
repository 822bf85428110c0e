"""The topics job's checks on what the broker answered (pure; tests/integration/test_topics_setup.py
runs them against a real broker)."""
from __future__ import annotations

from shared.kafka_admin import creation_errors, differences
from shared.topics import TAGGED


def test_every_error_code_of_a_create_topics_response_is_reported():
    errors = creation_errors([("news.raw", 0, None), ("news.tagged", 40, "Invalid value x for cleanup.policy"),
                              ("news.cleaned", 36, "Topic already exists"), ("news.ingested", 37)])
    assert errors == [
        "news.tagged: creation failed with InvalidConfigurationError (40): Invalid value x for cleanup.policy",
        "news.ingested: creation failed with InvalidPartitionsError (37)",
    ]


def test_a_topic_is_compared_with_its_registry_entry():
    same = {"cleanup.policy": "compact", "max.message.bytes": "16777216", "retention.ms": "604800000"}
    assert differences(TAGGED, TAGGED.partitions, same) == []
    assert differences(TAGGED, None, {}) == ["news.tagged: missing on the broker"]
    assert sorted(differences(TAGGED, 1, {"cleanup.policy": "delete", "max.message.bytes": "1048588"})) == [
        f"news.tagged: 1 partitions, the registry says {TAGGED.partitions}",
        "news.tagged: cleanup.policy=delete, the registry says compact",
        "news.tagged: max.message.bytes=1048588, the registry says 16777216",
    ]
