"""The tantivy ArticleIndex's own rules: the single-writer lock, read-only opening, reopening.

Search and upsert behaviour is tested on both backends in
tests/integration/test_search_backends.py."""
from __future__ import annotations

import pytest
import tantivy

from services.index.query import SearchRequest
from services.index.schema import IndexSchemaError
from services.index.search_index import EXACT_STORY_COUNT, ArticleIndex, IndexLockedError
from tests.unit.index_fixtures import article, corpus


@pytest.fixture
def index(tmp_path):
    with ArticleIndex(tmp_path / "index") as opened:
        opened.upsert_batch(corpus())
        yield opened


def ids(body: dict) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


def test_a_second_writer_on_the_same_directory_fails_fast(tmp_path):
    with ArticleIndex(tmp_path / "index"):
        with pytest.raises(IndexLockedError, match=str(tmp_path / "index")):
            ArticleIndex(tmp_path / "index")


def test_close_releases_the_lock(tmp_path):
    ArticleIndex(tmp_path / "index").close()
    with ArticleIndex(tmp_path / "index") as again:
        assert again.count() == 0


def test_read_only_opening_sees_the_writers_commits_and_cannot_write(tmp_path):
    with ArticleIndex(tmp_path / "index") as writer:
        reader = ArticleIndex(tmp_path / "index", read_only=True)
        writer.upsert_batch(corpus()[:1])
        reader.reload()
        assert reader.count() == 1
        assert ids(reader.search(SearchRequest(q="kyiv"))) == ["kyiv-talks"]
        with pytest.raises(RuntimeError, match="read-only"):
            reader.upsert_batch(corpus()[1:2])


def test_read_only_opening_of_a_missing_index_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no search index"):
        ArticleIndex(tmp_path / "nothing", read_only=True)


def test_data_survives_reopening(tmp_path):
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch(corpus())
    with ArticleIndex(tmp_path / "index") as reopened:
        assert reopened.count() == 4
        assert ids(reopened.search(SearchRequest(q="summit"))) == ["summit"]


def test_an_index_with_an_older_schema_is_refused_with_how_to_rebuild(tmp_path):
    old = tantivy.SchemaBuilder()
    old.add_text_field("id", stored=True, tokenizer_name="raw")
    tantivy.Index(old.build(), path=str(tmp_path))
    with pytest.raises(IndexSchemaError, match="newsflow reindex"):
        ArticleIndex(tmp_path)


def crowded() -> list:
    """Story "big" has 40 copies that all outrank every other story for "alpha beta"; stories
    small-0 .. small-5 match "beta" once."""
    big = [article("big", "Alpha beta", "alpha beta gamma")]
    big += [article(f"big-{n:02d}", "Alpha beta alpha", "alpha beta alpha beta", copy_of="big")
            for n in range(40)]
    small = [article(f"small-{n}", f"Other {n}", f"beta and {n} more words here") for n in range(6)]
    return big + small


@pytest.mark.parametrize("term_set_from", [0, 100])  # stories left out by a term set, or term queries
def test_a_story_with_many_copies_does_not_crowd_out_the_next_stories(tmp_path, monkeypatch, term_set_from):
    # With a small first pass, it fetches 2*2+10 = 14 articles, all copies of "big": the next
    # pass must leave "big" out to find the second story, and keep the rank order.
    monkeypatch.setattr("services.index.search_index.FIRST_PASS", 1)
    monkeypatch.setattr("services.index.search_index.TERM_SET_FROM", term_set_from)
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch(crowded())
        body = index.search(SearchRequest(q="alpha beta", limit=2))
        assert ids(body)[0] == "big" and ids(body)[1].startswith("small-")
        assert body["hits"][0]["copies"] == 40
        assert (body["total"], body["articles"]) == (7, 47)
        every = [hit["id"] for hit in index.search(SearchRequest(q="alpha beta", limit=7))["hits"]]
        second_page = ids(index.search(SearchRequest(q="alpha beta", limit=2, offset=2)))
        assert second_page == every[2:4] and len(set(every)) == 7


def test_large_story_counts_are_estimated_small_ones_exact(tmp_path, monkeypatch):
    monkeypatch.setattr("services.index.search_index.FIRST_PASS", 1)
    monkeypatch.setattr("services.index.search_index.EXACT_STORY_COUNT", 10)
    assert EXACT_STORY_COUNT == 5000  # the module's own value; the patched one applies below
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch(crowded())
        # limit 10: the walk (2*10+10 = 30, then 28) reaches the last match: every story counted
        assert index.search(SearchRequest(q="beta"))["total"] == 7
        # limit 1: the walk stops early; 47 matching articles > 10, so the HyperLogLog
        # estimate counts them (exact at this size)
        assert index.search(SearchRequest(q="beta", limit=1))["total"] == 7
