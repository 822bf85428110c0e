"""The search API handlers: status codes, bodies that match docs/openapi.yaml, and a 400
with a message naming the problem for every kind of bad input."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.index.api import article_response, health_response, search_response
from services.index.query import KNOWN_PARAMS, QueryError, parse_search_params
from services.index.search_index import ArticleIndex
from tests.unit.index_fixtures import corpus

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(OPENAPI.read_text())


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    with ArticleIndex(tmp_path_factory.mktemp("api") / "index") as opened:
        opened.upsert_batch(corpus())
        yield opened


def validator(spec: dict, name: str) -> Draft202012Validator:
    """Validate against components/schemas/<name>, resolving the spec's internal $refs."""
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(spec, DRAFT202012))
    return Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry)


def test_openapi_documents_every_route(spec):
    assert spec["openapi"].startswith("3.1")
    assert {"/search", "/articles/{id}", "/health", "/metrics"} <= set(spec["paths"])
    documented = {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert documented == set(KNOWN_PARAMS) == {"q", "entity", "label", "source", "language", "since", "until",
                                               "collapse", "limit", "offset"}


def test_spec_rejects_a_body_missing_facets(spec, index):
    _, body = search_response(index, {"q": ["grain"]})
    del body["facets"]
    assert not validator(spec, "SearchResponse").is_valid(body)


def test_article_and_health_bodies_validate(spec, index):
    status, body = article_response(index, "kyiv-talks")
    assert status == 200
    validator(spec, "Article").validate(body)
    status, body = health_response(index)
    assert (status, body["documents"], body["status"]) == (200, 4, "ok")
    validator(spec, "Health").validate(body)


def test_unknown_article_is_404(index):
    status, body = article_response(index, "missing")
    assert status == 404
    assert "missing" in body["error"]


def test_search_without_parameters_lists_newest_first(index):
    status, body = search_response(index, {})
    assert status == 200
    assert [hit["published"] for hit in body["hits"]] == ["2024-03-05", "2024-03-01", "2024-02-20", None]


def test_parsed_parameters(index):
    request = parse_search_params({
        "q": [" grain "], "entity": ["GPE:Ukraine", "Star Wars: Andor"], "label": ["person"],
        "source": ["bbc.co.uk"], "since": ["2024-01-01"], "until": ["2024-12-31"],
        "limit": ["25"], "offset": ["50"]})
    assert request.q == "grain"
    assert [(e.label, e.canonical) for e in request.entities] == [("GPE", "Ukraine"), (None, "Star Wars: Andor")]
    assert request.labels == ("PERSON",)
    assert (request.limit, request.offset) == (25, 50)
    assert request.collapse is True and request.languages == ()
    assert str(request.since) == "2024-01-01" and str(request.until) == "2024-12-31"


def test_language_and_collapse_parameters():
    request = parse_search_params({"language": ["FR", " en ", "fr"], "collapse": ["none"]})
    assert request.languages == ("fr", "en") and request.collapse is False
    assert parse_search_params({"collapse": ["story"]}).collapse is True
    assert parse_search_params({"collapse": [""]}).collapse is True


@pytest.mark.parametrize("params, named", [
    ({"q": ['"unbalanced']}, "unbalanced double quote"),
    ({"q": ['title:"no end']}, "unbalanced double quote"),
    ({"q": ["nosuchfield:grain"]}, "nosuchfield"),
    ({"q": ["payload:grain"]}, "payload"),
    ({"q": ["(grain"]}, "expected ')'"),
    ({"q": ["x" * 10_000]}, "q is 10000 characters long"),
    ({"q": ["grain " * 200]}, "at most 1000"),
    ({"limit": ["-1"]}, "limit must be from 1 to 100, got -1"),
    ({"limit": ["0"]}, "limit must be from 1 to 100"),
    ({"limit": [str(10**9)]}, "limit must be from 1 to 100, got 1000000000"),
    ({"limit": ["ten"]}, "limit must be an integer"),
    ({"offset": ["-5"]}, "offset must be from 0 to 10000"),
    ({"offset": ["10001"]}, "offset must be from 0 to 10000"),
    ({"since": ["yesterday"]}, "since must be a date as YYYY-MM-DD, got 'yesterday'"),
    ({"until": ["2024-02-30"]}, "until is not a valid date"),
    ({"until": ["24-1-1"]}, "until must be a date as YYYY-MM-DD"),
    ({"since": ["2024-05-01"], "until": ["2024-04-01"]}, "since (2024-05-01) is after until"),
    ({"entity": [":"]}, "entity must be"),
    ({"entity": ["PERSON:"]}, "entity must be"),
    ({"entity": [f"n{i}" for i in range(11)]}, "at most 10 entity filters"),
    ({"label": ["not a label"]}, "label must be an entity label"),
    ({"source": [""]}, "source must be"),
    ({"limit": ["5", "6"]}, "'limit' may be given only once"),
    ({"page": ["2"]}, "unknown parameter(s): page"),
    ({"language": ["french"]}, "language must be an ISO 639-1 code"),
    ({"language": ["e1"]}, "language must be an ISO 639-1 code"),
    ({"language": [f"{a}{b}" for a in "ab" for b in "abcdefghijk"]}, "at most 20 language filters"),
    ({"collapse": ["yes"]}, "collapse must be one of story, none"),
    ({"collapse": ["none", "story"]}, "'collapse' may be given only once"),
])
def test_bad_input_is_a_400_naming_the_problem(index, params, named):
    status, body = search_response(index, params)
    assert status == 400
    assert named in body["error"]


def test_error_messages_stay_short_for_huge_input(index):
    _, body = search_response(index, {"q": ["(" * 999]})
    assert len(body["error"]) < 400


def test_parse_raises_query_error_not_other_exceptions():
    with pytest.raises(QueryError):
        parse_search_params({"offset": ["1e3"]})


def test_article_id_bounds(index):
    assert article_response(index, "")[0] == 400
    assert article_response(index, "x" * 201)[0] == 400


@pytest.mark.parametrize("since, until", [("0001-01-01", "9999-12-31"), ("1500-06-01", "2300-01-01")])
def test_dates_beyond_what_the_index_holds_mean_every_date(index, since, until):
    status, body = search_response(index, {"since": [since], "until": [until]})
    every_dated = search_response(index, {"since": ["1678-01-01"], "until": ["2261-12-31"]})[1]["total"]
    assert status == 200 and body["total"] == every_dated > 0
