"""Bad input ends in news.deadletter with a reason and its origin; the next article still goes through."""
from __future__ import annotations

import asyncio
import base64
import json
import subprocess
from datetime import datetime, timezone

from services.ingest.normalise import ingest
from tests.support import NEWSFLOW, consume_all, eventually

BAD = {
    "invalid_json": b'{"title": "broken", "text": ',
    "contract_violation": json.dumps({"title": "no body", "published": "not a date"}).encode(),
    "empty": b"",
    "invalid_utf8": b"Caf\xe9 au lait in a Latin-1 article body " * 10,
    "too_large": b"A very long article. " * (5 * 1024 * 1024 // 21 + 1),
}


def test_each_bad_payload_is_dead_lettered_with_reason_and_origin(pipeline):
    sent = dict(zip(BAD, pipeline.push(*BAD.values())))
    follow_up = json.dumps({"title": "Follow-up after bad input",
                            "text": "Officials in Lisbon said the harbour reopened on Tuesday after repairs. "
                                    "The port authority expects normal traffic by the weekend."}).encode()
    pipeline.push(follow_up)

    def all_arrived(letters):
        origins = {(m["origin"]["partition"], m["origin"]["offset"]) for m in letters
                   if m["origin"]["topic"] == "news.raw"}
        return all(where in origins for where in sent.values())

    letters = asyncio.run(consume_all(pipeline.bootstrap, "news.deadletter", all_arrived))
    by_origin = {(m["origin"]["partition"], m["origin"]["offset"]): m for m in letters
                 if m["origin"]["topic"] == "news.raw"}
    for reason, (partition, offset) in sent.items():
        letter = by_origin.get((partition, offset))
        assert letter, f"no dead letter for the {reason} payload at news.raw[{partition}]@{offset}"
        assert letter["reason"] == reason
        assert letter["service"] == "ingest"
        assert f"news.raw[{partition}]@{offset}" in letter["detail"]
        assert letter["payload_size"] == len(BAD[reason])

    hit = eventually(lambda: pipeline.search(q="Lisbon harbour").json()["hits"], what="the follow-up indexed")
    assert hit[0]["title"] == "Follow-up after bad input"


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


def test_articles_the_cleaner_cannot_use_get_a_clear_outcome_and_the_pipeline_goes_on(pipeline):
    all_boilerplate = json.dumps({"title": "Only boilerplate", "text":
                                  "Related Links\n|Subscribe Free To Our Daily Newsletters\n|"}).encode()
    deeply_nested = b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>"
    broken_html = b"<html><body><p>Unclosed <b>tags <div><table><tr><td>cell</p></body"
    pushed = pipeline.push(all_boilerplate, deeply_nested, broken_html)
    after = json.dumps({"title": "After the odd pages", "text":
                        "Engineers in Tallinn finished the new tram line on Friday, two months early. "
                        "The city council said the first trams will carry passengers next week."}).encode()
    pipeline.push(after)

    hit = eventually(lambda: pipeline.search(q="Tallinn tram").json()["hits"], what="the article after them indexed")
    assert hit[0]["title"] == "After the odd pages"

    cleaned = asyncio.run(consume_all(pipeline.bootstrap, "news.cleaned", lambda m: False, timeout=5))
    letters = asyncio.run(consume_all(pipeline.bootstrap, "news.deadletter", lambda m: False, timeout=3))
    boilerplate_article = [m for m in cleaned if m.get("title") == "Only boilerplate"]
    assert boilerplate_article and boilerplate_article[-1]["empty"] is True
    assert boilerplate_article[-1]["text"] == ""
    assert {r["rule"] for r in boilerplate_article[-1]["removed"]}

    # The nested and the broken page each end as a cleaned article or a dead letter with a reason.
    cleaned_ids = {m["id"] for m in cleaned}
    for payload, (partition, offset) in zip((deeply_nested, broken_html), pushed[1:]):
        article_id = ingest(payload, datetime.now(timezone.utc), 10**8).id
        reasons = [m["reason"] for m in letters if m["origin"]["key"] == article_id
                   or (m["origin"]["topic"], m["origin"]["partition"], m["origin"]["offset"]) == ("news.raw", partition, offset)]
        assert article_id in cleaned_ids or reasons, f"the page at news.raw[{partition}]@{offset} vanished"
    for service in ("ingest", "clean", "tag", "index"):
        assert pipeline.services[service].process.poll() is None, f"{service} died"
