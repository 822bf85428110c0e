"""ArticleIndex: upserts, search, filters, facets, lookup and the single-writer lock."""
from __future__ import annotations

from datetime import date

import pytest

from services.index.query import EntityFilter, QueryError, SearchRequest
from services.index.search_index import ArticleIndex, IndexLockedError
from tests.unit.index_fixtures import article, corpus


@pytest.fixture
def index(tmp_path):
    with ArticleIndex(tmp_path / "index") as opened:
        opened.upsert_batch(corpus())
        yield opened


def ids(body: dict) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


def test_same_article_twice_is_stored_once(tmp_path):
    with ArticleIndex(tmp_path / "index") as index:
        first = article("a", "Old title", "old text")
        index.upsert_batch([first])
        index.upsert_batch([article("a", "New title", "new text")])
        assert index.count() == 1
        assert index.get("a")["title"] == "New title"


def test_replayed_batch_leaves_each_article_once(tmp_path):
    batch = corpus()
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch(batch)
        index.upsert_batch(batch)
        index.upsert_batch(batch[:2])
        assert index.count() == len(batch)
        assert index.search(SearchRequest(q="grain"))["total"] == 2


def test_duplicate_ids_within_a_batch_keep_the_last(tmp_path):
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch([article("a", "first", "x"), article("b", "b", "y"),
                            article("a", "second", "z")])
        assert index.count() == 2
        assert index.get("a")["title"] == "second"


def test_an_empty_batch_changes_nothing(tmp_path):
    with ArticleIndex(tmp_path / "index") as index:
        index.upsert_batch([])
        assert index.count() == 0


def test_search_by_text_is_stemmed_and_ranks_title_matches(index):
    body = index.search(SearchRequest(q="talk"))  # "talks" in title, stemmed
    assert ids(body) == ["kyiv-talks"]
    assert body["total"] == 1
    assert body["hits"][0]["score"] > 0


def test_hit_has_what_a_result_page_shows(index):
    hit = index.search(SearchRequest(q="grain exports"))["hits"][0]
    assert hit["id"] == "grain-deal"
    assert hit["title"] == "Grain exports resume"
    assert hit["published"] == "2024-03-05"
    assert hit["source"] == "reuters.com"
    assert hit["url"] == "https://example.org/grain-deal"
    assert {"canonical": "Black Sea", "label": "LOC", "mentions": 1} in hit["entities"]


def test_snippet_highlights_the_matched_words(index):
    hit = index.search(SearchRequest(q="defence"))["hits"][0]
    assert "<b>defence</b>" in hit["snippet"]


def test_entity_filter_any_label_and_with_label(index):
    by_name = index.search(SearchRequest(entities=(EntityFilter("volodymyr zelensky"),)))
    assert sorted(ids(by_name)) == ["kyiv-talks", "summit"]
    by_key = index.search(SearchRequest(entities=(EntityFilter("Ukraine", "GPE"),)))
    assert sorted(ids(by_key)) == ["grain-deal", "kyiv-talks"]
    wrong_label = index.search(SearchRequest(entities=(EntityFilter("Ukraine", "PERSON"),)))
    assert wrong_label["total"] == 0


def test_repeated_entity_filters_must_all_match(index):
    both = index.search(SearchRequest(entities=(EntityFilter("Volodymyr Zelensky", "PERSON"),
                                                EntityFilter("Ukraine", "GPE"))))
    assert ids(both) == ["kyiv-talks"]


def test_entity_filter_combines_with_text(index):
    body = index.search(SearchRequest(q="grain", entities=(EntityFilter("Olaf Scholz"),)))
    assert ids(body) == ["summit"]


def test_label_filter_matches_any_entity_of_that_label(index):
    body = index.search(SearchRequest(labels=("LOC",)))
    assert ids(body) == ["grain-deal"]
    assert list(body["facets"]) == ["LOC"]


def test_facets_count_matching_documents_per_label(index):
    facets = index.search(SearchRequest(q="grain OR kyiv"))["facets"]
    assert facets["GPE"][0] == {"canonical": "Ukraine", "count": 2}
    assert {"canonical": "Kyiv", "count": 1} in facets["GPE"]
    assert sorted(facets) == ["GPE", "LOC", "ORG", "PERSON"]
    assert facets["ORG"] == [{"canonical": "AC/DC", "count": 1}]  # '/' survives the facet path


def test_source_filter_is_case_insensitive(index):
    body = index.search(SearchRequest(source="Reuters.com"))
    assert sorted(ids(body)) == ["grain-deal", "summit"]


def test_date_filters_include_both_ends(index):
    body = index.search(SearchRequest(since=date(2024, 3, 1), until=date(2024, 3, 5)))
    assert sorted(ids(body)) == ["grain-deal", "kyiv-talks"]
    assert ids(index.search(SearchRequest(until=date(2024, 2, 28)))) == ["summit"]
    assert ids(index.search(SearchRequest(since=date(2024, 3, 2)))) == ["grain-deal"]


def test_empty_query_lists_newest_first_undated_last(index):
    body = index.search(SearchRequest())
    assert ids(body) == ["grain-deal", "kyiv-talks", "summit", "undated"]
    assert body["total"] == 4
    assert all(hit["score"] is None for hit in body["hits"])


def test_limit_and_offset_page_through_results(index):
    page = index.search(SearchRequest(limit=2, offset=1))
    assert ids(page) == ["kyiv-talks", "summit"]
    assert page["total"] == 4


def test_get_returns_the_article_with_entities_and_removed_lines(index):
    stored = index.get("kyiv-talks")
    assert stored["text"].startswith("President Volodymyr Zelensky")
    assert stored["removed"] == [{"text": "Share this article", "rule": "share-buttons"}]
    assert {e["canonical"] for e in stored["entities"]} == {"Volodymyr Zelensky", "Kyiv", "Ukraine"}
    assert index.get("no-such-id") is None


@pytest.mark.parametrize("q, named", [
    ('"unbalanced quote', "unbalanced double quote"),
    ("nosuchfield:x", "nosuchfield"),
    ("payload:x", "payload"),
    ("entity_name:x", "entity_name"),
    ("title:(open", "expected ')'"),
    ("grain AND", "Syntax Error"),
])
def test_bad_query_syntax_raises_query_error_naming_the_problem(index, q, named):
    with pytest.raises(QueryError, match="q") as caught:
        index.search(SearchRequest(q=q))
    assert named in str(caught.value)


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
