"""The tantivy ArticleIndex's own rules: the single-writer lock, read-only opening, reopening.

Search and upsert behaviour is tested on both backends in
tests/integration/test_search_backends.py."""
from __future__ import annotations

import pytest

from services.index.query import SearchRequest
from services.index.search_index import ArticleIndex, IndexLockedError
from tests.unit.index_fixtures import corpus


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
