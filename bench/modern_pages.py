"""Cleaning on pages of today's web: Mozilla Readability's test pages, scored against
Readability's own output (dev numbers; a check beside the handbook's pages, never tuned on).

The handbook's pages are from 2007-2012. News set A is pages of today, which declare their
article in JSON-LD, mark it up with schema.org and load much of it by script. Mozilla
Readability (Apache-2.0) keeps a hundred pages saved from news sites and blogs (2014-2023) with
the text it extracts from each; go-shiori/go-readability ships a copy of them in its Go module,
which the Go module proxy serves. This script fetches that module once (pinned by version and
checksum, cached in bench/.cache), then scores ours and trafilatura in HTML mode, and ours,
jusText and keep-all on the page's text, with the handbook's scorer (4-gram F1, per-page
means).

The gold is Readability's output, not an annotator's: it keeps captions, bylines and some
teasers where a body-only gold would not, so the absolute numbers read high for a cleaner that
keeps more. Readability's made-up fixtures (:func:`is_fixture`) and pages whose gold has fewer
than MIN_GOLD_WORDS words are left out.

Run: ``python bench/modern_pages.py`` (in ``make bench``).
"""
from __future__ import annotations

import hashlib
import io
import logging
import statistics
import sys
import urllib.request
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.handbook import TOOLS  # noqa: E402  (the handbook's scorer and reference cleaners)

sys.path.insert(0, str(TOOLS))
import baseline_cleaner  # noqa: E402
import score_cleaning  # noqa: E402

MODULE = "github.com/go-shiori/go-readability"
VERSION = "v0.0.0-20251205110129-5db1dc9836f0"
SHA256 = "46e77d27048581b1ac798e88a41afa70154291067be4c6b9feafba4b76f9afc6"
URL = f"https://proxy.golang.org/{MODULE}/@v/{VERSION}.zip"
CACHE = REPO / "bench" / ".cache" / f"go-readability-{VERSION}.zip"
MIN_GOLD_WORDS = 150
#: a page smaller than this (characters of HTML) is one of Readability's made-up test fixtures
FIXTURE_MAX_CHARS = 5_000


def module_zip() -> zipfile.ZipFile:
    """The pinned module, fetched once; a download that is not the pinned one is refused."""
    if not CACHE.exists():
        with urllib.request.urlopen(URL, timeout=120) as response:
            data = response.read()
        digest = hashlib.sha256(data).hexdigest()
        if digest != SHA256:
            raise SystemExit(f"{URL}: sha256 {digest}, expected {SHA256}")
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(data)
    return zipfile.ZipFile(io.BytesIO(CACHE.read_bytes()))


def pages() -> list[tuple[str, str, str]]:
    """(name, source HTML, gold text) of every site page, in name order."""
    archive = module_zip()
    prefix = f"{MODULE}@{VERSION}/test-pages/"
    names = sorted({n[len(prefix):].split("/")[0] for n in archive.namelist()
                    if n.startswith(prefix) and n.endswith("/source.html")})
    out = []
    for name in names:
        source = archive.read(f"{prefix}{name}/source.html").decode("utf-8", errors="replace")
        gold = score_cleaning.page_text(archive.read(f"{prefix}{name}/expected.html").decode("utf-8", errors="replace"))
        if not is_fixture(source) and len(gold.split()) >= MIN_GOLD_WORDS:
            out.append((name, source, gold))
    return out


def is_fixture(source: str) -> bool:
    """One of Readability's tests of a single feature (hidden nodes, SVG, reordered paragraphs),
    made up rather than saved from a site: lorem ipsum, or a page of a few lines."""
    return len(source) < FIXTURE_MAX_CHARS or "lorem ipsum" in source.lower()


def scores(gold: str, text: str) -> tuple[float, float, float]:
    precision, recall = score_cleaning.precision_recall(gold, text)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> int:
    from services.clean.cleaner import CleaningError, clean_html, clean_text
    from services.clean.declared import declared_bodies

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def ours_html(html: str) -> str:
        try:
            return clean_html(html).text
        except CleaningError:
            return ""

    cleaners = {
        ("html", "ours"): ours_html,
        ("html", "trafilatura"): lambda html: baseline_cleaner.with_trafilatura({"html": html}),
        ("text", "ours"): lambda html: clean_text(score_cleaning.page_text(html)).text,
        ("text", "jusText"): lambda html: baseline_cleaner.with_justext({"text": score_cleaning.page_text(html)}),
        ("text", "keep-all"): lambda html: score_cleaning.page_text(html),
    }
    found = pages()
    declaring = {name for name, source, _ in found if declared_bodies(source)}
    results: dict[tuple[str, str], dict[str, tuple[float, float, float]]] = {key: {} for key in cleaners}
    for name, source, gold in found:
        for key, cleaner in cleaners.items():
            results[key][name] = scores(gold, cleaner(source))

    names = [name for name, _, _ in found]
    parts = {"all": names, "half A (even)": names[0::2], "half B (odd)": names[1::2],
             "JSON-LD articleBody": [n for n in names if n in declaring]}
    print(f"Pages of today's web: Readability's test pages ({MODULE} {VERSION}), gold = Readability's "
          f"output; {len(names)} site pages (made-up fixtures and pages with a gold under {MIN_GOLD_WORDS} "
          "words left out); 4-gram, per-page means")
    print(f"{'part':<22} {'mode':<5} {'cleaner':<12} {'pages':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for part, members in parts.items():
        if not members:
            continue
        for (mode, label), by_page in results.items():
            p, r, f = (statistics.mean(by_page[n][i] for n in members) for i in range(3))
            print(f"{part:<22} {mode:<5} {label:<12} {len(members):>5} {p:>7.4f} {r:>7.4f} {f:>7.4f}")
    for part, members in parts.items():
        if members:
            diff = statistics.mean(results["html", "ours"][n][2] - results["html", "trafilatura"][n][2] for n in members)
            print(f"html mode, {part}: ours - trafilatura = {diff:+.4f} F1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
