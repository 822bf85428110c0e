"""The compose file's `opensearch` profile: the official image, off unless asked for, and with
the security plugin off only because nothing outside this host can reach the node."""
from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_opensearch_runs_only_in_its_profile_from_the_official_image():
    node = services()["opensearch"]
    assert node["image"] == "opensearchproject/opensearch:2.19.4"
    assert node["profiles"] == ["opensearch"]
    assert services()["index-opensearch"]["profiles"] == ["opensearch"]
    assert all("profiles" not in s for name, s in services().items()
               if name not in ("opensearch", "index-opensearch"))


def test_an_unsecured_node_is_published_on_loopback_only():
    node = services()["opensearch"]
    if node["environment"].get("DISABLE_SECURITY_PLUGIN") == "true":
        assert node["ports"] and all(port.startswith("127.0.0.1:") for port in node["ports"])


def test_the_opensearch_index_worker_has_its_own_group_and_waits_for_the_node():
    worker = services()["index-opensearch"]
    env = worker["environment"]
    assert env["NEWSFLOW_INDEX_BACKEND"] == "opensearch"
    assert env["NEWSFLOW_OPENSEARCH_URL"] == "http://opensearch:9200"
    assert env["NEWSFLOW_APP_PREFIX"] != "newsflow"  # not the tantivy index worker's group
    assert worker["depends_on"]["opensearch"]["condition"] == "service_healthy"
    assert all(port.startswith("127.0.0.1:") for port in worker["ports"])
