"""Near-duplicate benchmark: pairwise quality on the dev and held-out sets, then lookup latency.

1. Quality: bench/neardup_dataset.py builds the sets (wire copies and hard negatives from real
   articles); each half goes through ``newsflow neardup --jsonl`` in arrival order. Pairwise
   precision/recall/F1 over all pairs of articles (same story or not), against a baseline run in
   the same process: plain datasketch MinHashLSH over whole texts (Jaccard >= 0.5, first match wins).
   Target (issue 16): held-out F1 >= 0.97.
2. Latency: a deterministic synthetic stream (Zipf words, outlet boilerplate from a pool, 10%
   copies of earlier articles); ``NearDuplicateIndex.add`` (lookup + insert) timed for PROBES new
   articles once the index holds 10,000 and once it holds DOCS. Baseline in the same run: the
   exact scan the LSH replaces (containment against every stored article) at 10,000.
   The machine is shared: CPU (thread) time over all probes, and wall time as the best of five
   rounds of PROBES/5 (as clean_bench takes the best of five passes).
   Target: p95 < 5 ms at 100,000, and no growth with the corpus.

    NEARDUP_BENCH_DOCS=100000 NEARDUP_BENCH_PROBES=1000 .venv/bin/python bench/neardup_bench.py
"""
from __future__ import annotations

import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parent))
import neardup_dataset  # noqa: E402

from services.neardup.index import NearDuplicateIndex  # noqa: E402
from services.neardup.text import shingle_hashes, split_lines  # noqa: E402
from services.story.state import index_of  # noqa: E402

DOCS = int(os.environ.get("NEARDUP_BENCH_DOCS", "100000"))
PROBES = int(os.environ.get("NEARDUP_BENCH_PROBES", "1000"))
SCAN_PROBES = 20
ROUNDS = 5
SEED = 20261129
NEWSFLOW = str(Path(sys.executable).parent / "newsflow")


# -- quality ------------------------------------------------------------------------------------

def pairwise(truth: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups = defaultdict(list)
        for article, label in labels.items():
            groups[label].append(article)
        return {pair for group in groups.values() for pair in itertools.combinations(sorted(group), 2)}

    true_pairs, predicted_pairs = pairs(truth), pairs(predicted)
    hits = len(true_pairs & predicted_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_cli(rows: list[dict]) -> dict[str, str]:
    lines = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows)
    done = subprocess.run([NEWSFLOW, "neardup", "--jsonl"], input=lines, capture_output=True, text=True,
                          check=True)
    out = [json.loads(line) for line in done.stdout.splitlines()]
    return {o["id"]: o["duplicate_of"] or o["id"] for o in out}


def run_plain_lsh(rows: list[dict]) -> dict[str, str]:
    """The baseline: whole-text MinHash, LSH at Jaccard 0.5, the earliest candidate's story."""
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    story: dict[int, str] = {}
    out = {}
    for seq, row in enumerate(rows):
        words = [w for line in split_lines(row["text"]) for w in line.words]
        minhash = MinHash(128)
        minhash.update_batch(h.tobytes() for h in shingle_hashes(words, 4))
        found = sorted(lsh.query(minhash))
        story[seq] = story[found[0]] if found else row["id"]
        out[row["id"]] = story[seq]
        lsh.insert(seq, minhash)
    return out


def quality() -> None:
    halves = neardup_dataset.build()
    print("pairwise quality (all pairs of articles; truth = the generator's story)")
    print(f"{'set':8} {'articles':>8} {'true pairs':>10}  {'method':28} {'P':>6} {'R':>6} {'F1':>6}")
    for name, rows in halves.items():
        truth = {r["id"]: r["story"] for r in rows}
        true_pairs = sum(len(list(itertools.combinations(g, 2)))
                         for g in _groups(truth).values())
        for method, run in (("newsflow neardup --jsonl", run_cli), ("baseline: plain MinHashLSH", run_plain_lsh)):
            p, r, f = pairwise(truth, run(rows))
            print(f"{name:8} {len(rows):8} {true_pairs:10}  {method:28} {p:6.3f} {r:6.3f} {f:6.3f}")
        print(f"{'':8} kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(_kinds(rows).items())))


def _groups(labels: dict[str, str]) -> dict[str, list[str]]:
    groups = defaultdict(list)
    for article, label in labels.items():
        groups[label].append(article)
    return groups


def _kinds(rows: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["kind"].split("-")[0]] += 1
    return counts


# -- latency ------------------------------------------------------------------------------------

class Stream:
    """Deterministic synthetic articles: Zipf words in paragraphs, outlet boilerplate, some copies."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zen", "bar", "dor", "fel", "gri", "han",
                     "jul", "kor", "lin", "mar", "nor", "pel", "qua", "ros", "sul", "tor", "ul", "ven", "wil"]
        words: dict[str, None] = {}
        while len(words) < 20000:
            words["".join(self.rng.choices(syllables, k=self.rng.randint(2, 4)))] = None
        self.words = list(words)
        self.weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.words))))
        self.outlets = [(f"Outlet {i} | World | Politics", f"Copyright {i} Outlet {i}. All rights reserved. "
                         f"This material may not be published, broadcast or redistributed.") for i in range(50)]
        self.recent: list[list[str]] = []

    def _paragraph(self) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.weights, k=self.rng.randint(20, 60)))

    def article(self) -> str:
        rng = self.rng
        header, footer = rng.choice(self.outlets)
        byline = f"By Reporter {rng.randrange(300)}"
        if self.recent and rng.random() < 0.1:  # a brief or a full copy of a recent story
            body = rng.choice(self.recent)
            body = body[:rng.randint(2, len(body))]
        else:
            body = [self._paragraph() for _ in range(rng.randint(4, 14))]
            self.recent = (self.recent + [body])[-500:]
        return "\n".join([header, byline, *body, footer])


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    q = statistics.quantiles(samples_ns, n=100)
    return q[49] / 1e6, q[94] / 1e6


def _timed_adds(index: NearDuplicateIndex, stream: Stream, count: int, start: int) -> tuple[list[int], list[int]]:
    wall, cpu = [], []
    for n in range(start, start + count):
        text = stream.article()
        w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        index.add(f"a{n}", text)
        cpu.append(time.thread_time_ns() - c0)
        wall.append(time.perf_counter_ns() - w0)
    return wall, cpu


def _exact_scan_ms(index: NearDuplicateIndex, stream: Stream, probes: int) -> float:
    """Median time to verify one new article against every stored one (what LSH saves)."""
    times = []
    articles = index._articles  # the baseline needs the stored shingles; bench only
    for _ in range(probes):
        words = [w for line in split_lines(stream.article()) for w in line.words]
        shingles = np.unique(shingle_hashes(words, index.params.shingle_words))
        t0 = time.perf_counter_ns()
        for other in articles:
            index._containment(shingles, other)
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1e6


def latency() -> None:
    stream = Stream(SEED)
    index = NearDuplicateIndex()
    rows = []
    checkpoints = sorted({min(10_000, DOCS), DOCS})
    added = 0
    build_start = time.perf_counter()
    for checkpoint in checkpoints:
        while added < checkpoint:
            index.add(f"a{added}", stream.article())
            added += 1
        scan = _exact_scan_ms(index, stream, SCAN_PROBES) if checkpoint <= 10_000 else None
        rounds = [_timed_adds(index, stream, PROBES // ROUNDS, added + n * (PROBES // ROUNDS)) for n in range(ROUNDS)]
        added += ROUNDS * (PROBES // ROUNDS)
        best_wall = min((_percentiles(wall) for wall, _ in rounds), key=lambda p50_p95: p50_p95[1])
        all_cpu = [ns for _, cpu in rounds for ns in cpu]
        rows.append((checkpoint, *best_wall, *_percentiles(all_cpu), scan))
    build_s = time.perf_counter() - build_start
    print(f"\nlookup latency: NearDuplicateIndex.add (LSH lookup + verification + insert), {PROBES} new articles "
          f"timed after the index holds N")
    print(f"wall: the best of {ROUNDS} rounds of {PROBES // ROUNDS}; cpu: thread time over all {PROBES}")
    print(f"{'N':>8} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8} {'cpu p95':>8}   baseline exact scan (median)")
    for n, wp50, wp95, cp50, cp95, scan in rows:
        scan_text = f"{scan:8.1f} ms" if scan is not None else "   (not run: it grows with N)"
        print(f"{n:8} {wp50:7.2f}ms {wp95:7.2f}ms {cp50:6.2f}ms {cp95:6.2f}ms   {scan_text}")
    if len(rows) == 2:
        print(f"p95 ratio {rows[1][0]:,} / {rows[0][0]:,} articles: wall {rows[1][2] / rows[0][2]:.2f}, "
              f"cpu {rows[1][4] / rows[0][4]:.2f} (1.0 = no growth)")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{added:,} articles added in {build_s:.0f} s; peak RSS {rss_mb:.0f} MB "
          f"({len(index._line_stories):,} distinct lines tracked)")
    takeover(index, build_s)


def takeover(index: NearDuplicateIndex, build_s: float) -> None:
    """What a story worker does when it is assigned the input: decode news.story-state's records
    and rebuild the index (services/story/state.py); baseline: adding the same articles from text."""
    messages = [json.dumps(record).encode() for record in index.records()]
    start = time.perf_counter()
    rebuilt = index_of(json.loads(message) for message in messages)
    rebuild_s = time.perf_counter() - start
    assert len(rebuilt) == len(index)
    size_mb = sum(len(m) for m in messages) / 1e6
    print(f"take-over: rebuilding {len(rebuilt):,} articles from their state records ({size_mb:.0f} MB of JSON) "
          f"took {rebuild_s:.1f} s; adding them from text took {build_s:.0f} s (ratio {rebuild_s / build_s:.2f})")


if __name__ == "__main__":
    quality()
    latency()
