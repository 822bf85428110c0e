#!/usr/bin/env python3
"""How far plain-text cleaning is from what the plain text allows, on the handbook's pages.

For each corpus, with the handbook's scorer (score_cleaning.py) on the same page text:
  ours            clean_text, in this process;
  line oracle     every paragraph (our ``blocks``) kept exactly when at least half of its
                  words' 4-grams are in the gold: about the best a line-by-line cleaner can do;
  one-run oracle  the single contiguous range of paragraphs that best matches the gold: about
                  the best a cleaner that keeps one run and nothing else can do;
and where ours loses: the share of the F1 gap to the line oracle on pages where ours scores
under 0.1 (the wrong part of the page kept), and the pages no plain-text cleaner can score
on (no visible text). On dragnet, whose gold is the article alone and whose readers' comments
are kept apart (comments/NAME.txt), how much of the comment text ours keeps, and how much it
removes as ``reader_comments``; on both corpora, ours with the lines it removed as
``reader_comments`` put back (CleanEval's gold keeps threads and forum posts as content: this
is what the comment policy costs there), and where ours loses the gold: each page's gold 4-grams
missing from its text, given to the removed lines (and so the rules) that hold them, as a share
of the page's gold, averaged over pages (the recall each rule costs), on all pages and on the two
halves (even / odd pages by name). Also ours on dragnet split by site (the domain in the page's og:url/canonical
link; fold = crc32(domain) % 2), a stricter check against rules fitted to the dev pages than
the even/odd halves, where pages of one site fall on both sides. Without such a link, the
domain most of the page's links point to stands in.

The oracles read the gold; the cleaner never does.

    .venv/bin/python bench/clean_ceiling.py            # part of make bench
"""
from __future__ import annotations

import statistics
import sys
import zlib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_bench import PAGES, TOOLS, site  # noqa: E402

sys.path.insert(0, str(TOOLS))
import score_cleaning as scorer  # noqa: E402

from services.clean.cleaner import clean_text, split_lines  # noqa: E402
from services.clean.features import TOKEN, blocks  # noqa: E402


def f1(scores: list[tuple[float, float]]) -> float:
    p = statistics.mean(s[0] for s in scores)
    r = statistics.mean(s[1] for s in scores)
    return 2 * p * r / (p + r) if p + r else 0.0


def gold_share(tokens: list[str], gold_grams: dict[int, set]) -> float:
    """Share of the paragraph's n-grams (n = 4, or its length if shorter) found in the gold."""
    if not tokens:
        return 0.0
    n = min(4, len(tokens))
    grams = [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return sum(g in gold_grams[n] for g in grams) / len(grams)


def loss_by_rule(gold: str, text: str, removed: list) -> Counter:
    """The page's gold 4-grams missing from ``text``, by the rule of the removed line that holds
    them (each 4-gram given once, to the first such line), as shares of the page's gold."""
    grams = scorer.shingles(gold)
    total = sum(grams.values())
    missing = grams - scorer.shingles(text)
    lost: Counter = Counter()
    for line in removed:
        hit = scorer.shingles(line.text) & missing
        if hit:
            lost[line.rule] += sum(hit.values()) / total
            missing -= hit
    return lost


def print_losses(losses: list[Counter]) -> None:
    """The mean recall each rule costs, on all pages and on the even and odd halves."""
    parts = (losses, losses[0::2], losses[1::2])
    means = [{rule: sum(c[rule] for c in part) / len(part) for rule in set().union(*losses)} for part in parts]
    print("  recall lost, by the rule of the removed lines holding the gold (all / half A / half B):")
    for rule in sorted(means[0], key=means[0].get, reverse=True):
        print(f"    {rule:<20} {means[0][rule]:.4f} {means[1][rule]:.4f} {means[2][rule]:.4f}")


def oracles(text: str, gold: str) -> tuple[str, str]:
    """The line oracle's text and the one-run oracle's text for one page."""
    lines = split_lines(text)
    blks = blocks(lines)
    gold_tokens = TOKEN.findall(gold.lower())
    grams = {n: {tuple(gold_tokens[i:i + n]) for i in range(len(gold_tokens) - n + 1)} for n in (1, 2, 3, 4)}
    in_gold = [gold_share(TOKEN.findall(b.key), grams) >= 0.5 for b in blks]  # a long block keeps no tokens
    line_kept = [line for b, g in zip(blks, in_gold) if g for line in lines[b.first:b.last + 1]]
    # the run maximising gold words kept minus other words kept (Kadane)
    best, best_range, current, start = 0.0, (0, -1), 0.0, 0
    for k, (b, g) in enumerate(zip(blks, in_gold)):
        value = max(1.0, b.words) * (1 if g else -1)
        current, start = (value, k) if current <= 0 else (current + value, start)
        if current > best:
            best, best_range = current, (start, k)
    run = blks[best_range[0]:best_range[1] + 1]
    run_kept = [line for b in run for line in lines[b.first:b.last + 1]]
    return "\n".join(line_kept), "\n".join(run_kept)


def main() -> int:
    for corpus in ("dragnet", "cleaneval-dev"):
        folder = PAGES / corpus
        ours, line, run, folds, losses = [], [], [], [], []
        unscorable, comments_kept, comments_removed, threads_back = 0, [], [], []
        for gold_path in sorted((folder / "gold").glob("*.txt")):
            html = scorer.read(folder / "input" / (gold_path.stem + ".html"))
            text, gold = scorer.page_text(html), scorer.gold_text(scorer.read(gold_path))
            unscorable += not text.strip()
            result = clean_text(text)
            ours.append(scorer.precision_recall(gold, result.text))
            losses.append(loss_by_rule(gold, result.text, result.removed) if gold.strip() else Counter())
            thread_lines = [r.text for r in result.removed if r.rule == "reader_comments"]
            threads_back.append(scorer.precision_recall(gold, "\n".join([result.text, *thread_lines])))
            comments_path = folder / "comments" / gold_path.name
            if comments_path.exists():
                comments = scorer.read(comments_path)
                thread = "\n".join(r.text for r in result.removed if r.rule == "reader_comments")
                comments_kept.append(scorer.precision_recall(comments, result.text)[1])
                comments_removed.append(scorer.precision_recall(comments, thread)[1] if thread else 0.0)
            line_text, run_text = oracles(text, gold)
            line.append(scorer.precision_recall(gold, line_text))
            run.append(scorer.precision_recall(gold, run_text))
            folds.append(zlib.crc32(site(html).encode()) % 2)
        page_f1 = [2 * p * r / (p + r) if p + r else 0.0 for p, r in ours]
        failed = [k for k, f in enumerate(page_f1) if f < 0.1]
        fixed = [line[k] if k in set(failed) else s for k, s in enumerate(ours)]
        gap = f1(line) - f1(ours)
        print(f"{corpus}: {len(ours)} pages")
        print(f"  ours            F1 {f1(ours):.4f}")
        print(f"  line oracle     F1 {f1(line):.4f}")
        print(f"  one-run oracle  F1 {f1(run):.4f}")
        print(f"  ours with its reader_comments lines put back: F1 {f1(threads_back):.4f}")
        print(f"  {len(failed)} pages where ours scores under 0.1 F1 hold {(f1(fixed) - f1(ours)) / gap:.0%} "
              f"of the gap to the line oracle; {unscorable} pages have no visible text at all")
        print_losses(losses)
        if comments_kept:
            print(f"  readers' comments ({len(comments_kept)} pages): ours keeps "
                  f"{statistics.mean(comments_kept):.0%} of their 4-grams and removes "
                  f"{statistics.mean(comments_removed):.0%} as reader_comments")
        if corpus == "dragnet":
            for fold in (0, 1):
                part = [s for s, f in zip(ours, folds) if f == fold]
                print(f"  ours, site split {fold}: {len(part)} pages, F1 {f1(part):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
