"""A broker outage is two log lines: the first connection error, and the recovery with a count."""
from __future__ import annotations

import logging

import pytest

from shared.outage import install


@pytest.fixture
def outage():
    outage = install()
    yield outage
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("aiokafka"):
            logging.getLogger(name).removeFilter(outage)


def test_an_outage_logs_its_first_error_and_its_end_and_nothing_between(outage, caplog):
    with caplog.at_level(logging.INFO):
        for _ in range(50):
            logging.getLogger("aiokafka.conn").error("Unable connect to node with id 1: [Errno 111] Connect call failed")
            logging.getLogger("aiokafka.consumer.fetcher").error("Failed fetch messages from 1: NodeNotReadyError")
        logging.getLogger("aiokafka.consumer.group_coordinator").info("Joined group 'newsflow-tag'")
        logging.getLogger("aiokafka.consumer.fetcher").error("Unexpected error in fetcher routine")
        outage.recovered()
        logging.getLogger("aiokafka.conn").error("Unable connect to node with id 1: [Errno 111] Connect call failed")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 5, lines
    assert lines[0].startswith("Kafka unreachable: Unable connect") and "counted, not logged" in lines[0]
    assert lines[1] == "Joined group 'newsflow-tag'"          # other lines go through
    assert lines[2] == "Unexpected error in fetcher routine"  # and so do other errors
    assert lines[3].startswith("Kafka reachable again after") and "99 connection error lines held back" in lines[3]
    assert lines[4].startswith("Kafka unreachable")            # the next outage is logged again


def test_a_rebalance_is_logged_as_itself_and_starts_no_outage(outage, caplog):
    with caplog.at_level(logging.INFO):
        group = logging.getLogger("aiokafka.consumer.group_coordinator")
        group.warning("Heartbeat failed for group %s because it is rebalancing", "newsflow-tag")
        group.warning("Heartbeat failed for group %s: generation id is not  current.", "newsflow-tag")
        outage.recovered()
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["Heartbeat failed for group newsflow-tag because it is rebalancing",
                     "Heartbeat failed for group newsflow-tag: generation id is not  current."]
    assert outage.down_since is None
