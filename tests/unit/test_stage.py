"""The stage wiring's decisions, with recording topics in place of Kafka."""
from __future__ import annotations

import asyncio
import json

import faust
import pytest
from prometheus_client import CollectorRegistry

from shared import deadletter as deadletter_module
from shared import stage as stage_module
from shared.contracts import SCHEMA_VERSION, DeadLetter, IngestedArticle, Origin
from shared.deadletter import Rejected
from shared.failures import GaveUp, RetryPolicy, Unavailable
from shared.metrics import Metrics
from shared.stage import Incoming, Result, Stage, SystematicFailure, parse_message
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
    app = faust.App("test-stage", broker="kafka://127.0.0.1:1", web_enabled=False)
    s = Stage(app, "ingest", RAW, INGESTED, Metrics(CollectorRegistry()), RetryPolicy())
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


# -- whose fault: the input's (dead letter), ours (internal_error), the infrastructure's (retry, then stop)

FAST_RETRY = RetryPolicy(give_up_after=0.3, first_delay=0.01, max_delay=0.05)


def _batch(n: int) -> list[Incoming]:
    return [Incoming(f"m{i}".encode(), Origin(topic="news.cleaned", partition=0, offset=i, key=f"k{i}"))
            for i in range(n)]


async def test_an_infrastructure_failure_is_retried_until_it_recovers(stage):
    stage.retry = FAST_RETRY
    calls = []

    def flaky(batch):
        calls.append(len(batch))
        if len(calls) < 3:
            raise Unavailable("index locked")
        return [Result() for _ in batch]

    results = await stage.results(flaky, _batch(4))
    assert [r.outcome for r in results] == ["processed"] * 4
    assert calls == [4, 4, 4]


async def test_an_infrastructure_failure_that_lasts_is_raised_not_dead_lettered(stage):
    stage.retry = FAST_RETRY

    def disk_full(batch):
        raise OSError(28, "No space left on device")

    with pytest.raises(GaveUp, match="No space left"):
        await stage.results(disk_full, _batch(3))
    assert not stage.deadletters.sent


async def test_a_failing_batch_is_retried_one_by_one_so_only_the_bad_message_is_dead_lettered(stage):
    def fails_on_m2(batch):
        if any(i.payload == b"m2" for i in batch):
            raise ValueError("cannot handle m2")
        return [Result() for _ in batch]

    results = await stage.results(fails_on_m2, _batch(4))
    assert [r.reason if isinstance(r, Rejected) else r.outcome for r in results] == [
        "processed", "processed", "internal_error", "processed"]


async def test_a_rejection_raised_for_a_batch_names_the_one_bad_message(stage):
    def rejects_m1(batch):
        if any(i.payload == b"m1" for i in batch):
            raise Rejected("contract_violation", "m1 is not an article")
        return [Result() for _ in batch]

    results = await stage.results(rejects_m1, _batch(3))
    assert isinstance(results[1], Rejected) and results[1].reason == "contract_violation"
    assert not isinstance(results[0], Rejected) and not isinstance(results[2], Rejected)


async def test_a_batch_handler_returning_the_wrong_count_is_a_bug_not_a_silent_loss(stage):
    with pytest.raises(SystematicFailure):
        await stage.results(lambda batch: [Result()] * (len(batch) + 1), _batch(3))
    # Wrong only for whole batches: one by one, every message still gets its result.
    results = await stage.results(lambda batch: [Result()] if len(batch) > 1 else [Result(outcome="single")],
                                  _batch(3))
    assert [r.outcome for r in results] == ["single"] * 3


async def test_every_message_of_a_batch_failing_is_systematic_and_stops_the_worker(stage):
    def broken(batch):
        raise KeyError("model config")

    with pytest.raises(SystematicFailure):
        await stage.results(broken, _batch(5))


async def test_an_exception_in_a_one_at_a_time_handler_is_an_internal_error(stage):
    def bug(batch):
        raise ZeroDivisionError("oops")

    (result,) = await stage.results(bug, _batch(1))
    assert result.reason == "internal_error" and "ZeroDivisionError" in result.detail


async def test_a_dead_letter_over_the_message_limit_keeps_the_start_of_the_payload(stage, monkeypatch):
    monkeypatch.setattr(deadletter_module, "MAX_VALUE_BYTES", 10_000)
    big = Incoming(b"x" * 50_000, INCOMING.origin)
    await stage.emit(big, Rejected("too_large", "payload of 50000 bytes exceeds the limit"))
    (_, value), = stage.deadletters.sent
    assert len(value) <= 10_000
    letter = DeadLetter.model_validate_json(value)
    assert letter.payload_truncated and letter.payload_size == 50_000
    assert 0 < len(letter.payload()) < 50_000 and big.payload.startswith(letter.payload())
    assert "truncated" in letter.detail and letter.reason == "too_large"


def test_parse_message_refuses_a_schema_version_newer_than_it_reads():
    newer = IngestedArticle(id="a", content_hash="h", text="t", received_at="2025-01-01T00:00:00Z",
                            schema_version=SCHEMA_VERSION + 1).model_dump_json().encode()
    rejected = parse_message(IngestedArticle, Incoming(newer, INCOMING.origin))
    assert isinstance(rejected, Rejected) and rejected.reason == "unsupported_schema_version"
    current = newer.replace(f'"schema_version":{SCHEMA_VERSION + 1}'.encode(), f'"schema_version":{SCHEMA_VERSION}'.encode())
    assert isinstance(parse_message(IngestedArticle, Incoming(current, INCOMING.origin)), IngestedArticle)


async def test_an_output_that_cannot_be_serialised_is_an_internal_error_not_a_crash(stage):
    class Unserialisable(IngestedArticle):
        def model_dump_json(self, **kwargs):
            raise ValueError("cannot serialise")

    article = Unserialisable(id="a1", content_hash="h", text="t", received_at="2025-01-01T00:00:00Z")
    await stage.emit(INCOMING, Result(output=article, key="a1"))
    assert not stage.sink.sent
    assert json.loads(stage.deadletters.sent[0][1])["reason"] == "internal_error"
