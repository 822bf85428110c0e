"""Near-duplicate detection: the precision rules of issue 16 on real articles, and state round-trips.

Stories: the seed AFP story (Xi's visit to Moscow) and an AP story (the Amelia Earhart search)
from the handbook's corpus; the added paragraphs, bylines and footers are written here.
"""
from __future__ import annotations

import io
import json
import random
import subprocess

import pytest

from services.neardup.index import NearDuplicateIndex, Params
from services.neardup.jsonl import run_jsonl
from tests.support import HANDBOOK, NEWSFLOW, SEED

XI = [p for p in json.loads((SEED / "expected.json").read_text())["clean_text"].splitlines() if p.strip()]
EARHART = [line.strip() for line in
           (HANDBOOK / "corpus/pages/dragnet/gold/100.txt").read_text(encoding="utf-8").splitlines()
           if len(line.split()) >= 15]
BYLINE = "By Maria Jensen, Nordic Wire Service"
FOOTER = ("Copyright 2026 Nordic Wire Service. All rights reserved. This material may not be published, "
          "broadcast, rewritten or redistributed without the written permission of the agency.")


def page(paragraphs: list[str], header: str = "Home | World | Europe", byline: str = BYLINE,
         footer: str = FOOTER) -> str:
    return "\n".join([header, byline, *paragraphs, footer])


def test_the_stories_are_long_enough_for_the_rules():
    assert len(XI) >= 15 and len(EARHART) >= 10


def test_a_first_article_is_no_copy_and_a_wire_copy_with_other_boilerplate_and_edits_is():
    index = NearDuplicateIndex()
    assert index.add("afp", page(XI)) is None
    edited = [p.replace('"', "\u201c").replace(" said", " says") for p in XI]
    edited[3] = edited[3] + " " + edited[4]  # two paragraphs merged
    del edited[4], edited[-1]                # and the last one cut
    copy = page(edited, header="The Evening Courier | News", byline="AFP", footer="Subscribe to our newsletter")
    assert index.add("courier", copy) == "afp"


def test_a_brief_made_of_the_first_paragraphs_is_a_copy():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    assert index.add("brief", page(XI[:3], header="Briefs | World", byline="Staff and agencies")) == "afp"


def test_a_brief_arriving_first_is_the_story_and_the_full_story_is_its_copy():
    index = NearDuplicateIndex()
    assert index.add("brief", page(XI[:2])) is None
    assert index.add("afp", page(XI, header="Another Site")) == "brief"


def test_an_update_with_paragraphs_added_is_a_copy():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    new_top = ("Chinese President Xi Jinping arrived in Moscow on Wednesday for a four-day state visit, "
               "the Kremlin said, as Russia prepares for its largest military parade in years.")
    new_end = ("Officials in Kyiv said on Wednesday evening that they had seen no sign of the truce taking "
               "effect along the front line, where shelling continued through the night.")
    update = page([new_top, *XI, new_end], header="UPDATED | World")
    assert index.add("afp-update", update) == "afp"


def test_a_story_quoting_two_paragraphs_of_another_is_not_a_copy():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    quoting = page([EARHART[0], f"As AFP reported: \u201c{XI[0]}", f"{XI[1]}\u201d", EARHART[1], EARHART[2]],
                   header="Science | Aviation", byline="By Lee Park")
    assert index.candidates(quoting) == ["afp"]  # the quote is found, and verification rejects it
    assert index.add("earhart", quoting) is None


def test_quoting_the_two_paragraphs_a_brief_is_made_of_is_still_not_a_copy():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    assert index.add("brief", page(XI[:2])) == "afp"
    quoting = [EARHART[0], f"\u201c{XI[0]}", f"{XI[1]}\u201d", *EARHART[1:3]]
    # the quoting story contains all of the brief, but not the story's fullest version
    assert index.add("earhart", page(quoting, header="Opinion")) is None


def test_a_story_sharing_a_byline_and_a_footer_with_another_is_not_a_copy():
    index = NearDuplicateIndex()
    assert index.add("xi", page(XI[:3])) is None
    assert index.add("earhart", page(EARHART[:2])) is None


def test_short_stories_sharing_a_byline_and_a_long_footer_are_not_copies():
    # their only sentence-like line is the footer, so the LSH proposes the pair: verification decides
    index = NearDuplicateIndex()
    first = page(["Xi Jinping lands in Moscow for talks with Putin.", "The visit lasts four days."])
    second = page(["Earhart search ship heads back to Hawaii.", "No wreckage was found."])
    assert index.add("xi-short", first) is None
    assert index.candidates(second) == ["xi-short"]
    assert index.add("earhart-short", second) is None


def test_a_copy_of_a_copy_points_at_the_first_article_of_the_story():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    index.add("other", page(EARHART))
    assert index.add("brief", page(XI[:4])) == "afp"
    assert index.add("wire", page(XI[:-2], header="Wire")) == "afp"
    assert index.duplicate_of("wire") == "afp" and index.duplicate_of("afp") is None


def test_a_line_recurring_across_stories_stops_counting_as_content():
    footer = ("This story was produced by the Nordic Wire Service newsroom and edited by the world desk, "
              "which you can reach at any hour with corrections, tips and questions about our reporting.")
    index = NearDuplicateIndex()
    for n, story in enumerate([XI[:5], XI[5:10], EARHART[:4]]):
        index.add(f"story{n}", page(story, footer=footer))
    # a fourth story that is little more than that footer and a byline is not a copy of any of them
    assert index.add("short", page(["Markets were closed on Monday for the holiday."], footer=footer)) is None
    assert index._is_boilerplate(next(iter(_line_keys(footer))))


def _line_keys(text: str):
    from services.neardup.text import split_lines

    return [line.key for line in split_lines(text)]


def test_adding_an_id_again_changes_nothing():
    index = NearDuplicateIndex()
    index.add("afp", page(XI))
    assert index.add("brief", page(XI[:3])) == "afp"
    assert index.add("brief", "anything else") == "afp"
    assert index.add("afp", page(EARHART)) is None
    assert len(index) == 2


def _stream() -> list[tuple[str, str]]:
    rng = random.Random(7)
    articles = [("afp", page(XI)), ("ap", page(EARHART)), ("afp-brief", page(XI[:3], header="Briefs")),
                ("ap-update", page([*EARHART, "The group said it would return next year."], header="AP+"))]
    for n in range(20):  # other stories under the same boilerplate, so some lines become boilerplate
        words = [rng.choice(XI[rng.randrange(len(XI))].split()) for _ in range(60)]
        articles.append((f"other{n}", page([" ".join(words[:30]), " ".join(words[30:])])))
    return articles


def test_saved_and_loaded_state_gives_the_same_answers(tmp_path):
    stream = _stream()
    index = NearDuplicateIndex()
    answers = {article_id: index.add(article_id, text) for article_id, text in stream}
    assert answers["afp-brief"] == "afp" and answers["ap-update"] == "ap"
    index.save(tmp_path / "neardup.jsonl")

    restored = NearDuplicateIndex.load(tmp_path / "neardup.jsonl")
    assert list(restored.records()) == list(index.records())
    assert {a: restored.duplicate_of(a) for a in answers} == answers
    later = [("afp-wire", page(XI[:-1], header="Wire")), ("ap-brief", page(EARHART[:2])),
             ("new", page(["A story nobody has told before, about a quiet village that voted to rename "
                           "its only street after the baker who has fed it for forty years."]))]
    assert [restored.add(a, t) for a, t in later] == [index.add(a, t) for a, t in later] == ["afp", "ap", None]


def test_records_restore_in_any_order_but_not_with_gaps():
    index = NearDuplicateIndex()
    for article_id, text in _stream():
        index.add(article_id, text)
    records = list(index.records())
    shuffled = records[:]
    random.Random(1).shuffle(shuffled)
    assert list(NearDuplicateIndex.from_records(shuffled).records()) == records
    with pytest.raises(ValueError, match="not contiguous"):
        NearDuplicateIndex.from_records(records[:2] + records[3:])


def test_parameters_travel_with_the_saved_state(tmp_path):
    index = NearDuplicateIndex(Params(containment=0.9, shingle_words=3))
    index.add("afp", page(XI))
    index.save(tmp_path / "state.jsonl")
    assert NearDuplicateIndex.load(tmp_path / "state.jsonl").params == index.params


def test_jsonl_answers_each_line_and_reports_bad_ones():
    lines = [json.dumps({"id": "afp", "text": page(XI)}), "", json.dumps({"id": "brief", "text": page(XI[:3])}),
             "not json", json.dumps(["a list"]), json.dumps({"id": "x"}), json.dumps({"id": 5, "text": "t"})]
    out = io.StringIO()
    assert run_jsonl(io.StringIO("\n".join(lines) + "\n"), out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[:2] == [{"id": "afp", "duplicate_of": None}, {"id": "brief", "duplicate_of": "afp"}]
    assert [(r["id"], r["duplicate_of"], bool(r.get("error"))) for r in rows[2:]] == [
        (None, None, True), (None, None, True), ("x", None, True), (5, None, True)]


def test_newsflow_neardup_jsonl_command():
    lines = [{"id": "ap", "text": page(EARHART)}, {"id": "afp", "text": page(XI)},
             {"id": "afp-brief", "text": page(XI[:2], header="Briefs")}]
    result = subprocess.run([NEWSFLOW, "neardup", "--jsonl"], input="".join(json.dumps(x) + "\n" for x in lines),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"id": "ap", "duplicate_of": None}, {"id": "afp", "duplicate_of": None},
        {"id": "afp-brief", "duplicate_of": "afp"}]


def test_the_evaluation_set_is_deterministic_and_its_halves_share_no_source(monkeypatch):
    import importlib

    from tests.support import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    dataset = importlib.import_module("neardup_dataset")
    first, second = dataset.build(), dataset.build()
    assert first == second
    dev_sources = {row["source"] for row in first["dev"]}
    heldout_sources = {row["source"] for row in first["heldout"]}
    assert dev_sources and heldout_sources and not dev_sources & heldout_sources
    for rows in first.values():
        kinds = {row["kind"].split("-")[0] for row in rows}
        assert kinds == {"original", "wire", "brief", "update", "quote", "byline", "topic"}
        assert len({row["id"] for row in rows}) == len(rows)
