"""The OpenSearch backend's write rules, on the real node: external versions keep the newest
article, a malformed article is refused alone, and infrastructure failures are retried and
then raised, never blamed on the articles."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.index.opensearch_index import IndexSchemaError, IndexUnavailableError, OpenSearchIndex, version_of
from tests.support import free_port
from tests.unit.index_fixtures import article


@pytest.fixture
def index(opensearch):
    opened = OpenSearchIndex(opensearch.url, f"test-{uuid.uuid4().hex[:12]}", retry_seconds=20)
    yield opened
    opened.delete_index()
    opened.close()


def tagged(article_id: str, title: str, when: datetime):
    return article(article_id, title, f"{title} text").model_copy(update={"tagged_at": when})


def test_an_older_version_never_overwrites_a_newer_one(index):
    now = datetime.now(timezone.utc)
    newer, older = tagged("a", "Newer", now), tagged("a", "Older", now - timedelta(seconds=5))
    assert version_of(newer) > version_of(older)
    assert index.upsert_batch([newer]) == {}
    assert index.upsert_batch([older]) == {}  # refused for its version: not an error
    assert index.get("a")["title"] == "Newer"
    # and in the same batch, whichever comes last: the newest version stays
    assert index.upsert_batch([tagged("b", "Newer", now), tagged("b", "Older", now - timedelta(1))]) == {}
    assert index.get("b")["title"] == "Newer"


def test_a_malformed_article_is_refused_alone(index):
    # Lucene cannot index a keyword term over 32766 bytes: the article's own fault.
    bad = article("bad", "Bad", "text", entities=[("PERSON", "x" * 40_000)])
    good = [article(f"good-{n}", f"Good {n}", "text") for n in range(3)]
    rejected = index.upsert_batch([good[0], bad, *good[1:]])
    assert list(rejected) == ["bad"]
    assert "immense term" in rejected["bad"] or "illegal_argument" in rejected["bad"]
    index.refresh()
    assert index.count() == 3
    assert index.get("bad") is None


def test_an_unreachable_cluster_raises_index_unavailable_after_the_retries():
    started = time.monotonic()
    with pytest.raises(IndexUnavailableError, match="did not answer within 2s"):
        OpenSearchIndex(f"http://127.0.0.1:{free_port()}", "nothing-here", retry_seconds=2)
    assert time.monotonic() - started < 15


def test_a_down_cluster_during_a_write_raises_and_rejects_nothing(opensearch):
    """The index was set up while the cluster answered; then its address stops answering."""
    index = OpenSearchIndex(opensearch.url, f"test-{uuid.uuid4().hex[:12]}", retry_seconds=2)
    working = list(index.client.transport.hosts)
    try:
        index.client.transport.set_connections([{"host": "127.0.0.1", "port": free_port()}])
        with pytest.raises(IndexUnavailableError, match="did not take 2 article"):
            index.upsert_batch([article("x", "X", "x"), article("y", "Y", "y")])
    finally:
        index.client.transport.set_connections(working)
        index.delete_index()
        index.close()


def test_a_write_blocked_index_is_retried_until_it_takes_the_batch(index):
    index.client.indices.put_settings(index=index.index_name, body={"index.blocks.write": True})
    threading.Timer(2.0, lambda: index.client.indices.put_settings(
        index=index.index_name, body={"index.blocks.write": False})).start()
    started = time.monotonic()
    rejected = index.upsert_batch([article("p", "P", "p"), article("q", "Q", "q")])
    assert rejected == {}
    assert time.monotonic() - started >= 1.5, "the block did not hold: the test proved nothing"
    index.refresh()
    assert index.count() == 2


def test_workers_starting_together_all_get_a_usable_index(opensearch):
    """The first creates the index; the others must wait until it answers, not crash."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    counts, errors = [], []

    def start() -> None:
        try:
            counts.append(OpenSearchIndex(opensearch.url, name, retry_seconds=30).count())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    OpenSearchIndex(opensearch.url, name).delete_index()
    assert errors == [] and counts == [0, 0, 0]


def test_an_unknown_field_is_our_bug_not_the_articles(index):
    """What OpenSearch answers when our document and the strict template disagree, and that
    the backend does not count it as the article's fault."""
    from services.index.opensearch_index import _article_fault

    response = index.client.bulk(index=index.index_name, body=[
        {"index": {"_id": "z"}}, {"id": "z", "not_in_the_mapping": 1}])
    item = response["items"][0]["index"]
    assert item["status"] == 400 and item["error"]["type"] == "strict_dynamic_mapping_exception"
    assert not _article_fault(item["status"], item["error"])
    assert _article_fault(400, {"type": "mapper_parsing_exception"})


def test_an_index_created_by_an_older_template_is_refused_with_how_to_rebuild(index):
    """An index from before story/language (no _meta.schema_version) would refuse every new
    article (strict mapping) and has nothing to collapse on: start-up says to rebuild it."""
    old_name = f"test-old-{uuid.uuid4().hex[:12]}"
    index.client.indices.create(index=old_name, body={"mappings": {"dynamic": "strict", "properties": {
        "id": {"type": "keyword"}}}})
    try:
        with pytest.raises(IndexSchemaError, match="newsflow reindex") as caught:
            OpenSearchIndex(index.url, old_name, retry_seconds=5)
        assert isinstance(caught.value, IndexUnavailableError)  # the index service exits with the message
    finally:
        index.client.indices.delete(index=old_name)
        index.client.indices.delete_index_template(name=f"{old_name}-template", ignore=[404])
