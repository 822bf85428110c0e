"""Property tests: any bytes give ingest a result or a named rejection, and any text gives the
cleaner a result or a named refusal; never an unexpected exception, never a hang (hypothesis'
deadline fails an example that takes too long)."""
from __future__ import annotations

import codecs
import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.clean.cleaner import CleaningError, clean_html, clean_text
from services.ingest.language import load_detector
from services.ingest.normalise import ingest
from shared.deadletter import Rejected

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
INGEST_REASONS = {"empty", "too_large", "invalid_json", "contract_violation", "invalid_utf8", "invalid_encoding",
                  "json_not_an_object", "json_too_deep", "not_text", "unsupported_schema_version"}
FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)
article_fields = st.fixed_dictionaries({}, optional={
    "title": st.text(max_size=80) | st.none(), "text": st.text(max_size=400), "html": st.text(max_size=400),
    "url": st.text(max_size=80), "source": st.text(max_size=30), "published": st.text(max_size=30),
    "language": st.text(max_size=5), "charset": st.text(max_size=20)})
encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "cp1251", "shift_jis", "gb18030", "latin-1"])
tags = st.sampled_from(["div", "p", "span", "a", "li", "ul", "article", "script", "style", "h1", "table", "td", "br"])
html_fragments = st.lists(st.one_of(st.text(max_size=60), tags.map(lambda t: f"<{t}>"), tags.map(lambda t: f"</{t}>"),
                                    st.just("<meta charset='windows-1252'>"), st.just("<!--"), st.just("&amp;")),
                          max_size=60).map("".join)


@pytest.fixture(scope="module", autouse=True)
def _language_detector_loaded():
    """Ingest's language detector loads on first use (~2 s): not any one example's time."""
    load_detector()


def _ingest_ends_named(payload: bytes) -> None:
    try:
        article = ingest(payload, NOW, 1_000_000)
    except Rejected as rejected:
        assert rejected.reason in INGEST_REASONS, rejected.reason
        assert rejected.detail
        return
    assert article.id and (article.text or article.html)
    assert article.model_dump_json()  # the output can be produced


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_end_as_an_article_or_a_named_rejection(payload):
    _ingest_ends_named(payload)


@FUZZ
@given(article_fields.map(json.dumps) | json_values.map(json.dumps))
def test_any_json_ends_as_an_article_or_a_named_rejection(document):
    _ingest_ends_named(document.encode())


@FUZZ
@given(st.text(max_size=1000), encodings, st.booleans())
def test_any_text_in_any_encoding_ends_as_an_article_or_a_named_rejection(text, encoding, bom):
    try:
        payload = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if bom and encoding == "utf-8":
        payload = codecs.BOM_UTF8 + payload
    _ingest_ends_named(payload)


@FUZZ
@given(html_fragments)
def test_any_markup_ends_as_an_article_or_a_named_rejection(markup):
    _ingest_ends_named(("<html><body>" + markup).encode())


@FUZZ
@given(st.text(max_size=2000))
def test_the_cleaner_takes_any_text(text):
    try:
        result = clean_text(text)
    except CleaningError as refused:
        assert refused.reason
        return
    assert isinstance(result.text, str) and result.empty == (not result.text.strip())


@FUZZ
@given(html_fragments)
def test_the_cleaner_takes_any_markup(markup):
    try:
        result = clean_html("<html><body>" + markup + "</body></html>")
    except CleaningError as refused:
        assert refused.reason
        return
    assert isinstance(result.text, str)
