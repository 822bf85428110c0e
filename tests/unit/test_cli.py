"""The client's pure parts: what `newsflow push` reads from files and folders, how search renders."""
from __future__ import annotations

from services.cli import parser
from services.index.query import KNOWN_PARAMS, parse_search_params
from shared.client.push import payloads
from shared.client.search import render, request_params


def test_payloads_from_files_folders_and_json_lines(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"plain article")
    (tmp_path / "b.jsonl").write_bytes(b'{"text": "one"}\n\n{"text": "two"}\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_bytes(b"<html></html>")
    (tmp_path / ".hidden").write_bytes(b"skip me")
    got = [(where.split("/")[-1], payload) for where, payload in payloads([str(tmp_path)])]
    assert got == [("a.txt", b"plain article"), ("b.jsonl:1", b'{"text": "one"}'),
                   ("b.jsonl:3", b'{"text": "two"}'), ("c.html", b"<html></html>")]


def test_payloads_of_a_missing_path_raise():
    try:
        list(payloads(["/no/such/file"]))
    except FileNotFoundError as exc:
        assert "/no/such/file" in str(exc)
    else:
        raise AssertionError("no error for a missing path")


def test_render_shows_hits_plain_snippets_and_facets():
    body = {"total": 1, "hits": [{"id": "abc123", "title": "Talks in Moscow", "score": 1.5,
                                  "published": "2025-05-04", "snippet": "the <b>Kremlin</b> said &quot;no&quot;"}],
            "facets": {"PERSON": [{"canonical": "Xi", "count": 1}]}}
    text = render(body)
    assert "1 articles" in text and "Talks in Moscow" in text and "2025-05-04" in text
    assert 'the *Kremlin* said "no"' in text
    assert "PERSON: Xi (1)" in text


def test_search_options_match_the_api_parameters():
    args = parser().parse_args(["search", "tariffs", "--entity", "Donald Trump", "--entity", "GPE:China",
                                "--label", "ORG", "--label", "gpe", "--source", "afp.com",
                                "--since", "2025-01-01", "--until", "2025-12-31", "--limit", "5", "--offset", "10",
                                "--language", "fr", "--language", "EN", "--no-collapse"])
    sent: dict[str, list[str]] = {}
    for name, value in request_params(args):
        sent.setdefault(name, []).append(value)
    assert set(sent) == set(KNOWN_PARAMS)  # every API parameter has its option
    request = parse_search_params(sent)  # what the API makes of exactly what the client sends
    assert request.q == "tariffs" and request.limit == 5 and request.offset == 10
    assert [str(e) for e in request.entities] == ["Donald Trump", "GPE:China"]
    assert request.labels == ("ORG", "GPE") and request.source == "afp.com"
    assert str(request.since) == "2025-01-01" and str(request.until) == "2025-12-31"
    assert request.languages == ("fr", "en") and request.collapse is False
    default = parser().parse_args(["search", "tariffs"])
    assert parse_search_params(_grouped(request_params(default))).collapse is True


def _grouped(params: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        grouped.setdefault(name, []).append(value)
    return grouped


def test_render_shows_stories_copies_and_languages():
    body = {"total": 1, "articles": 3, "hits": [{"id": "afp1", "title": "Kremlin", "score": 2.0, "copies": 2,
                                                 "published": "2025-05-04", "snippet": ""}],
            "facets": {}, "languages": [{"language": "en", "count": 2}, {"language": "fr", "count": 1}]}
    text = render(body)
    assert "3 articles in 1 story" in text and "(+2 copies)" in text and "languages: en (2), fr (1)" in text
