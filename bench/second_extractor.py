#!/usr/bin/env python3
"""Does a second main-text extractor find article text that trafilatura misses? (issue 15, HTML)

For every dragnet and CleanEval-dev page: ours (``clean_doc``, what ``newsflow clean --jsonl``
runs) and each candidate extractor, their outputs cached in a JSON file; then, scored with the
handbook's scorer (4-gram shingles, per-page means) on the article-sized dragnet pages without
comments against their body-only gold (clean_bench's proxy for news set A, with its halves and
site folds), on all dragnet pages and on CleanEval-dev:
  the candidate alone; ours; ours plus the candidate's lines that ours lacks (less than half of
  the line's 4-grams in ours' text) and that are in the gold (half of their 4-grams or more:
  the oracle union, an upper bound for any rule that picks among those lines); ours plus all of
  them (the naive union).
Speed: each candidate's CPU time per page against trafilatura.extract(favor_precision=True)'s,
interleaved page by page on the same pages (clean_bench's HTML reference).
With ``--rules``, for resiliparse (the only candidate whose oracle union gained 0.005 or more on
the proxy): general rules that add some of its missed lines to trafilatura's text before our line
rules run (a line is missed when less than half of its 4-grams are in trafilatura's text and
comments; it is added when it has MIN_WORDS words or more and a line both extractors hold lies
at most MAX_GAP lines before it and after it in resiliparse's output, or on either side; with a
gate, only on pages where trafilatura's text has fewer than GATE times resiliparse's words),
each scored after our line rules, beside ours without it.

Not part of ``make bench``, and its candidates are no project dependencies (the result was
negative: docs/experiments.md, "A second extractor"); to run it, in the project's venv:
    .venv/bin/pip install readability-lxml==0.9 resiliparse==2.0.1 boilerpy3==1.0.7 goose3==3.1.22
    .venv/bin/python bench/second_extractor.py [--cache FILE] [--speed-pages 150] [--rules]
"""
from __future__ import annotations

import argparse
import itertools
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

from clean_bench import article_pages, body_only, mean_scores
from handbook import REPO, TOOLS

sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(REPO))
import score_cleaning  # noqa: E402

PAGES = TOOLS.parent / "corpus" / "pages"
logging.disable(logging.CRITICAL)


def resiliparse_text(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False)


def readability_text(html: str) -> str:
    from readability import Document

    return score_cleaning.page_text(Document(html).summary(html_partial=True))


def boilerpy3_text(html: str) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False).get_content(html)


_GOOSE = None


def goose3_text(html: str) -> str:
    global _GOOSE
    if _GOOSE is None:
        from goose3 import Goose

        _GOOSE = Goose({"enable_image_fetching": False, "use_meta_language": True})
    return _GOOSE.extract(raw_html=html).cleaned_text


CANDIDATES = {"resiliparse": resiliparse_text, "readability": readability_text,
              "boilerpy3": boilerpy3_text, "goose3": goose3_text}


def ours_text(html: str) -> str:
    from services.clean.jsonl import clean_doc

    try:
        return clean_doc({"html": html})["text"]
    except Exception:  # noqa: BLE001 - a page ours rejects keeps nothing, as the scorer counts it
        return ""


def safe(extract, html: str) -> str:
    try:
        return extract(html) or ""
    except Exception:  # noqa: BLE001 - a candidate that fails on a page keeps nothing there
        return ""


def corpus(name: str) -> dict[str, tuple[str, str]]:
    folder = PAGES / name
    return {f"{name}/{g.stem}": (score_cleaning.read(folder / "input" / f"{g.stem}.html"),
                                 score_cleaning.gold_text(score_cleaning.read(g)))
            for g in sorted((folder / "gold").glob("*.txt"))}


def outputs(pages: dict[str, tuple[str, str]], cache: Path | None) -> dict[str, dict[str, str]]:
    """Ours' and each candidate's text for every page; with ``cache``, read from and kept in
    that file (delete it after changing the cleaner)."""
    out = json.loads(cache.read_text()) if cache and cache.exists() else {}
    for key, (html, _) in pages.items():
        row = out.setdefault(key, {})
        if "ours" not in row:
            row["ours"] = ours_text(html)
        for name, extract in CANDIDATES.items():
            if name not in row:
                row[name] = safe(extract, html)
    if cache:
        cache.write_text(json.dumps(out))
    return out


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def share_in(line: str, grams) -> float:
    own = score_cleaning.shingles(line)
    return sum(n for g, n in own.items() if g in grams) / max(1, sum(own.values()))


def extra_lines(ours: str, theirs: str) -> list[str]:
    """The candidate's lines that ours lacks: less than half of their 4-grams in ours' text."""
    have = score_cleaning.shingles(ours)
    return [line for line in lines(theirs) if share_in(line, have) < 0.5]


def variants(gold: str, ours: str, theirs: str) -> dict[str, tuple[float, float]]:
    extra = extra_lines(ours, theirs)
    in_gold = score_cleaning.shingles(gold)
    oracle = [line for line in extra if share_in(line, in_gold) >= 0.5]
    return {"alone": score_cleaning.precision_recall(gold, theirs),
            "oracle union": score_cleaning.precision_recall(gold, "\n".join([ours, *oracle])),
            "naive union": score_cleaning.precision_recall(gold, "\n".join([ours, *extra]))}


def speed(pages: list[str]) -> dict[str, float]:
    """Each candidate's CPU time over trafilatura.extract(favor_precision=True)'s, page by page."""
    import trafilatura

    spent = dict.fromkeys(["trafilatura", *CANDIDATES], 0.0)
    for extract in CANDIDATES.values():  # warm-up: imports, first-call set-up
        safe(extract, pages[0])
    trafilatura.extract(pages[0])
    for html in pages:
        start = time.process_time()
        trafilatura.extract(html, favor_precision=True)
        spent["trafilatura"] += time.process_time() - start
        for name, extract in CANDIDATES.items():
            start = time.process_time()
            safe(extract, html)
            spent[name] += time.process_time() - start
    return {name: spent[name] / spent["trafilatura"] for name in CANDIDATES}


_WORD = re.compile(r"\w+")


def grams(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)] or ([tuple(tokens)] if tokens else [])


def add_missed(text: str, comments: str, other: str, min_words: int, max_gap: int, both_sides: bool) -> str:
    """``text`` with the lines of ``other`` it misses that pass the rule (see the docstring),
    each put after the line of ``text`` that holds the last 4-gram of the nearest held line
    before it (or before the one after it)."""
    first = text.split("\n")
    first_tokens = [_WORD.findall(line.lower()) for line in first]
    known_tokens = [t for tokens in first_tokens for t in tokens] + _WORD.findall(comments.lower())
    known, known_text = set(grams(known_tokens)), f" {' '.join(known_tokens)} "
    lines = [" ".join(line.split()) for line in other.split("\n") if line.strip()]
    tokens = [_WORD.findall(line.lower()) for line in lines]
    held = [f" {' '.join(t)} " in known_text if len(t) < 4 else sum(g in known for g in grams(t)) >= len(grams(t)) / 2
            for t in tokens]
    line_of: dict[tuple[str, ...], int] = {}
    for index, own in enumerate(first_tokens):
        for gram in grams(own):
            line_of.setdefault(gram, index)
    after: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        if held[index] or len(tokens[index]) < min_words:
            continue
        before = next((j for j in range(index - 1, max(-1, index - 1 - max_gap), -1) if held[j]), None)
        behind = next((j for j in range(index + 1, min(len(lines), index + 1 + max_gap)) if held[j]), None)
        if (before is None or behind is None) if both_sides else (before is None and behind is None):
            continue
        if before is not None:
            anchor = next((line_of[g] for g in reversed(grams(tokens[before])) if g in line_of), None)
        else:
            anchor = next((line_of[g] - 1 for g in grams(tokens[behind]) if g in line_of), None)
        if anchor is not None:
            after.setdefault(anchor, []).append(line)
    out = after.get(-1, [])
    for index, line in enumerate(first):
        out += [line, *after.get(index, [])]
    return "\n".join(out)


def rule_rows(dragnet: dict, cleaneval: dict, sets: dict[str, dict[str, str]]) -> None:
    """Ours with each rule's lines added before the line rules, against ours (see the docstring)."""
    from services.clean.cleaner import body_of, clean_extracted, clean_lines
    from services.clean.features import split_lines
    from services.clean.html import extract
    from services.clean.jsonl import ingested
    from services.clean.rules import is_english

    prepared = {}
    for key, (raw, _) in {**dragnet, **cleaneval}.items():
        article = ingested({"html": raw})
        page = extract(article.html)
        prepared[key] = (page, resiliparse_text(article.html), is_english(article.language))

    def cleaned(key: str, rule) -> str:
        page, other, english = prepared[key]
        text = page.text
        if page.from_extractor and rule is not None:
            min_words, max_gap, both_sides, gate = rule
            if gate is None or len(_WORD.findall(text)) < gate * len(_WORD.findall(other)):
                text = add_missed(text, page.comments, other, min_words, max_gap, both_sides)
        lines = split_lines(text)
        kept, removed = (clean_extracted(lines, page.teasers, english) if page.from_extractor
                         else clean_lines(lines, english))
        return "\n".join(body_of(kept, removed, page.headline))

    rules = [None, *itertools.product((4, 8, 20), (1, 2, 5), (True, False), (None,)),
             *itertools.product((8,), (2,), (True, False), (0.3, 0.5, 0.7))]
    print("\nresiliparse's missed lines added before our line rules (F1; P/R on the whole proxy)")
    print(f"{'rule (min words, max gap, sides, gate)':<40}" + "".join(f"{label[:14]:>15}" for label in sets))
    for rule in rules:
        scores = {label: mean_scores([score_cleaning.precision_recall(g, cleaned(k, rule)) for k, g in golds.items()])
                  for label, golds in sets.items()}
        name = "ours" if rule is None else f"{rule[0]}, {rule[1]}, {'both' if rule[2] else 'either'}, {rule[3]}"
        whole = scores["proxy all"]
        print(f"{name:<40}" + "".join(f"{s['F1']:>15.4f}" for s in scores.values())
              + f"   P {whole['P']:.4f} R {whole['R']:.4f}")


def require_candidates() -> None:
    """Stop, naming the install line, when a candidate is missing (``safe`` would score it as
    keeping nothing)."""
    import importlib

    for module in ("resiliparse", "readability", "boilerpy3", "goose3"):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise SystemExit(f"{exc}: install the candidates first (see this script's docstring)") from exc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, help="keep the outputs in this JSON file between runs")
    ap.add_argument("--speed-pages", type=int, default=150)
    ap.add_argument("--rules", action="store_true", help="also score the add-back rules (see above)")
    args = ap.parse_args()
    require_candidates()
    dragnet, cleaneval = corpus("dragnet"), corpus("cleaneval-dev")
    out = outputs({**dragnet, **cleaneval}, args.cache)

    with tempfile.TemporaryDirectory() as tmp:
        folder, parts = article_pages(PAGES / "dragnet", Path(tmp))
        body = body_only(PAGES / "dragnet", folder, Path(tmp))
        body_gold = {f"dragnet/{g.stem}": score_cleaning.gold_text(score_cleaning.read(g))
                     for g in sorted((body / "gold").glob("*.txt"))}
    sets = {f"proxy {part}": {f"dragnet/{n}": body_gold[f"dragnet/{n}"] for n in names}
            for part, names in parts.items()}
    sets["dragnet all (article gold)"] = {k: gold for k, (_, gold) in dragnet.items()}
    whole = {k: gold for k, (_, gold) in dragnet.items()}
    sets["dragnet half A"] = dict(list(whole.items())[0::2])
    sets["dragnet half B"] = dict(list(whole.items())[1::2])
    sets["cleaneval-dev"] = {k: gold for k, (_, gold) in cleaneval.items()}

    print(f"{'set':<30} {'cleaner':<12} {'variant':<13} {'P':>7} {'R':>7} {'F1':>7}  gain")
    for label, golds in sets.items():
        ours = mean_scores([score_cleaning.precision_recall(g, out[k]["ours"]) for k, g in golds.items()])
        print(f"{label:<30} {'ours':<12} {'':<13} {ours['P']:>7.4f} {ours['R']:>7.4f} {ours['F1']:>7.4f}")
        for name in CANDIDATES:
            per_page = {k: variants(g, out[k]["ours"], out[k][name]) for k, g in golds.items()}
            for variant in ("alone", "oracle union", "naive union"):
                s = mean_scores([v[variant] for v in per_page.values()])
                gain = f"{s['F1'] - ours['F1']:+.4f}" if variant != "alone" else ""
                print(f"{label:<30} {name:<12} {variant:<13} {s['P']:>7.4f} {s['R']:>7.4f} {s['F1']:>7.4f}  {gain}")

    if args.rules:
        rule_rows(dragnet, cleaneval, sets)
    subset = [html for html, _ in list(dragnet.values())[: args.speed_pages]]
    print(f"\nCPU time per page / trafilatura.extract(favor_precision=True)'s ({len(subset)} dragnet pages, "
          "interleaved page by page)")
    for name, ratio in speed(subset).items():
        print(f"{name:<12} {ratio:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
