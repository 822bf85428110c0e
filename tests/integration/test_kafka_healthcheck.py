"""docker-compose.yml's Kafka healthcheck, run against a real broker: a raw ApiVersions
request over bash's /dev/tcp, no JVM. Healthy only when a broker answers it."""
from __future__ import annotations

import socket
import subprocess

import yaml

from tests.support import ROOT, free_port

INTERNAL = "127.0.0.1/19092"


def _healthcheck_script() -> str:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["kafka"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "bash", "-c"]
    assert INTERNAL in test[3]
    return test[3]


def _check(port: int) -> int:
    """The check's exit status; `timeout 5` stands in for the healthcheck's `timeout: 5s`."""
    script = _healthcheck_script().replace(INTERNAL, f"127.0.0.1/{port}")
    return subprocess.run(["timeout", "5", "bash", "-c", script], capture_output=True, timeout=30).returncode


def test_a_broker_that_answers_is_healthy(kafka):
    assert _check(int(kafka.bootstrap.rsplit(":", 1)[1])) == 0


def test_nothing_listening_or_a_silent_listener_is_unhealthy():
    assert _check(free_port()) != 0
    with socket.socket() as silent:  # accepts the connection, never answers (a broker still starting)
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        assert _check(silent.getsockname()[1]) != 0
