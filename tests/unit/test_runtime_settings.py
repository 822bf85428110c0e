"""Settings declared once reach what runs: the message limit (shared/topics.py) every broker we
start allows, and NEWSFLOW_LOG_LEVEL the worker logs at."""
from __future__ import annotations

import re

from shared.app import with_log_level
from shared.topics import ALL, MAX_MESSAGE_BYTES
from tests.support import ROOT


def test_the_local_broker_allows_the_registry_message_size():
    script = (ROOT / "deploy" / "kafka" / "kafka.sh").read_text()
    for name in ("message.max.bytes", "replica.fetch.max.bytes"):
        (value,) = re.findall(rf"^{re.escape(name)}=(\d+)$", script, re.MULTILINE)
        assert int(value) == MAX_MESSAGE_BYTES, f"{name}={value} in kafka.sh, the registry says {MAX_MESSAGE_BYTES}"


def test_every_topic_allows_the_registry_message_size():
    assert all(int(t.config["max.message.bytes"]) == MAX_MESSAGE_BYTES for t in ALL)


def test_newsflow_log_level_reaches_the_worker_unless_its_command_line_sets_one():
    assert with_log_level(["app.py", "worker"], "WARNING") == ["app.py", "worker", "--loglevel", "warning"]
    assert with_log_level(["app.py", "worker", "-l", "debug"], "info") == ["app.py", "worker", "-l", "debug"]
    assert with_log_level(["app.py", "worker", "--loglevel=error"], "info")[-1] == "--loglevel=error"
