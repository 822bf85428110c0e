"""Ingest's pure logic: decoding, formats, normalisation, the leading date, stable ids."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from services.ingest.dedup import RecentlySeen
from services.ingest.normalise import canonical_url, ingest, normalise_text, split_leading_date
from shared.deadletter import Rejected
from tests.support import SEED

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
LIMIT = 1_000_000


def test_seed_article_gets_its_date_and_keeps_its_body():
    article = ingest((SEED / "article.txt").read_bytes(), NOW, LIMIT)
    assert article.published == date(2025, 5, 4)
    assert article.text.startswith("The visit coincides with heightened tensions")
    assert article.text.endswith("|Subscribe Free To Our Daily Newsletters")
    assert article.received_at == NOW


def test_same_text_gets_the_same_id_and_changed_text_another():
    a = ingest(b"Line one of the story.\nLine two.", NOW, LIMIT)
    b = ingest(b"  Line one of the  story.\r\n\r\nLine two.  ", NOW, LIMIT)
    c = ingest(b"Line one of the story.\nLine three.", NOW, LIMIT)
    assert a.id == b.id and a.content_hash == b.content_hash
    assert c.id != a.id


def test_id_comes_from_the_canonical_url_when_there_is_one():
    first = ingest(json.dumps({"url": "HTTPS://Example.com/a/?utm_source=x#top", "text": "v1"}).encode(), NOW, LIMIT)
    second = ingest(json.dumps({"url": "https://example.com/a", "text": "v2 updated"}).encode(), NOW, LIMIT)
    assert first.id == second.id
    assert first.content_hash != second.content_hash
    assert first.url == "https://example.com/a"


def test_html_payload_is_kept_as_html():
    article = ingest(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", NOW, LIMIT)
    assert article.html.startswith("<!DOCTYPE html>") and article.text is None


@pytest.mark.parametrize("payload, reason, words", [
    (b"", "empty", "empty"),
    (b"   \n ", "empty", "empty"),
    (b"{not json", "invalid_json", "invalid JSON"),
    (b'{"title": "x"}', "contract_violation", "non-empty 'text' or 'html'"),
    (b'{"text": "x", "colour": "red"}', "contract_violation", "colour"),
    (b'{"text": "x", "published": "yesterday"}', "contract_violation", "published"),
    (b"caf\xe9", "invalid_utf8", "position 3"),
    (b"x" * (LIMIT + 1), "too_large", "exceeds the limit"),
])
def test_bad_payloads_are_rejected_with_a_reason(payload, reason, words):
    with pytest.raises(Rejected) as caught:
        ingest(payload, NOW, LIMIT)
    assert caught.value.reason == reason
    assert words in caught.value.detail


def test_normalise_text_nfc_controls_and_blank_lines():
    assert normalise_text("Cafe\u0301\x07  au\u00a0lait\n\n\n  next ") == "Caf\u00e9 au lait\nnext"


def test_leading_date_only_when_it_is_a_real_date():
    assert split_leading_date(" date 2025-05-04 Body") == (date(2025, 5, 4), "Body")
    assert split_leading_date("date 2025-13-40 Body") == (None, "date 2025-13-40 Body")
    assert split_leading_date("Body date 2025-05-04") == (None, "Body date 2025-05-04")


def test_canonical_url_drops_tracking_and_fragment():
    assert canonical_url("http://A.com/x/?b=2&a=1&utm_medium=m#f") == "http://a.com/x?a=1&b=2"


def test_recently_seen_is_bounded_and_detects_repeats():
    seen = RecentlySeen(capacity=2)
    assert not seen.check_and_add("a", "1")
    assert seen.check_and_add("a", "1")
    assert not seen.check_and_add("a", "2")
    assert not seen.check_and_add("b", "1")
    assert not seen.check_and_add("a", "1")  # evicted by capacity 2
