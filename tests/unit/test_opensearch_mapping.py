"""The OpenSearch backend's pure parts: the template, the document, the version, the bulk
chunks. (Its behaviour against a real node is in tests/integration/test_opensearch_*.py.)"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from services.index import opensearch_index as osi
from services.index.schema import INDEX_SCHEMA_VERSION
from tests.unit.index_fixtures import article, corpus, old_message


def test_template_has_the_english_analyzer_and_keyword_facets():
    body = osi.template_body("news", shards=3, replicas=1)
    assert body["index_patterns"] == ["news"]
    settings, mapping = body["template"]["settings"], body["template"]["mappings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 1)
    assert mapping["dynamic"] == "strict"
    fields = mapping["properties"]
    assert fields["text"]["analyzer"] == fields["title"]["analyzer"] == "english"
    assert fields["entity_value"]["type"] == "keyword"
    assert fields["source"]["normalizer"] == "lowercase_keyword"
    assert fields["payload"]["enabled"] is False


def test_document_fields_match_the_mapping_and_keep_the_article():
    doc = osi.to_source(corpus()[2])
    assert set(doc) <= set(osi.template_body("x", 1, 0)["template"]["mappings"]["properties"])
    assert doc["entity_label"] == ["ORG", "PERSON"]
    assert "PERSON\x1fOlaf Scholz" in doc["entity_value"]
    assert doc["published"] == "2024-02-20"
    assert "text" not in doc["payload"] and doc["payload"]["url"] == "https://example.org/summit"


def test_an_untitled_article_shows_its_first_words():
    doc = osi.to_source(article("t", None, "First line of the story\nsecond line"))
    assert doc["payload"]["display_title"] == "First line of the story"


def test_the_version_is_tagged_at_in_microseconds():
    a = article("v", "V", "v").model_copy(update={"tagged_at": datetime(2025, 1, 2, 3, 4, 5, 678901, timezone.utc)})
    assert osi.version_of(a) == 1735787045678901


def test_bulk_requests_stay_under_the_byte_limit(monkeypatch):
    monkeypatch.setattr(osi, "MAX_BULK_BYTES", 3000)
    articles = [article(f"a{n}", "T", "word " * 300) for n in range(5)]  # ~1.6 KB of text each
    chunks = list(osi._chunks(articles))
    assert [len(c) for c in chunks] == [1, 1, 1, 1, 1]
    action, source = chunks[0][0][1].decode().splitlines()
    assert json.loads(action)["index"]["version_type"] == "external"
    assert json.loads(source)["id"] == "a0"
    monkeypatch.setattr(osi, "MAX_BULK_BYTES", 10_000)
    assert [len(c) for c in osi._chunks(articles)] == [4, 1]


def test_story_copy_and_language_are_indexed_with_the_schema_version():
    mapping = osi.template_body("x", 1, 0)["template"]["mappings"]
    assert mapping["_meta"] == {"schema_version": INDEX_SCHEMA_VERSION}
    assert mapping["properties"]["story"]["type"] == mapping["properties"]["language"]["type"] == "keyword"
    copy = article("c", "C", "c", copy_of="o", language="FR")
    assert {k: osi.to_source(copy)[k] for k in ("story", "copy", "language")} == {
        "story": "o", "copy": True, "language": "fr"}
    old = osi.to_source(old_message(article("old", "O", "o")))
    assert {k: old[k] for k in ("story", "copy", "language")} == {"story": "old", "copy": False, "language": None}
