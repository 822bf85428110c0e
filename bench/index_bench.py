"""Index benchmark: bare tantivy vs ArticleIndex.upsert_batch, then search latency.

One run, same synthetic documents, same batch size, same writer heap and threads:

1. bare tantivy: a minimal schema (id, title, text, source, published, entity facets),
   ``add_document`` per article and one ``commit`` per batch — the floor.
2. the service's code: ``ArticleIndex.upsert_batch`` per batch (delete-by-id + add, the extra
   filter fields, the JSON payload, commit, reload).
3. search latency through ``api.search_response`` (parameter parsing, BM25 query, entity
   filter, facet aggregations, snippets, JSON body) for a two-word query with one entity
   filter, on the index from step 2.

Targets (issue 5): service throughput >= 0.5 x bare; search p95 < 20 ms at 100,000 docs.

Synthetic documents are generated deterministically (seeded) from a Zipf-like vocabulary
and entity pool, so runs are comparable.

    INDEX_BENCH_DOCS=100000 INDEX_BENCH_BATCH=256 INDEX_BENCH_QUERIES=500 \
        .venv/bin/python bench/index_bench.py
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

import tantivy

from services.index.api import search_response
from services.index.search_index import DEFAULT_WRITER_HEAP_BYTES, ArticleIndex
from shared.contracts import Entity, EntitySummary, TaggedArticle

DOCS = int(os.environ.get("INDEX_BENCH_DOCS", "100000"))
BATCH = int(os.environ.get("INDEX_BENCH_BATCH", "256"))  # = Settings.index_batch_size
QUERIES = int(os.environ.get("INDEX_BENCH_QUERIES", "500"))
SEED = int(os.environ.get("INDEX_BENCH_SEED", "20240301"))
HEAP = DEFAULT_WRITER_HEAP_BYTES
THREADS = 0  # tantivy's default for both sides

LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zen", "bar", "dor", "fel", "gri",
             "han", "jul", "kor", "lin", "mar", "nor", "pel", "qua", "ros", "sul", "tor", "ul",
             "ven", "wil", "xan", "yor", "zu"]


class Corpus:
    """Deterministic synthetic articles: Zipf-weighted words and entities."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = self._unique_words(5000, 2, 4)
        self.word_weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.words))))
        names = self._unique_words(3000, 2, 3)
        self.entities = [(LABELS[i % len(LABELS)], f"{names[i].title()} {names[-i - 1].title()}")
                         for i in range(len(names))]
        self.entity_weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.entities))))
        self.sources = [f"source{i}.example" for i in range(20)]
        self.received = datetime(2025, 1, 1, tzinfo=timezone.utc)

    def _unique_words(self, count: int, low: int, high: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < count:
            seen["".join(self.rng.choices(SYLLABLES, k=self.rng.randint(low, high)))] = None
        return list(seen)

    def article(self, number: int) -> TaggedArticle:
        rng = self.rng
        text = " ".join(rng.choices(self.words, cum_weights=self.word_weights, k=rng.randint(120, 400)))
        title = " ".join(rng.choices(self.words, cum_weights=self.word_weights, k=rng.randint(5, 10)))
        picked = dict.fromkeys(rng.choices(self.entities, cum_weights=self.entity_weights,
                                           k=rng.randint(3, 12)))
        summary, mentions = [], []
        for label, name in picked:
            count = rng.randint(1, 3)
            summary.append(EntitySummary(canonical=name, label=label, mentions=count))
            mentions.append(Entity(text=name, label=label, start=0, end=len(name), canonical=name))
        return TaggedArticle(
            id=f"doc-{number:08d}", content_hash=f"{number:016x}", title=title.capitalize(), text=text,
            source=self.sources[number % len(self.sources)], url=f"https://example.org/{number}",
            published=date(2023, 1, 1) + timedelta(days=rng.randrange(730)),
            received_at=self.received, entities=mentions, entity_summary=summary)


def bare_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    builder.add_facet_field("entity")
    return builder.build()


def index_bare(articles: list[TaggedArticle], path: Path) -> float:
    index = tantivy.Index(bare_schema(), path=str(path))
    writer = index.writer(HEAP, THREADS)
    start = time.perf_counter()
    for first in range(0, len(articles), BATCH):
        for article in articles[first:first + BATCH]:
            doc = tantivy.Document()
            doc.add_text("id", article.id)
            doc.add_text("title", article.title)
            doc.add_text("text", article.text)
            doc.add_text("source", article.source)
            doc.add_date("published", datetime.combine(article.published, datetime.min.time(),
                                                       tzinfo=timezone.utc))
            for entity in article.entity_summary:
                doc.add_facet("entity", tantivy.Facet.from_string(f"/{entity.label}/{entity.canonical}"))
            writer.add_document(doc)
        writer.commit()
    elapsed = time.perf_counter() - start
    writer.wait_merging_threads()
    return elapsed


def index_service(articles: list[TaggedArticle], path: Path) -> tuple[float, ArticleIndex]:
    index = ArticleIndex(path, writer_heap_bytes=HEAP, writer_threads=THREADS)
    start = time.perf_counter()
    for first in range(0, len(articles), BATCH):
        index.upsert_batch(articles[first:first + BATCH])
    return time.perf_counter() - start, index


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))]


def bench_search(index: ArticleIndex, corpus: Corpus) -> dict:
    rng = random.Random(SEED + 1)
    mid_words = corpus.words[20:400]          # common but not stop-word common
    top_entities = corpus.entities[:200]
    params = []
    for _ in range(QUERIES + 20):
        label, name = rng.choice(top_entities)
        params.append({"q": [" ".join(rng.sample(mid_words, 2))], "entity": [f"{label}:{name}"]})
    for warm in params[:20]:
        search_response(index, warm)
    latencies, totals = [], []
    for request in params[20:]:
        start = time.perf_counter()
        status, body = search_response(index, request)
        latencies.append((time.perf_counter() - start) * 1000)
        assert status == 200, body
        totals.append(body["total"])
    latencies.sort()
    return {"p50": percentile(latencies, 0.50), "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99), "mean": statistics.fmean(latencies),
            "mean_total": statistics.fmean(totals), "zero_hit": sum(t == 0 for t in totals)}


def main() -> int:
    print(f"load average at start: {os.getloadavg()}")
    print(f"index bench: {DOCS} docs, batch {BATCH}, {QUERIES} queries, writer heap "
          f"{HEAP // 1_000_000} MB, threads {THREADS or 'auto'}, {os.cpu_count()} cpus", flush=True)
    start = time.perf_counter()
    corpus = Corpus(SEED)
    articles = [corpus.article(n) for n in range(DOCS)]
    print(f"generated in {time.perf_counter() - start:.1f}s", flush=True)

    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        (Path(tmp) / "bare").mkdir()
        bare = index_bare(articles, Path(tmp) / "bare")
        service, index = index_service(articles, Path(tmp) / "service")
        ratio = bare / service
        print(f"bare tantivy   : {DOCS / bare:8.0f} docs/s ({bare:.1f}s)")
        print(f"ArticleIndex   : {DOCS / service:8.0f} docs/s ({service:.1f}s)")
        print(f"ratio service/bare: {ratio:.2f} (target >= 0.5)", flush=True)
        assert index.count() == DOCS, index.count()

        index.close()  # let merges finish: measure search on a settled index, as a reader
        index = ArticleIndex(Path(tmp) / "service", read_only=True)
        segments = index.segments()
        result = bench_search(index, corpus)
        print(f"search on {index.count()} docs ({segments} segments), two words + one entity "
              f"filter, via api.search_response with facets and snippets: "
              f"p50 {result['p50']:.2f} ms, p95 {result['p95']:.2f} ms, p99 {result['p99']:.2f} ms, "
              f"mean {result['mean']:.2f} ms (target p95 < 20 ms); mean total hits "
              f"{result['mean_total']:.0f}, zero-hit queries {result['zero_hit']}/{QUERIES}")
        index.close()
    print(f"load average at end: {os.getloadavg()} (2 cores shared: other work inflates both sides)")
    ok = ratio >= 0.5 and result["p95"] < 20
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
