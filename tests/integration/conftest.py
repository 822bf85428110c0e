"""A real Kafka broker, a real OpenSearch node and the four services as real processes, each
started once per test session by the first test that needs it.

If the broker, the node or a service cannot start, the tests that need it fail (never skip) and say why.
"""
from __future__ import annotations

import pytest

from tests.support import SERVICES, Broker, OpenSearchNode, Pipeline, tail


def pytest_collection_modifyitems(items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def kafka(tmp_path_factory) -> Broker:
    broker = Broker(tmp_path_factory.mktemp("kafka"))
    try:
        broker.start()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Kafka is needed for the integration tests and did not start: {exc}", pytrace=False)
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
def opensearch() -> OpenSearchNode:
    node = OpenSearchNode()
    try:
        node.start()
    except Exception as exc:  # noqa: BLE001
        node.stop()
        pytest.fail(f"OpenSearch is needed for these tests and did not start: {exc}", pytrace=False)
    yield node
    node.stop()


@pytest.fixture(scope="session")
def pipeline(kafka, tmp_path_factory) -> Pipeline:
    pipe = Pipeline(kafka.bootstrap, tmp_path_factory.mktemp("pipeline"))
    try:
        pipe.start_all()
    except Exception as exc:  # noqa: BLE001
        logs = "\n".join(f"--- {s.name} ---\n{tail(s.log)}" for s in pipe.services.values())
        for name in SERVICES:
            pipe.stop(name)
        pytest.fail(f"the pipeline did not start: {exc}\n{logs}", pytrace=False)
    yield pipe
    for name in SERVICES:
        pipe.stop(name)
