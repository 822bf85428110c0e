"""The news NER dev set (bench/data/news_ner_dev.jsonl) is well-formed over the handbook's texts."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import news_ner_build  # noqa: E402


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    lines = (BENCH / "data" / "news_ner_dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_spans_are_in_bounds_ordered_apart_and_labelled(rows):
    assert len(rows) >= 35
    assert len({row["file"] for row in rows}) == len(rows)
    for row in rows:
        text = news_ner_build.read_page(row["file"])
        previous_end = 0
        for start, end, label in row["entities"]:
            assert label in {"PER", "LOC", "ORG", "MISC"}, row["file"]
            assert previous_end <= start < end <= len(text), (row["file"], start, end)
            span = text[start:end]
            assert span == span.strip() and "\n" not in span, (row["file"], span)
            assert not (start and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum()), \
                (row["file"], span)
            previous_end = end


def test_offsets_are_what_the_mentions_file_gives(rows):
    """The JSONL is the build of the mentions file over the current texts: no stale offsets."""
    assert news_ner_build.build() == rows


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
