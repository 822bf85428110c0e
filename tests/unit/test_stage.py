"""The stage wiring's decisions, with recording topics in place of Kafka."""
from __future__ import annotations

import asyncio
import json

import faust
import pytest
from prometheus_client import CollectorRegistry

from shared import stage as stage_module
from shared.contracts import IngestedArticle, Origin
from shared.deadletter import Rejected
from shared.metrics import Metrics
from shared.stage import Incoming, Result, Stage, parse_message
from shared.topics import INGESTED, RAW


class RecordingTopic:
    def __init__(self) -> None:
        self.sent: list[tuple[bytes | None, bytes]] = []

    async def send(self, key=None, value=None):
        self.sent.append((key, value))
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


@pytest.fixture
def stage(monkeypatch):
    monkeypatch.setattr(stage_module, "metrics", lambda: Metrics(CollectorRegistry()))
    app = faust.App("test-stage", broker="kafka://127.0.0.1:1", web_enabled=False)
    s = Stage(app, "ingest", RAW, INGESTED)
    s.sink, s.deadletters = RecordingTopic(), RecordingTopic()
    return s


INCOMING = Incoming(b"payload", Origin(topic="news.raw", partition=2, offset=7, key="k1"))


async def test_an_output_goes_to_the_sink_keyed_by_article_id(stage):
    article = IngestedArticle(id="a1", content_hash="h", text="t", received_at="2025-01-01T00:00:00Z")
    await stage.emit(INCOMING, Result(output=article, key="a1"))
    (key, value), = stage.sink.sent
    assert key == b"a1" and json.loads(value)["id"] == "a1"
    assert not stage.deadletters.sent


async def test_a_rejection_becomes_a_dead_letter_with_origin_and_payload(stage):
    await stage.emit(INCOMING, Rejected("invalid_json", "bad"))
    (key, value), = stage.deadletters.sent
    letter = json.loads(value)
    assert key == b"k1"
    assert letter["reason"] == "invalid_json" and "news.raw[2]@7" in letter["detail"]
    assert letter["payload_size"] == len(b"payload")
    assert not stage.sink.sent


async def test_an_output_over_the_message_limit_is_dead_lettered_not_sent(stage, monkeypatch):
    monkeypatch.setattr(stage_module, "MAX_VALUE_BYTES", 100)
    article = IngestedArticle(id="a1", content_hash="h", text="x" * 200, received_at="2025-01-01T00:00:00Z")
    await stage.emit(INCOMING, Result(output=article, key="a1"))
    assert not stage.sink.sent
    assert json.loads(stage.deadletters.sent[0][1])["reason"] == "output_too_large"


def test_parse_message_names_the_first_violation():
    rejected = parse_message(IngestedArticle, Incoming(b'{"id": "x"}', INCOMING.origin))
    assert isinstance(rejected, Rejected) and rejected.reason == "contract_violation"
    assert "IngestedArticle" in rejected.detail and "content_hash" in rejected.detail
