"""Bad input ends in news.deadletter with a reason and its origin; the next article still goes through."""
from __future__ import annotations

import asyncio
import json

from tests.support import consume_all, eventually

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
