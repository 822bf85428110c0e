"""Entity F1 on text written in capitals: the dev sets with some lines upper-cased.

Real news puts names in capitals in headlines, datelines and tables, and the tagger re-cases
such lines before the model reads them (services/tag/casing.py). None of the dev sets has many
shouted lines, so this bench makes them: in every document of a dev set (bench/ner_eval.py's
loading), the first non-empty line (a news article's headline; a UNER document's first
sentence) and every ``EVERY``-th non-empty line after it are upper-cased. Upper-casing keeps
each character's position (a character whose capital is longer, as "ß" -> "SS", is left as it
is), so the gold offsets stay valid; this is checked for every document.

The bare model and the tag service then run on the original and on the shouted texts, and
both are scored (ner_eval's labels and span rules) on the mentions inside the shouted lines
only, gold and predicted alike: "original" is the score those mentions get when written as
the author wrote them, "shouted" when in capitals. A second column scores the first line alone
(the headline). Every dev part is reported on its own; part D (never tuned on) only with
``--part-d``.

    .venv/bin/python bench/shouted_eval.py [--part-d]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ner_eval  # noqa: E402

# The first non-empty line and every EVERY-th one after it are upper-cased.
EVERY = 3
_LINE = re.compile(r"[^\n]*\S[^\n]*")


def upper_same_length(text: str) -> str:
    """``text`` in capitals, each character kept where its capital is not one character."""
    return "".join(c if len(c.upper()) != 1 else c.upper() for c in text)


def shout(text: str, every: int = EVERY) -> tuple[str, list[tuple[int, int]]]:
    """(text with the chosen lines upper-cased, (start, end) of those lines; the first is the
    first line)."""
    lines = list(_LINE.finditer(text))[::every]
    chars = list(text)
    regions = []
    for line in lines:
        chars[line.start():line.end()] = upper_same_length(line.group())
        regions.append((line.start(), line.end()))
    shouted = "".join(chars)
    if len(shouted) != len(text):
        raise AssertionError("upper-casing changed the text's length")
    return shouted, regions


def inside(spans: set, regions: list[tuple[int, int]]) -> set:
    return {span for span in spans if any(start <= span[0] and span[1] <= end for start, end in regions)}


def dev_parts(with_part_d: bool) -> list[tuple[str, list, dict, tuple]]:
    news = ner_eval.load_news()
    half = len(news) // 2
    uner = ner_eval.load_iob2()
    uner_half = len(uner) // 2
    conll, uner_labels = ("PER", "LOC", "ORG", "MISC"), ("PER", "LOC", "ORG")
    parts = [
        ("news half A", news[:half], ner_eval.CONLL, conll),
        ("news half B", news[half:], ner_eval.CONLL, conll),
        ("news part C", ner_eval.load_news(ner_eval.NEWS_DEV_C), ner_eval.CONLL, conll),
        ("UNER dev half A", uner[:uner_half], ner_eval.UNER, uner_labels),
        ("UNER dev half B", uner[uner_half:], ner_eval.UNER, uner_labels),
    ]
    if with_part_d:
        parts.append(("news part D (untuned)", ner_eval.load_news(ner_eval.NEWS_DEV_D), ner_eval.CONLL, conll))
    return parts


def evaluate_part(nlp, tagger, docs: list, mapping: dict, labels: tuple) -> list[dict]:
    """One row per (text version, system): scores on the shouted lines' mentions."""
    texts = [text for text, _ in docs]
    shouted, regions = zip(*(shout(text) for text in texts))
    gold = [inside(spans, r) for (_, spans), r in zip(docs, regions)]
    for text, loud, spans in zip(texts, shouted, gold):
        for start, end, _ in spans:
            assert loud[start:end] == upper_same_length(text[start:end]), (text[start:end], loud[start:end])
    gold_head = [inside(spans, r[:1]) for (_, spans), r in zip(docs, regions)]
    rows = []
    for version, version_texts in (("original", texts), ("shouted", list(shouted))):
        bare, ours = ner_eval.predict(nlp, tagger, version_texts, mapping)
        for system, predicted in (("bare", bare), ("ours", ours)):
            in_lines = [inside(p, r) for p, r in zip(predicted, regions)]
            in_head = [inside(p, r[:1]) for p, r in zip(predicted, regions)]
            rows.append({"version": version, "system": system, **ner_eval.score(gold, in_lines),
                         "headline": ner_eval.score(gold_head, in_head),
                         "labels": {label: ner_eval.score(gold, in_lines, label) for label in labels}})
    return rows


def format_part(name: str, rows: list[dict]) -> str:
    lines = [f"{name} (mentions in shouted lines: {rows[0]['gold']}, in first lines: "
             f"{rows[0]['headline']['gold']})"]
    for row in rows:
        labels = "  ".join(f"{label} {s['f1']:.3f}" for label, s in row["labels"].items())
        lines.append(f"  {row['version']:8s} {row['system']:4s}  P {row['precision']:.3f} R {row['recall']:.3f} "
                     f"F1 {row['f1']:.3f}  first line F1 {row['headline']['f1']:.3f}  {labels}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from services.tag.tagger import Tagger

    tagger = Tagger()
    for name, docs, mapping, labels in dev_parts("--part-d" in argv):
        print(format_part(name, evaluate_part(tagger.nlp, tagger, docs, mapping, labels)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
