"""One suite of search tests, run against both index backends: tantivy in a temp directory
and OpenSearch on the real node the session starts. The same request must give the same
ids, facets, filters, snippets and order, and bodies that match docs/openapi.yaml."""
from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
import yaml

from services.index.api import article_response, health_response, search_response
from services.index.opensearch_index import OpenSearchIndex
from services.index.query import MAX_LIMIT, MAX_OFFSET, EntityFilter, QueryError, SearchRequest
from services.index.search_index import ArticleIndex
from tests.unit.index_fixtures import article, corpus, old_message, wire_story
from tests.unit.test_search_api import validator

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def open_backend(name: str, request: pytest.FixtureRequest, tmp_path_factory):
    if name == "tantivy":
        return ArticleIndex(tmp_path_factory.mktemp("tantivy") / "index")
    node = request.getfixturevalue("opensearch")
    index = OpenSearchIndex(node.url, f"test-{uuid.uuid4().hex[:12]}", retry_seconds=10)
    request.addfinalizer(index.delete_index)
    return index


def write(index, articles) -> dict[str, str]:
    rejected = index.upsert_batch(articles)
    index.refresh()
    return rejected


@pytest.fixture(scope="module", params=["tantivy", "opensearch"])
def index(request, tmp_path_factory):
    opened = open_backend(request.param, request, tmp_path_factory)
    assert write(opened, corpus()) == {}
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=["tantivy", "opensearch"])
def stories(request, tmp_path_factory):
    """The wire story with its two copies, an unrelated article, and an article written before
    stories existed (no story_id, no language)."""
    opened = open_backend(request.param, request, tmp_path_factory)
    old = old_message(article("old-kremlin", "Kremlin archive", "An old Kremlin story from the archive.",
                              published=date(2023, 1, 1)))
    assert write(opened, [*wire_story(), old]) == {}
    yield opened
    opened.close()


@pytest.fixture(params=["tantivy", "opensearch"])
def empty_index(request, tmp_path_factory):
    opened = open_backend(request.param, request, tmp_path_factory)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(OPENAPI.read_text())


def ids(body: dict) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


# -- writing -------------------------------------------------------------------------------

def test_same_article_twice_is_stored_once_newest_wins(empty_index):
    write(empty_index, [article("a", "Old title", "old text")])
    write(empty_index, [article("a", "New title", "new text")])  # tagged later: newer
    assert empty_index.count() == 1
    assert empty_index.get("a")["title"] == "New title"


def test_replayed_batch_leaves_each_article_once(empty_index):
    batch = corpus()
    assert write(empty_index, batch) == {}
    assert write(empty_index, batch) == {}
    assert write(empty_index, batch[:2]) == {}
    assert empty_index.count() == len(batch)
    assert empty_index.search(SearchRequest(q="grain"))["total"] == 2


def test_duplicate_ids_within_a_batch_keep_the_last(empty_index):
    write(empty_index, [article("a", "first", "x"), article("b", "b", "y"), article("a", "second", "z")])
    assert empty_index.count() == 2
    assert empty_index.get("a")["title"] == "second"


# -- search --------------------------------------------------------------------------------

def test_search_by_text_is_stemmed_and_ranks_title_matches(index):
    body = index.search(SearchRequest(q="talk"))  # "talks" in the title, stemmed
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
    assert hit["snippet"].startswith("President Volodymyr Zelensky")


def test_snippet_without_a_text_query_is_the_start_of_the_text(index):
    hit = index.search(SearchRequest(entities=(EntityFilter("Olaf Scholz"),)))["hits"][0]
    assert hit["snippet"].startswith("Volodymyr Zelensky and Olaf Scholz")
    assert "<b>" not in hit["snippet"]


def test_entity_filter_any_label_and_with_label(index):
    by_name = index.search(SearchRequest(entities=(EntityFilter("volodymyr zelensky"),)))
    assert sorted(ids(by_name)) == ["kyiv-talks", "summit"]
    by_key = index.search(SearchRequest(entities=(EntityFilter("Ukraine", "GPE"),)))
    assert sorted(ids(by_key)) == ["grain-deal", "kyiv-talks"]
    assert index.search(SearchRequest(entities=(EntityFilter("Ukraine", "PERSON"),)))["total"] == 0


def test_repeated_entity_filters_must_all_match(index):
    both = index.search(SearchRequest(entities=(EntityFilter("Volodymyr Zelensky", "PERSON"),
                                                EntityFilter("Ukraine", "GPE"))))
    assert ids(both) == ["kyiv-talks"]


def test_entity_filter_combines_with_text(index):
    assert ids(index.search(SearchRequest(q="grain", entities=(EntityFilter("Olaf Scholz"),)))) == ["summit"]


def test_label_filter_matches_any_entity_of_that_label(index):
    body = index.search(SearchRequest(labels=("LOC",)))
    assert ids(body) == ["grain-deal"]
    assert list(body["facets"]) == ["LOC"]


def test_facets_are_a_terms_aggregation_per_label(index):
    facets = index.search(SearchRequest(q="grain OR kyiv"))["facets"]
    assert facets["GPE"][0] == {"canonical": "Ukraine", "count": 2}
    assert {"canonical": "Kyiv", "count": 1} in facets["GPE"]
    assert sorted(facets) == ["GPE", "LOC", "ORG", "PERSON"]
    assert facets["ORG"] == [{"canonical": "AC/DC", "count": 1}]


def test_source_filter_is_case_insensitive(index):
    assert sorted(ids(index.search(SearchRequest(source="Reuters.com")))) == ["grain-deal", "summit"]


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


def test_the_deepest_page_the_api_allows_answers(index):
    for collapse in (True, False):
        body = index.search(SearchRequest(limit=MAX_LIMIT, offset=MAX_OFFSET, collapse=collapse))
        assert body["hits"] == [] and body["total"] == 4


def test_get_returns_the_article_with_entities_and_removed_lines(index):
    stored = index.get("kyiv-talks")
    assert stored["text"].startswith("President Volodymyr Zelensky")
    assert stored["removed"] == [{"text": "Share this article", "rule": "share-buttons"}]
    assert {e["canonical"] for e in stored["entities"]} == {"Volodymyr Zelensky", "Kyiv", "Ukraine"}
    assert set(stored) >= {"id", "title", "url", "source", "published", "entity_summary", "tagged_at"}
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


# -- the HTTP bodies -----------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"q": ["grain"]},
    {"q": [""], "entity": ["PERSON:Volodymyr Zelensky"]},
    {"label": ["GPE"], "since": ["2024-03-01"], "limit": ["1"]},
])
def test_search_bodies_validate_against_the_spec(spec, index, params):
    status, body = search_response(index, params)
    assert status == 200
    assert body["total"] > 0 and body["facets"]
    validator(spec, "SearchResponse").validate(body)


def test_article_and_health_bodies_validate(spec, index):
    status, body = article_response(index, "kyiv-talks")
    assert status == 200
    validator(spec, "Article").validate(body)
    status, body = health_response(index)
    assert (status, body["documents"], body["status"]) == (200, 4, "ok")
    validator(spec, "Health").validate(body)
    assert article_response(index, "missing")[0] == 404


def test_a_bad_query_is_a_400_on_the_api(index):
    status, body = search_response(index, {"q": ["(grain"]})
    assert status == 400
    assert "expected ')'" in body["error"]


# -- stories: copies collapsed ---------------------------------------------------------------

def test_copies_collapse_under_their_original(stories):
    body = stories.search(SearchRequest(q="ceasefire"))
    assert ids(body) == ["afp-kremlin"]       # the French copy matches via its title's word too
    hit = body["hits"][0]
    assert (hit["story_id"], hit["duplicate_of"], hit["copies"]) == ("afp-kremlin", None, 2)
    assert hit["score"] > 0 and "<b>ceasefire</b>" in hit["snippet"]  # the original's own score and snippet
    assert (body["total"], body["articles"]) == (1, 2)


def test_the_original_shows_its_story_even_when_a_copy_ranks_higher(stories):
    # copy-en says "Kremlin" twice: it outranks the original, which still shows the story
    body = stories.search(SearchRequest(q="kremlin officials"))
    assert ids(body)[0] == "afp-kremlin"
    assert sorted(ids(body)) == ["afp-kremlin", "old-kremlin", "other-kremlin"]
    assert body["total"] == 3 and body["articles"] == 5


def test_when_only_a_copy_matches_the_copy_shows_the_story(stories):
    body = stories.search(SearchRequest(q="rejette"))
    assert ids(body) == ["copy-fr"]
    hit = body["hits"][0]
    assert hit["score"] > 0 and hit["snippet"].startswith("Le Kremlin")  # its own text (matched in the title)
    assert (hit["story_id"], hit["duplicate_of"], hit["copies"], hit["language"]) == \
        ("afp-kremlin", "afp-kremlin", 2, "fr")


def test_collapse_none_makes_every_article_a_hit(stories):
    body = stories.search(SearchRequest(q="ceasefire", collapse=False))
    assert sorted(ids(body)) == ["afp-kremlin", "copy-en"]
    assert body["total"] == body["articles"] == 2
    assert {hit["id"]: hit["copies"] for hit in body["hits"]} == {"afp-kremlin": 2, "copy-en": 2}
    assert {hit["id"]: hit["duplicate_of"] for hit in body["hits"]} == {"afp-kremlin": None,
                                                                        "copy-en": "afp-kremlin"}


def test_without_q_stories_are_newest_first_by_their_newest_article(stories):
    body = stories.search(SearchRequest())
    # other-kremlin 05-08; the wire story's newest article is copy-en (05-07), shown by its original
    assert ids(body) == ["other-kremlin", "afp-kremlin", "old-kremlin"]
    assert (body["total"], body["articles"]) == (3, 5)


def test_an_old_message_without_story_id_is_its_own_story(stories):
    hit = next(h for h in stories.search(SearchRequest(q="archive"))["hits"])
    assert (hit["id"], hit["story_id"], hit["duplicate_of"], hit["copies"], hit["language"]) == \
        ("old-kremlin", "old-kremlin", None, 0, None)
    status, body = article_response(stories, "old-kremlin")
    assert status == 200
    assert (body["story_id"], body["duplicate_of"], body["copies"], body["copy_count"]) == \
        ("old-kremlin", None, [], 0)


def test_the_article_view_lists_the_storys_other_articles(spec, stories):
    status, body = article_response(stories, "afp-kremlin")
    assert status == 200
    validator(spec, "Article").validate(body)
    assert (body["story_id"], body["duplicate_of"], body["copy_count"]) == ("afp-kremlin", None, 2)
    assert [c["id"] for c in body["copies"]] == ["copy-en", "copy-fr"]  # newest first
    assert body["copies"][1] == {"id": "copy-fr", "title": "Le Kremlin rejette le plan de cessez-le-feu",
                                 "url": "https://example.org/copy-fr", "source": "lemonde.example",
                                 "published": "2024-05-06", "language": "fr", "duplicate_of": "afp-kremlin"}
    status, copy = article_response(stories, "copy-fr")
    assert (copy["story_id"], copy["duplicate_of"], copy["copy_count"]) == ("afp-kremlin", "afp-kremlin", 2)
    assert [c["id"] for c in copy["copies"]] == ["afp-kremlin", "copy-en"]  # the original first


def test_language_filter_and_facet(stories):
    french = stories.search(SearchRequest(languages=("fr",)))
    assert ids(french) == ["copy-fr"] and french["languages"] == [{"language": "fr", "count": 1}]
    either = stories.search(SearchRequest(languages=("fr", "de"), collapse=False))
    assert ids(either) == ["copy-fr"]
    every = stories.search(SearchRequest(collapse=False))
    assert every["languages"] == [{"language": "en", "count": 3}, {"language": "fr", "count": 1}]
    assert stories.search(SearchRequest(languages=("de",)))["total"] == 0


def test_collapsed_bodies_validate_against_the_spec(spec, stories):
    for params in ({"q": ["kremlin"]}, {"q": ["kremlin"], "collapse": ["none"]},
                   {"language": ["fr", "en"], "collapse": ["story"]}):
        status, body = search_response(stories, params)
        assert status == 200 and body["hits"]
        validator(spec, "SearchResponse").validate(body)


def many_stories() -> list:
    """Twelve stories: story 0 has 30 copies, the others 0 to 3; all mention "summit".
    Story n's articles are dated 2024-01-(n+1) so the order without q is known."""
    articles = []
    for n in range(12):
        copies = 30 if n == 0 else n % 4
        day = date(2024, 1, n + 1)
        articles.append(article(f"s{n:02d}", f"Summit story {n}", f"Summit report number {n}.", published=day))
        articles += [article(f"s{n:02d}-c{k:02d}", f"Summit story {n} copy", f"Summit report number {n}. Copy.",
                             published=day, copy_of=f"s{n:02d}") for k in range(copies)]
    return articles


@pytest.mark.parametrize("q", ["", "summit"])
def test_paging_over_collapsed_stories_sees_each_story_once(empty_index, q):
    assert write(empty_index, many_stories()) == {}
    pages, offset = [], 0
    while True:
        body = empty_index.search(SearchRequest(q=q, limit=5, offset=offset))
        assert (body["total"], body["articles"]) == (12, 12 + 30 + sum(n % 4 for n in range(1, 12)))
        if not body["hits"]:
            break
        pages += body["hits"]
        offset += 5
    assert sorted(hit["id"] for hit in pages) == [f"s{n:02d}" for n in range(12)]  # originals, once each
    assert {hit["id"]: hit["copies"] for hit in pages}["s00"] == 30
    if not q:
        assert [hit["id"] for hit in pages] == [f"s{n:02d}" for n in reversed(range(12))]
    whole = empty_index.search(SearchRequest(q=q, limit=12))
    assert ids(whole) == [hit["id"] for hit in pages]
