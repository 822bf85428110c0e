#!/usr/bin/env python3
"""Benchmark of the clean service: quality and speed beside the references, in one run.

Quality: the handbook's score_cleaning.py (4-token shingle precision/recall/F1) on the
dragnet news pages (gold: the article alone, readers' comments left out) and the CleanEval dev
pages (gold: the page's main content, comments and forum posts included), for
  text mode: ours, keep-all, jusText (baseline_cleaner.py) on both sets, and ours on the two
             halves of dragnet (even / odd pages: the rules were tuned on the first, the second
             is the check against overfitting);
  html mode: ours and trafilatura alone on dragnet, and on its two halves, and on CleanEval.
The nearest thing here to a held-out set of clean news pages (issue 15's "news set A", the
article body only): dragnet's article-sized pages without readers' comments (no
comments/NAME.txt, gold of at least 150 words), in html mode ours beside trafilatura with
favor_precision (the handbook's reference), favor_recall and include_comments=False, in text
mode ours beside trafilatura (its input wrapped line by line in <p>), jusText and keep-all; each
on all of them, on their two halves (even / odd pages) and on the site split (as in
clean_ceiling.py), from one scorer run per cleaner (its per-page lines, three decimals each);
and ours and trafilatura in html mode, ours, jusText and keep-all in text mode, again against a
body-only gold (the same gold without its first line where that line is one of the page's
declared titles: news set A's gold is the article body only, dragnet's holds the headline).
Readers' comment threads: on the dragnet pages whose comments the handbook keeps apart
(comments/NAME.txt, the gold being the article alone), in each mode, the share of the comments'
4-grams that ours removes as ``reader_comments``, the share it keeps as article text, and the
share of the article's 4-grams it removes as ``reader_comments`` (the cost of finding threads);
and the article lost as ``reader_comments`` on the pages without comments.
Speed: clean_text, clean_html and trafilatura.extract on the same pages in this one process,
pinned to one core; pages/s from CPU time (the machine is shared, wall time would measure
the neighbours): plain text as the best of five passes, and once more taking turns on chunks of
20 pages with jusText (the handbook's plain-text reference, ``baseline_cleaner.with_justext``) for the
ratio of their times, the baseline of the same run; HTML with ours and trafilatura interleaved
page by page, and the ratio of their times.

    .venv/bin/python bench/clean_bench.py            # make bench
Environment: NEWSFLOW_HANDBOOK (default ../shared), NEWSFLOW_CLEAN_CMD (default: this repo's
`.venv/bin/newsflow clean --jsonl`, or `python -m services.clean.jsonl` without it), BENCH_SPEED_PAGES
(pages for the HTML speed test, default 150).
"""
from __future__ import annotations

import gc
import html as html_lib
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

from handbook import HANDBOOK, REPO

TOOLS = HANDBOOK / "tools"
PAGES = HANDBOOK / "corpus" / "pages"
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
_NEWSFLOW = REPO / ".venv" / "bin" / "newsflow"
_DEFAULT_OURS = f"{_NEWSFLOW} clean --jsonl" if _NEWSFLOW.exists() else f"{PYTHON} -m services.clean.jsonl"
OURS = shlex.split(os.environ.get("NEWSFLOW_CLEAN_CMD", _DEFAULT_OURS))
BASELINE = [PYTHON, str(TOOLS / "baseline_cleaner.py")]
RESULT = re.compile(r"precision ([\d.]+) recall ([\d.]+) F1 ([\d.]+)")
PAGE_RESULT = re.compile(r"^  (\S+): precision ([\d.]+) recall ([\d.]+)$", re.M)
VARIANTS = [PYTHON, str(REPO / "bench" / "trafilatura_variants.py")]
#: an article-sized page: its gold holds at least this many words
ARTICLE_MIN_WORDS = 150
_LINK = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+)", re.I)
_WIDGETS = re.compile(r"google|facebook|twitter|w3\.org|doubleclick|addthis|feedburner")
_SITE = re.compile(r"""(?:og:url|rel=["']?canonical)[^>]{0,200}?https?://(?:www\.)?([a-z0-9.-]+)""", re.I)
DOCS = re.compile(r"docs/s ([\d.]+)")
#: plain-text speed beside jusText: the pages each takes in turn
TEXT_CHUNK_PAGES = 20


def score(pages: Path, mode: str, command: list[str]) -> dict:
    run = subprocess.run([PYTHON, str(TOOLS / "score_cleaning.py"), "--pages", str(pages), "--mode", mode,
                          "--", *command], capture_output=True, text=True, cwd=REPO)
    match = RESULT.search(run.stdout)
    if run.returncode != 0 or not match:
        raise SystemExit(f"score_cleaning failed for {command}:\n{run.stdout}\n{run.stderr[-2000:]}")
    p, r, f1 = (float(g) for g in match.groups())
    return {"P": p, "R": r, "F1": f1, "docs/s": float(DOCS.search(run.stdout).group(1))}


def page_scores(pages: Path, mode: str, command: list[str]) -> dict[str, tuple[float, float]]:
    """Each page's precision and recall from the handbook's scorer (its --show lines)."""
    run = subprocess.run([PYTHON, str(TOOLS / "score_cleaning.py"), "--pages", str(pages), "--mode", mode,
                          "--show", "100000", "--", *command], capture_output=True, text=True, cwd=REPO)
    scores = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in PAGE_RESULT.finditer(run.stdout)}
    if run.returncode != 0 or not scores:
        raise SystemExit(f"score_cleaning failed for {command}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return scores


def mean_scores(scores: list[tuple[float, float]]) -> dict:
    """The scorer's summary of some pages: mean precision, mean recall, F1 of the two."""
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(scores)}


def site(html: str) -> str:
    """The page's site: its og:url or canonical link's domain, else the domain its links
    point to most (leaving out widget and analytics hosts)."""
    match = _SITE.search(html)
    if match:
        host = match.group(1)
    else:
        hosts = Counter(h.lower() for h in _LINK.findall(html) if not _WIDGETS.search(h))
        host = hosts.most_common(1)[0][0] if hosts else "?"
    return ".".join(host.lower().split(".")[-2:])


def site_fold(html: str) -> int:
    return zlib.crc32(site(html).encode()) % 2


def article_pages(pages: Path, tmp: Path) -> tuple[Path, dict[str, list[str]]]:
    """A corpus folder of symlinks to the dragnet pages without readers' comments whose gold
    has ARTICLE_MIN_WORDS words or more, and its parts: all, the two halves (even / odd pages
    of it, sorted by name) and the two site folds."""
    sys.path.insert(0, str(TOOLS))
    import score_cleaning

    names = []
    for gold in sorted((pages / "gold").glob("*.txt")):
        text = score_cleaning.gold_text(score_cleaning.read(gold))
        if not (pages / "comments" / gold.name).exists() and len(score_cleaning.TOKEN.findall(text)) >= ARTICLE_MIN_WORDS:
            names.append(gold.stem)
    folder = tmp / "articles"
    for sub in ("gold", "input"):
        (folder / sub).mkdir(parents=True)
    folds = {}
    for name in names:
        (folder / "gold" / f"{name}.txt").symlink_to(pages / "gold" / f"{name}.txt")
        (folder / "input" / f"{name}.html").symlink_to(pages / "input" / f"{name}.html")
        folds[name] = site_fold(score_cleaning.read(pages / "input" / f"{name}.html"))
    parts = {"all": names, "half A (tune)": names[0::2], "half B (check)": names[1::2],
             "site split 0": [n for n in names if folds[n] == 0], "site split 1": [n for n in names if folds[n] == 1]}
    return folder, parts


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_META_TITLE = re.compile(r"<meta\s[^>]*(?:property|name)=[\"'](?:og:title|twitter:title)[\"'][^>]*>", re.I)
_CONTENT = re.compile(r"content=[\"']([^\"']*)[\"']", re.I)
_TITLE_SEPARATORS = re.compile(r" (?:\||-|—|–|::|«|») ")


def page_titles(page: str) -> set[str]:
    """The page's declared titles (<title>, og:title, twitter:title) and their parts around a
    separator ("Headline | Site"), whitespace-normalised: read from the markup alone, apart
    from the cleaner's own headline finder."""
    found = [m.group(1) for m in _TITLE_TAG.finditer(page[:200_000])]
    found += [c.group(1) for m in _META_TITLE.finditer(page[:200_000]) if (c := _CONTENT.search(m.group()))]
    out = set()
    for title in found:
        title = " ".join(html_lib.unescape(title).split())
        out.add(title)
        out.update(part.strip() for part in _TITLE_SEPARATORS.split(title))
    return {t for t in out if t}


def body_only(pages: Path, folder: Path, tmp: Path) -> Path:
    """A copy of ``folder`` whose gold is the article's body: a first gold line that is one of
    the page's declared titles (the headline) removed. The dragnet gold holds the headline; a
    body-only gold, like news set A's "article body only", does not."""
    sys.path.insert(0, str(TOOLS))
    import score_cleaning

    out = tmp / "articles-body"
    for sub in ("gold", "input"):
        (out / sub).mkdir(parents=True)
    for gold in sorted((folder / "gold").glob("*.txt")):
        text = score_cleaning.gold_text(score_cleaning.read(gold))
        page = score_cleaning.read(pages / "input" / f"{gold.stem}.html")
        first, _, rest = text.lstrip().partition("\n")
        (out / "gold" / gold.name).write_text(rest if " ".join(first.split()) in page_titles(page) else text,
                                              encoding="utf-8")
        (out / "input" / f"{gold.stem}.html").symlink_to(pages / "input" / f"{gold.stem}.html")
    return out


def article_rows(tmp: Path) -> list[tuple[str, str, str, dict]]:
    """(part, mode, cleaner, scores) on the article-sized pages without comments, and in html
    mode also against their body-only gold (mode "body"; text mode against it: "tbody")."""
    folder, parts = article_pages(PAGES / "dragnet", tmp)
    cleaners = {"html": [("ours", OURS), ("trafilatura", BASELINE + ["trafilatura"]),
                         ("traf recall", VARIANTS + ["recall"]), ("traf no-comm", VARIANTS + ["no-comments"])],
                "text": [("ours", OURS), ("trafilatura", BASELINE + ["trafilatura"]), ("jusText", BASELINE + ["justext"]),
                         ("keep-all", BASELINE + ["keep"])]}
    rows = []
    for mode, commands in cleaners.items():
        for label, command in commands:
            scores = page_scores(folder, mode, command)
            for part, names in parts.items():
                rows.append((part, mode, label, mean_scores([scores[n] for n in names])))
    body = body_only(PAGES / "dragnet", folder, tmp)
    against_body = [("html", "body", c) for c in cleaners["html"][:2]]
    against_body += [("text", "tbody", c) for c in cleaners["text"] if c[0] != "trafilatura"]
    for mode, shown, (label, command) in against_body:
        scores = page_scores(body, mode, command)
        for part, names in parts.items():
            rows.append((part, shown, label, mean_scores([scores[n] for n in names])))
    return rows


def halves(pages: Path, tmp: Path) -> list[tuple[str, Path]]:
    """Two corpus folders of symlinks: the even-numbered and the odd-numbered pages (sorted by name)."""
    golds = sorted((pages / "gold").glob("*.txt"))
    out = []
    for label, part in (("half A (tune)", golds[0::2]), ("half B (check)", golds[1::2])):
        folder = tmp / label.split()[1]
        for sub in ("gold", "input"):
            (folder / sub).mkdir(parents=True)
        for gold in part:
            (folder / "gold" / gold.name).symlink_to(gold)
            (folder / "input" / (gold.stem + ".html")).symlink_to(pages / "input" / (gold.stem + ".html"))
        out.append((label, folder))
    return out


def threads() -> list[tuple[str, str, float]]:
    """How well ours finds comment threads, in this process with the code `newsflow clean
    --jsonl` runs (see the module's docstring)."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(TOOLS))
    import statistics

    import score_cleaning

    from services.clean.jsonl import clean_doc

    folder = PAGES / "dragnet"
    found: dict[str, dict[str, list[float]]] = {}
    for gold_path in sorted((folder / "gold").glob("*.txt")):
        html = score_cleaning.read(folder / "input" / (gold_path.stem + ".html"))
        article = score_cleaning.gold_text(score_cleaning.read(gold_path))
        comments_path = folder / "comments" / gold_path.name
        comments = score_cleaning.read(comments_path) if comments_path.exists() else ""
        for mode, doc in (("text", {"text": score_cleaning.page_text(html)}), ("html", {"html": html})):
            try:
                row = clean_doc(doc)
            except Exception:  # noqa: BLE001 - a page ours rejects removes nothing
                row = {"text": "", "removed": []}
            thread = "\n".join(r["text"] for r in row["removed"] if r["rule"] == "reader_comments")
            part = found.setdefault(mode, {"removed": [], "kept": [], "lost": [], "lost_without": []})
            lost = score_cleaning.precision_recall(article, thread)[1] if thread else 0.0
            if comments:
                part["removed"].append(score_cleaning.precision_recall(comments, thread)[1] if thread else 0.0)
                part["kept"].append(score_cleaning.precision_recall(comments, row["text"])[1])
                part["lost"].append(lost)
            else:
                part["lost_without"].append(lost)
    return [(mode, label, statistics.mean(part[key]))
            for mode, part in found.items()
            for label, key in (("comments removed as reader_comments", "removed"),
                               ("comments kept as article text", "kept"),
                               ("article removed as reader_comments, pages with comments", "lost"),
                               ("article removed as reader_comments, pages without", "lost_without"))]


def speed() -> list[tuple[str, float]]:
    """Pages per CPU-second on one core, in this process, on the same dragnet pages."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(TOOLS))
    import logging

    import baseline_cleaner  # the handbook's reference cleaners
    import score_cleaning  # the handbook's page_text: the same plain-text input as the quality runs
    import trafilatura

    from services.clean.cleaner import clean_html, clean_text

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    html = [score_cleaning.read(p) for p in sorted((PAGES / "dragnet" / "input").glob("*.html"))]
    texts = [score_cleaning.page_text(h) for h in html]
    subset = html[: int(os.environ.get("BENCH_SPEED_PAGES", "150"))]

    justext = baseline_cleaner.with_justext
    clean_text(texts[0]), justext({"text": texts[0]}), clean_html(subset[0]), trafilatura.extract(subset[0])  # warm-up
    gc.freeze()  # as a service worker does after start-up (shared.app.freeze_loaded_objects)

    # plain text: the best of five passes over all pages (the machine is shared: the best pass
    # is the one the neighbours disturbed least)
    text_rate = 0.0
    for _ in range(5):
        start = time.process_time()
        for text in texts:
            clean_text(text)
        text_rate = max(text_rate, len(texts) / (time.process_time() - start))
    # plain text: ours and jusText taking turns on chunks of pages, so both see the same load
    # (page by page, jusText's lxml trees push ours out of the CPU caches between its pages)
    ours_text = justext_text = 0.0
    for k in range(0, len(texts), TEXT_CHUNK_PAGES):
        chunk = texts[k:k + TEXT_CHUNK_PAGES]
        start = time.process_time()
        for text in chunk:
            justext({"text": text})
        middle = time.process_time()
        for text in chunk:
            clean_text(text)
        justext_text += middle - start
        ours_text += time.process_time() - middle
    # html: ours and trafilatura alone interleaved page by page, so both see the same load
    ours = theirs = 0.0
    for page in subset:
        start = time.process_time()
        trafilatura.extract(page, favor_precision=True)
        middle = time.process_time()
        clean_html(page)
        theirs += middle - start
        ours += time.process_time() - middle
    return [("clean_text (plain text, best of five)", text_rate),
            ("jusText (plain text)", len(texts) / justext_text),
            ("clean_text (plain text, beside jusText)", len(texts) / ours_text),
            ("clean_text time / jusText time", ours_text / justext_text),
            ("trafilatura.extract (html)", len(subset) / theirs),
            ("clean_html (html)", len(subset) / ours),
            ("clean_html time / trafilatura time", ours / theirs)]


def main() -> int:
    if not TOOLS.is_dir():
        raise SystemExit(f"handbook tools not found at {TOOLS} (set NEWSFLOW_HANDBOOK)")
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in ("dragnet", "cleaneval-dev"):
            for label, command in (("ours", OURS), ("keep-all", BASELINE + ["keep"]),
                                   ("jusText", BASELINE + ["justext"])):
                rows.append((corpus, "text", label, score(PAGES / corpus, "text", command)))
            if corpus == "dragnet":
                for label, folder in halves(PAGES / corpus, Path(tmp)):
                    rows.append((f"dragnet {label}", "text", "ours", score(folder, "text", OURS)))
                    rows.append((f"dragnet {label}", "text", "keep-all", score(folder, "text", BASELINE + ["keep"])))
        for corpus in ("dragnet", "cleaneval-dev"):
            for label, command in (("ours", OURS), ("trafilatura", BASELINE + ["trafilatura"])):
                rows.append((corpus, "html", label, score(PAGES / corpus, "html", command)))
        for label, folder in halves(PAGES / "dragnet", Path(tmp) / "html"):
            for cleaner, command in (("ours", OURS), ("trafilatura", BASELINE + ["trafilatura"])):
                rows.append((f"dragnet {label}", "html", cleaner, score(folder, "html", command)))
        articles = article_rows(Path(tmp))

    print("Quality (handbook score_cleaning.py: 4-token shingles, per-page means)")
    print(f"{'corpus':<26} {'mode':<5} {'cleaner':<12} {'P':>7} {'R':>7} {'F1':>7} {'docs/s*':>9}")
    for corpus, mode, label, s in rows:
        print(f"{corpus:<26} {mode:<5} {label:<12} {s['P']:>7.4f} {s['R']:>7.4f} {s['F1']:>7.4f} {s['docs/s']:>9.1f}")
    print("* docs/s of the whole command, process start-up included")
    for part in ("dragnet", "dragnet half A (tune)", "dragnet half B (check)", "cleaneval-dev"):
        html = {label: s["F1"] for corpus, mode, label, s in rows if mode == "html" and corpus == part}
        print(f"html mode, {part}: ours - trafilatura = {html['ours'] - html['trafilatura']:+.4f} F1")

    count = next(s["pages"] for part, *_, s in articles if part == "all")
    print(f"\ndragnet, article-sized pages without comments ({count} pages: no comments/NAME.txt, gold of "
          f"{ARTICLE_MIN_WORDS}+ words; the nearest thing to clean news pages; per-page means)")
    print(f"{'part':<16} {'mode':<5} {'cleaner':<13} {'pages':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for part, mode, label, s in articles:
        print(f"{part:<16} {mode:<5} {label:<13} {s['pages']:>5} {s['P']:>7.4f} {s['R']:>7.4f} {s['F1']:>7.4f}")
    print('mode "body": html mode against the same gold without its first line where that line is one of '
          "the page's declared titles (a body-only gold, as news set A's); \"tbody\": text mode against it")
    for mode in ("html", "body", "text"):
        for part in ("all", "half A (tune)", "half B (check)", "site split 0", "site split 1"):
            f1 = {label: s["F1"] for p, m, label, s in articles if m == mode and p == part}
            print(f"{mode} mode, article-sized pages, {part}: ours - trafilatura = "
                  f"{f1['ours'] - f1['trafilatura']:+.4f} F1")

    pages = len(list((PAGES / "dragnet" / "comments").glob("*.txt")))
    print(f"\nReaders' comment threads (dragnet, {pages} pages with comments; 4-gram shares, per-page means)")
    for mode, label, value in threads():
        print(f"{mode:<5} {label:<58} {value:>7.4f}")

    print("\nSpeed (one core, CPU time, same dragnet pages, one process)")
    for label, value in speed():
        unit = "x" if "/" in label else "pages/s"
        print(f"{label:<40} {value:>9.2f} {unit}")
    print(f"\nbench took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
