"""Bad input ends in news.deadletter with a reason and its origin; the next article still goes through."""
from __future__ import annotations

import asyncio
import base64
import codecs
import json
import subprocess
import time
from datetime import datetime, timezone

import httpx

from services.ingest.normalise import ingest
from shared.client.partitions import end_offsets, read_to_end
from shared.contracts import DeadLetter
from shared.deadletter import Rejected
from tests.support import NEWSFLOW, SERVICES, consume_all, eventually, read_since

FRENCH = "Le président a déclaré aujourd’hui que les négociations reprendront à Genève — « lundi » — après l’accord."
LISBON = "Officials in Lisbon said the harbour reopened on Tuesday after repairs, {}. The port expects normal traffic."
DEEP_HTML = b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>"

# Each kind of odd payload and how it must end: dead-lettered with its reason, indexed, or
# kept as an empty article (news.tagged, not searchable).
KINDS = {
    "truncated JSON": (b'{"title": "broken", "text": ', "invalid_json"),
    "JSON without a body": (json.dumps({"title": "no body"}).encode(), "contract_violation"),
    "JSON with a bad date": (json.dumps({"text": "x", "published": "not a date"}).encode(), "contract_violation"),
    "JSON with an unknown field": (json.dumps({"text": "x", "colour": "red"}).encode(), "contract_violation"),
    "JSON with a lone surrogate": (b'{"text": "a lone \\ud800 surrogate"}', "contract_violation"),
    "nothing": (b"", "empty"),
    "ASCII whitespace": (b"  \n\t ", "empty"),
    "Unicode whitespace": ("\u00a0\u2003\u3000\n".encode(), "empty"),
    "5 MB of text": (b"A very long article. " * (5 * 1024 * 1024 // 21 + 1), "too_large"),
    "12.7 MB of text (its dead letter is truncated)": (b"x" * 12_700_000, "too_large"),
    "a JSON array": (b'[{"text": "one"}, {"text": "two"}]', "json_not_an_object"),
    "a JSON number": (b"42", "json_not_an_object"),
    "JSON null": (b"null", "json_not_an_object"),
    "a JSON boolean": (b"true", "json_not_an_object"),
    "JSON nested 10^5 deep": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "json_too_deep"),
    "JSON in Latin-1": ('{"text": "caf\xe9 au lait"}'.encode("latin-1"), "invalid_utf8"),
    "binary data": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "not_text"),
    "a broken UTF-16 BOM text": (b"\xff\xfe\x00\xd8", "invalid_encoding"),
    "HTML nested 10^5 deep": (DEEP_HTML, "html_too_deep"),
    "windows-1252 text": ((FRENCH + " " + LISBON.format("cp1252")).encode("cp1252"), "indexed"),
    "UTF-16 text with a BOM": (codecs.BOM_UTF16_LE + (FRENCH + " " + LISBON.format("utf16")).encode("utf-16-le"),
                               "indexed"),
    "HTML declaring windows-1252": ((f"<html><head><meta charset='windows-1252'><title>Gen\xe8ve</title></head>"
                                     f"<body><article><p>{FRENCH}</p><p>{LISBON.format('meta')}</p></article>"
                                     "</body></html>").encode("cp1252"), "indexed"),
    "broken HTML": ((f"<html><body><p>Unclosed <b>tags <div><table><tr><td>{LISBON.format('broken')}</p>"
                     "</body").encode(), "indexed"),
    "text with control characters": ((FRENCH + "\x00\x07\n" + LISBON.format("controls") + "\x1b[0m").encode(),
                                     "indexed"),
    "only boilerplate": (json.dumps({"title": "Only boilerplate", "text":
                                     "Related Links\n|Subscribe Free To Our Daily Newsletters\n|"}).encode(), "empty article"),
}


def test_each_odd_payload_ends_exactly_once_named_and_counted(pipeline):
    starts = {t: asyncio.run(end_offsets(pipeline.bootstrap, t)) for t in ("news.deadletter", "news.tagged")}
    sent = dict(zip(KINDS, pipeline.push(*(payload for payload, _ in KINDS.values()))))
    now = datetime.now(timezone.utc)
    ids = {}
    for kind, (payload, _) in KINDS.items():
        try:
            ids[kind] = ingest(payload, now, 2 * 1024 * 1024).id
        except Rejected:
            ids[kind] = None

    def letters_of(kind, letters):
        partition, offset = sent[kind]
        return [m for m in letters if (m["origin"]["topic"], m["origin"]["partition"], m["origin"]["offset"])
                == ("news.raw", partition, offset) or (ids[kind] and m["origin"]["key"] == ids[kind])]

    def indexed(kind):
        return ids[kind] is not None and httpx.get(f"{pipeline.search_url}/articles/{ids[kind]}", timeout=10).status_code == 200

    expected_letters = [k for k, (_, e) in KINDS.items() if e not in ("indexed", "empty article")]
    eventually(lambda: all(letters_of(k, asyncio.run(read_since(pipeline.bootstrap, "news.deadletter",
                                                               starts["news.deadletter"]))) for k in expected_letters),
               timeout=180, interval=2, what="a dead letter for every bad payload")
    eventually(lambda: all(indexed(k) for k, (_, e) in KINDS.items() if e == "indexed"), timeout=180,
               what="every readable payload indexed")
    time.sleep(2)  # a second dead letter or output for the same payload would arrive by now
    letters = asyncio.run(read_since(pipeline.bootstrap, "news.deadletter", starts["news.deadletter"]))
    tagged = asyncio.run(read_since(pipeline.bootstrap, "news.tagged", starts["news.tagged"]))

    for kind, (payload, expected) in KINDS.items():
        mine = letters_of(kind, letters)
        outputs = [m for m in tagged if m["id"] == ids[kind]]
        if expected == "indexed":
            assert not mine, f"{kind}: dead-lettered as {[m['reason'] for m in mine]}"
            assert len(outputs) == 1 and not outputs[0]["empty"], f"{kind}: {len(outputs)} outputs"
            assert indexed(kind)
        elif expected == "empty article":
            assert not mine and len(outputs) == 1 and outputs[0]["empty"], f"{kind}: {mine} {outputs}"
            assert not indexed(kind), f"{kind}: an empty article is searchable"
        else:
            assert [m["reason"] for m in mine] == [expected], f"{kind}: {[m['reason'] for m in mine]}"
            assert not outputs and not indexed(kind), f"{kind}: dead-lettered and also passed on"
            letter = DeadLetter.model_validate(mine[0])
            if letter.service != "ingest":  # a later stage's letter carries the message it read
                assert json.loads(letter.payload())["id"] == ids[kind]
                continue
            assert letter.payload_size == len(payload)
            if letter.payload_truncated:
                assert payload.startswith(letter.payload()) and "truncated" in letter.detail
            else:
                assert letter.payload() == payload
    assert DeadLetter.model_validate(letters_of("12.7 MB of text (its dead letter is truncated)", letters)[0]).payload_truncated

    counted = {}
    for service in ("ingest", "clean"):
        for line in pipeline.metrics_text(service).splitlines():
            if line.startswith("newsflow_deadletters_total{"):
                reason = line.split('reason="')[1].split('"')[0]
                counted[reason] = counted.get(reason, 0) + float(line.rsplit(" ", 1)[1])
    for reason in {e for _, e in KINDS.values()} - {"indexed", "empty article"}:
        assert counted.get(reason, 0) >= 1, f"no newsflow_deadletters_total for {reason}"
    for service in SERVICES:
        assert pipeline.services[service].process.poll() is None, f"{service} died"


def test_replayed_dead_letters_come_back_through_ingest(pipeline):
    (partition, offset), = pipeline.push(b"{replay me")
    is_letter = lambda m: m["origin"]["topic"] == "news.raw" and m["reason"] == "invalid_json"  # noqa: E731
    where = lambda m: (m["origin"]["partition"], m["origin"]["offset"])  # noqa: E731
    asyncio.run(consume_all(pipeline.bootstrap, "news.deadletter",
                            lambda ms: any(is_letter(m) and where(m) == (partition, offset) for m in ms)))
    before = asyncio.run(consume_all(pipeline.bootstrap, "news.deadletter", lambda ms: False, timeout=3))
    seen = {where(m) for m in before if is_letter(m)}

    replayed = subprocess.run([NEWSFLOW, "deadletters", "--replay", "--reason", "invalid_json"],
                              env=pipeline.env(), capture_output=True, text=True, timeout=60)
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed" in replayed.stderr

    count_before = sum(1 for m in before if is_letter(m))
    after = asyncio.run(consume_all(pipeline.bootstrap, "news.deadletter",
                                    lambda ms: sum(1 for m in ms if is_letter(m)) >= 2 * count_before))
    assert sum(1 for m in after if is_letter(m)) == 2 * count_before
    payloads = {m["payload_base64"] for m in after if is_letter(m) and where(m) not in seen}
    assert base64.b64encode(b"{replay me").decode() in payloads


def test_newsflow_push_reports_a_file_it_cannot_send_and_pushes_the_rest(pipeline, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    marker = f"push-{time.time_ns()}"
    (folder / "1-first.txt").write_text(f"{LISBON.format(marker + ' first')}\n{FRENCH}")
    (folder / "2-huge.txt").write_bytes(b"x" * (17 * 1024 * 1024))  # over the 16 MiB message limit
    (folder / "3-last.txt").write_text(f"{LISBON.format(marker + ' last')}\n{FRENCH}")
    since = asyncio.run(end_offsets(pipeline.bootstrap, "news.raw"))
    pushed = subprocess.run([NEWSFLOW, "push", "--quiet", str(folder)], env=pipeline.env(),
                            capture_output=True, text=True, timeout=120)
    assert pushed.returncode == 1, pushed.stderr
    assert "2-huge.txt: not sent" in pushed.stderr and "Traceback" not in pushed.stderr
    assert "pushed 2 of 3" in pushed.stderr
    raw = asyncio.run(_raw_since(pipeline.bootstrap, since))
    assert sum(marker.encode() in value for value in raw) == 2 and not any(len(v) > 16 * 1024 * 1024 for v in raw)


async def _raw_since(bootstrap: str, since: dict[int, int]) -> list[bytes]:
    return [r.value async for records in read_to_end(bootstrap, "news.raw", since=since) for r in records]
