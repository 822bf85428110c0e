"""Build the news NER dev set's JSONL files from their hand-written mentions.

Four files, scored apart (docs/tagging.md, "The news dev set"): news_ner_dev.* (halves A and B,
both used for tuning the tagger), news_ner_dev_c.* (part C, annotated later and blind, tuned on from
the fifth round), news_ner_dev_d.* (part D, annotated after C, never tuned on) and
news_ner_dev_e.* (part E, from another source: the handbook's CleanEval-dev gold pages, never
tuned on).
The texts are the handbook's dragnet gold pages (real news pages' main text), which stay in the
handbook: the repository holds only the annotations. bench/data/news_ner_dev.mentions lists,
(and news_ner_dev_c.mentions, news_ner_dev_d.mentions, news_ner_dev_e.mentions) per article, each name as ``LABEL MENTION [@occurrences]`` (CoNLL-2003 labels); this script
finds every mention in the text and writes one line per article:
``{"file": "R13.txt", "entities": [[start, end, "ORG"], ...]}``.

How the text is read (the bench reads it the same way, ``read_page``): UTF-8 with undecodable
bytes replaced (the handbook's ``score_cleaning.read`` does the same), and newlines
translated (``Path.read_text``: the gold files have CRLF line ends; the tagger sees ``\\n``).
The dragnet gold has no URL header or ``<p>`` markers, so ``score_cleaning.gold_text`` would
not change it. Offsets are Python string (code point) offsets into that text.

Matching: case-sensitive, whole words; a word joined by a hyphen to another word is not a
whole word ("Murdoch-owned", "Calif.-based" are not names). Longer mentions are placed first;
an occurrence inside an already placed mention is skipped. ``@2,3`` keeps only those
occurrences (1-based, counted over every whole-word occurrence). Every mention line must
place at least one span, and every span's text is checked against its mention.

    .venv/bin/python bench/news_ner_build.py            # write every JSONL file
    .venv/bin/python bench/news_ner_build.py --review   # also list capitalised words left out
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

from handbook import CORPUS, TOOLS

DATA = Path(__file__).resolve().parent / "data"
MENTIONS = DATA / "news_ner_dev.mentions"
JSONL = DATA / "news_ner_dev.jsonl"
MENTIONS_C = DATA / "news_ner_dev_c.mentions"
JSONL_C = DATA / "news_ner_dev_c.jsonl"
MENTIONS_D = DATA / "news_ner_dev_d.mentions"
JSONL_D = DATA / "news_ner_dev_d.jsonl"
MENTIONS_E = DATA / "news_ner_dev_e.mentions"
JSONL_E = DATA / "news_ner_dev_e.jsonl"
SETS = ((MENTIONS, JSONL), (MENTIONS_C, JSONL_C), (MENTIONS_D, JSONL_D))
GOLD = CORPUS / "pages" / "dragnet" / "gold"
GOLD_E = CORPUS / "pages" / "cleaneval-dev" / "gold"
SCORE_CLEANING = TOOLS / "score_cleaning.py"
LABELS = ("PER", "LOC", "ORG", "MISC")


def read_page(name: str, gold: Path = GOLD) -> str:
    """A dragnet gold page as the bench and the tagger see it."""
    return (gold / name).read_text(encoding="utf-8", errors="replace")


def _score_cleaning():
    spec = importlib.util.spec_from_file_location("score_cleaning", SCORE_CLEANING)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_cleaneval_page(name: str, gold: Path = GOLD_E) -> str:
    """A CleanEval-dev gold page as the handbook's score_cleaning reads it (the part E text)."""
    score_cleaning = _score_cleaning()
    return score_cleaning.gold_text(score_cleaning.read(gold / name))


def parse_mentions(path: Path = MENTIONS) -> dict[str, list[tuple[str, str, list[int] | None]]]:
    """{file: [(label, mention, occurrences or None)]} in file order."""
    articles: dict[str, list] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            name = line[1:].strip()
            if name.endswith(".txt") and " " not in name:
                if name in articles:
                    raise ValueError(f"line {number}: {name} twice")
                current = articles[name] = []
            continue
        label, _, rest = line.partition(" ")
        if label not in LABELS or current is None:
            raise ValueError(f"line {number}: bad line {line!r}")
        occurrences = None
        match = re.fullmatch(r"(.+?) @([\d,]+)", rest)
        if match:
            rest, occurrences = match.group(1), [int(n) for n in match.group(2).split(",")]
        current.append((label, rest, occurrences))
    return articles


def occurrences_of(text: str, mention: str, wrapped: bool = False) -> list[tuple[int, int]]:
    """Whole-word occurrences; ``wrapped``: a space in the mention matches any whitespace run."""
    body = re.escape(mention)
    if wrapped:
        body = r"\s+".join(re.escape(word) for word in mention.split(" "))
    pattern = r"(?<![\w-])(?<!\w-)" + body + r"(?!\w)(?!-\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def spans_of(text: str, mentions: list[tuple[str, str, list[int] | None]],
             wrapped: bool = False) -> list[tuple[int, int, str]]:
    """Gold spans of one article, sorted; raises if a mention places nothing."""
    placed: list[tuple[int, int, str]] = []
    for label, mention, wanted in sorted(mentions, key=lambda m: -len(m[1])):
        found = occurrences_of(text, mention, wrapped)
        chosen = found if wanted is None else [found[n - 1] for n in wanted if n <= len(found)]
        if wanted is not None and len(chosen) != len(wanted):
            raise ValueError(f"{mention!r}: asked for occurrences {wanted}, found {len(found)}")
        added = 0
        for start, end in chosen:
            if any(start < e and s < end for s, e, _ in placed):
                if wanted is not None:
                    raise ValueError(f"{mention!r} occurrence at {start} is inside another mention")
                continue
            assert " ".join(text[start:end].split()) == mention if wrapped else text[start:end] == mention
            placed.append((start, end, label))
            added += 1
        if not added:
            raise ValueError(f"{mention!r} ({label}) not found outside longer mentions")
    return sorted(placed)


def build(mentions_path: Path = MENTIONS, gold: Path = GOLD, cleaneval: bool = False) -> list[dict]:
    """Rows of one mentions file; ``cleaneval``: part E's pages, read and matched as above."""
    reader = read_cleaneval_page if cleaneval else read_page
    rows = []
    for name, mentions in parse_mentions(mentions_path).items():
        try:
            spans = spans_of(reader(name, gold), mentions, wrapped=cleaneval)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
        rows.append({"file": name, "entities": [list(span) for span in spans]})
    return rows


def uncovered_capitals(text: str, spans) -> list[str]:
    """Capitalised words outside every gold span (for reviewing the annotation, not scoring)."""
    covered = [(s, e) for s, e, _ in spans]
    return [m.group() for m in re.finditer(r"\b[A-Z][\w'’.&-]*", text)
            if not any(s <= m.start() < e for s, e in covered)]


def main() -> int:
    for mentions, jsonl, cleaneval in [(*pair, False) for pair in SETS] + [(MENTIONS_E, JSONL_E, True)]:
        rows = build(mentions, GOLD_E if cleaneval else GOLD, cleaneval)
        jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        counts = {label: sum(1 for row in rows for *_, lab in row["entities"] if lab == label) for label in LABELS}
        print(f"{len(rows)} articles, {sum(counts.values())} entities {counts} -> {jsonl}")
        if "--review" in sys.argv:
            for row in rows:
                text = read_cleaneval_page(row["file"]) if cleaneval else read_page(row["file"])
                print(row["file"], " ".join(sorted(set(uncovered_capitals(text, row["entities"])))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
