"""Ingest's pure logic: decoding, formats, normalisation, the leading date, stable ids."""
from __future__ import annotations

import codecs
import json
import re
from datetime import date, datetime, timezone

import pytest

from services.ingest.dedup import RecentlySeen
from services.ingest.normalise import canonical_url, decode, ingest, normalise_text, split_leading_date
from shared.deadletter import Rejected
from tests.support import HANDBOOK, SEED

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
    ('{"text": "caf\xe9"}'.encode("latin-1"), "invalid_utf8", "RFC 8259"),
    (b"[1, 2, 3]", "json_not_an_object", "JSON array"),
    (b'[{"text": "one article"}, {"text": "another"}]', "json_not_an_object", "JSON array"),
    (b"42", "json_not_an_object", "JSON number"),
    (b"null", "json_not_an_object", "JSON null"),
    (b" true\n", "json_not_an_object", "JSON boolean"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "json_too_deep", "nested too deeply"),
    (b"[" * 100_000 + b"]" * 100_000, "json_too_deep", "nested too deeply"),
    ("\u00a0\u2003\u3000\n\u00a0".encode(), "empty", "whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "not_text", "binary"),
    (b"\xff\xfe" + b"\x00\xd8", "invalid_encoding", "utf-16-le"),
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


# -- real-world bytes: a BOM, then the declared charset, then UTF-8, then detection

FRENCH = "Le président a déclaré aujourd’hui que les négociations reprendront à Genève — « lundi »."


@pytest.mark.parametrize("payload, encoding", [
    (FRENCH.encode("cp1252"), "cp1252"),
    (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF8 + FRENCH.encode(), "utf-8"),
    (FRENCH.encode(), "utf-8"),
])
def test_bare_text_is_read_in_its_encoding(payload, encoding):
    article = ingest(payload, NOW, LIMIT)
    assert article.text == FRENCH
    assert article.encoding == encoding


def test_html_is_read_in_the_charset_its_meta_declares():
    page = (f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
            f"</head><body><p>{FRENCH}</p></body></html>").encode("cp1252")
    article = ingest(page, NOW, LIMIT)
    assert FRENCH in article.html and article.encoding == "cp1252"


def test_a_declared_latin1_is_read_as_windows_1252_as_browsers_do():
    page = f"<?xml version='1.0' encoding='ISO-8859-1'?><html><body><p>{FRENCH}</p></body></html>".encode("cp1252")
    article = ingest(page, NOW, LIMIT)
    assert FRENCH in article.html and article.encoding == "cp1252"


def test_a_wrong_declaration_falls_back_to_what_the_bytes_are():
    page = f"<html><head><meta charset='utf-8'></head><body><p>{FRENCH}</p></body></html>".encode("cp1252")
    assert FRENCH in ingest(page, NOW, LIMIT).html


@pytest.mark.parametrize("text, encoding", [
    ("Президент России заявил сегодня, что переговоры продолжатся на следующей неделе в Москве.", "cp1251"),
    ("Ο πρωθυπουργός δήλωσε σήμερα ότι οι διαπραγματεύσεις θα συνεχιστούν την επόμενη εβδομάδα.", "cp1253"),
    ("首相は本日、交渉は来週東京で続けられると述べた。" * 2, "shift_jis"),
])
def test_undeclared_legacy_encodings_are_detected(text, encoding):
    article = ingest(text.encode(encoding), NOW, LIMIT)
    assert article.text == text and article.encoding == codecs.lookup(encoding).name


def test_utf8_with_a_stray_byte_stays_utf8():
    text = ("Zürich – “quoted” — café. " * 10).encode() + b"\x97 and the rest."
    article = ingest(text, NOW, LIMIT)
    assert article.encoding == "utf-8" and article.text.startswith("Zürich – “quoted”")


def test_a_json_article_records_the_charset_its_producer_read():
    article = ingest(json.dumps({"text": FRENCH, "charset": "windows-1252"}).encode(), NOW, LIMIT)
    assert article.encoding == "windows-1252" and article.text == FRENCH


def test_every_non_utf8_page_and_text_of_the_handbook_is_read_without_replacement_characters():
    pages = HANDBOOK / "corpus" / "pages"
    read = 0
    for path in sorted(pages.glob("*/*/*")):
        payload = path.read_bytes()
        try:
            payload.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        text, encoding = decode(payload, 10**8)
        broken = text.count("\ufffd")
        assert broken <= 2, f"{path}: {broken} replacement characters reading it as {encoding}"
        assert not re.search("[\u3400-\u9fff\uac00-\ud7af]", text), f"{path} read as CJK ({encoding})"
        read += 1
    assert read >= 30
