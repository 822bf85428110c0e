"""The news NER dev set (bench/data/news_ner_dev*.jsonl) is well-formed over the handbook's texts."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import news_ner_build  # noqa: E402

# (mentions, jsonl, cleaneval): part E's texts are CleanEval-dev gold pages, read as score_cleaning reads them.
SETS = {"A+B": (*news_ner_build.SETS[0], False), "C": (*news_ner_build.SETS[1], False),
        "D": (*news_ner_build.SETS[2], False), "E": (news_ner_build.MENTIONS_E, news_ner_build.JSONL_E, True)}
# Parts D and E are small: their selection rules ran out of pages (docs/tagging.md, "Part D", "Part E").
FEWEST_ARTICLES = {"A+B": 39, "C": 15, "D": 11, "E": 5}


def read_rows(jsonl: Path) -> list[dict]:
    return [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module", params=list(SETS))
def mentions_and_rows(request) -> tuple[str, Path, list[dict], bool]:
    mentions, jsonl, cleaneval = SETS[request.param]
    return request.param, mentions, read_rows(jsonl), cleaneval


def test_spans_are_in_bounds_ordered_apart_and_labelled(mentions_and_rows):
    name, _, rows, cleaneval = mentions_and_rows
    assert len(rows) >= FEWEST_ARTICLES[name]
    assert len({row["file"] for row in rows}) == len(rows)
    for row in rows:
        text = (news_ner_build.read_cleaneval_page if cleaneval else news_ner_build.read_page)(row["file"])
        previous_end = 0
        for start, end, label in row["entities"]:
            assert label in {"PER", "LOC", "ORG", "MISC"}, row["file"]
            assert previous_end <= start < end <= len(text), (row["file"], start, end)
            span = text[start:end]
            assert span == span.strip() and (cleaneval or "\n" not in span), (row["file"], span)
            assert not (start and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum()), \
                (row["file"], span)
            previous_end = end


def test_offsets_are_what_the_mentions_file_gives(mentions_and_rows):
    """The JSONL is the build of the mentions file over the current texts: no stale offsets."""
    _, mentions, rows, cleaneval = mentions_and_rows
    gold = news_ner_build.GOLD_E if cleaneval else news_ner_build.GOLD
    assert news_ner_build.build(mentions, gold, cleaneval) == rows


def test_part_c_shares_no_page_with_halves_a_and_b():
    """Part C is a check nobody tuned on: none of its pages may be in the tuned halves."""
    tuned = {row["file"] for row in read_rows(news_ner_build.JSONL)}
    fresh = {row["file"] for row in read_rows(news_ner_build.JSONL_C)}
    assert len(tuned) == 39 and len(fresh) >= 15
    assert not tuned & fresh


def test_part_d_shares_no_page_with_halves_a_and_b_or_part_c():
    """Part D is the check nobody tuned on once part C is tuned on: no page of it may be in A, B or C."""
    earlier = {row["file"] for jsonl in (news_ner_build.JSONL, news_ner_build.JSONL_C) for row in read_rows(jsonl)}
    fresh = {row["file"] for row in read_rows(news_ner_build.JSONL_D)}
    assert len(earlier) == 39 + 19 and len(fresh) == 11
    assert not earlier & fresh


def test_every_mention_line_must_be_found(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.txt").write_bytes("Reading beat Fulham.\r\nMurdoch-owned papers; Reading fans.\r\n".encode())
    mentions = tmp_path / "m"
    mentions.write_text("# a.txt\nORG Reading @1\nORG Fulham\nPER Murdoch\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Murdoch"):  # a hyphenated compound is not a whole word
        news_ner_build.build(mentions, gold)
    mentions.write_text("# a.txt\nORG Reading @1\nORG Fulham\n", encoding="utf-8")
    assert news_ner_build.build(mentions, gold) == [
        {"file": "a.txt", "entities": [[0, 7, "ORG"], [13, 19, "ORG"]]}]


def test_part_e_text_is_the_cleaneval_gold_without_url_line_or_markers():
    """Part E reads a page as the handbook's score_cleaning.gold_text does: what the cleaning scores use."""
    raw = (news_ner_build.GOLD_E / "18.txt").read_bytes().decode("utf-8", errors="replace")
    text = news_ner_build.read_cleaneval_page("18.txt")
    assert raw.startswith("URL: http://bicycling.about.com") and "<p>" in raw
    assert not text.startswith("URL:") and "<p>" not in text and "<h>" not in text
    assert text.startswith("\n ")  # the URL line dropped, "<h>" replaced by one space: offsets keep
    assert len(text) == len(raw) - len(raw.split("\n", 1)[0]) - 1 - 2 * raw.count("<h>") - 2 * raw.count("<p>")


def test_part_e_names_are_found_across_hard_line_wraps(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "b.txt").write_bytes(b"URL: http://x\n<p>says Paula\r\n   Hall. Hall-based; Hall agrees.\n")
    mentions = tmp_path / "m"
    mentions.write_text("# b.txt\nPER Paula Hall\nPER Hall\n", encoding="utf-8")
    text = news_ner_build.read_cleaneval_page("b.txt", gold)
    assert text == " says Paula\r\n   Hall. Hall-based; Hall agrees.\n"
    rows = news_ner_build.build(mentions, gold, cleaneval=True)
    assert [text[s:e] for s, e, _ in rows[0]["entities"]] == ["Paula\r\n   Hall", "Hall"]
    with pytest.raises(ValueError, match="Paula Hall"):  # the dragnet parts match a mention's spaces exactly
        news_ner_build.build(mentions, gold)
