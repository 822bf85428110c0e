"""Index benchmark, for each backend: the bare client vs our index class, then search latency.

tantivy — one run, same synthetic documents, same batch size, same writer heap and threads:

1. bare tantivy: a minimal schema (id, title, text, source, published, entity facets),
   ``add_document`` per article and one ``commit`` per batch — the floor.
2. the service's code: ``ArticleIndex.upsert_batch`` per batch (delete-by-id + add, the extra
   filter fields, the JSON payload, commit, reload).
3. search latency through ``api.search_response`` (parameter parsing, BM25 query, entity
   filter, facet aggregations, snippets, JSON body) for a two-word query with one entity
   filter, on the index from step 2.

Targets (issue 5): service throughput >= 0.5 x bare; search p95 < 20 ms at 100,000 docs.

OpenSearch — the same documents on a real node (NEWSFLOW_OPENSEARCH_URL if
INDEX_BENCH_OPENSEARCH_URL is set, else a node started here by deploy/opensearch):

4. bare opensearch-py: ``helpers.bulk`` of minimal documents (id, title, text, source,
   published, entity) into an index with a minimal mapping, BATCH documents per request;
5. ``OpenSearchIndex.upsert_batch`` (external versions, the full document, per-item checks);
6. search latency through ``api.search_response`` with the same queries, after a refresh.

Target (issue 14): OpenSearch search p95 < 50 ms at 100,000 docs.

Synthetic documents are generated deterministically (seeded) from a Zipf-like vocabulary
and entity pool, so runs are comparable. One article in five is a wire copy of one of the
500 articles before it (its text plus a short tail, ``duplicate_of`` set), and one in ten is
in French or German, so the default search collapses real stories. Search is measured per
``INDEX_BENCH_COLLAPSE`` mode: ``default`` sends no ``collapse`` parameter (the API's
default: one hit per story; what an older API without collapsing also answers, for a
baseline), ``none`` sends ``collapse=none``.

    INDEX_BENCH_DOCS=100000 INDEX_BENCH_BATCH=256 INDEX_BENCH_QUERIES=500 \
        INDEX_BENCH_BACKENDS=tantivy,opensearch .venv/bin/python bench/index_bench.py
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
from opensearchpy import OpenSearch, helpers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.index.api import search_response  # noqa: E402
from services.index.opensearch_index import OpenSearchIndex  # noqa: E402
from services.index.search_index import DEFAULT_WRITER_HEAP_BYTES, ArticleIndex  # noqa: E402
from shared.contracts import Entity, EntitySummary, TaggedArticle  # noqa: E402
from tests.support import OpenSearchNode  # noqa: E402

DOCS = int(os.environ.get("INDEX_BENCH_DOCS", "100000"))
BATCH = int(os.environ.get("INDEX_BENCH_BATCH", "256"))  # = Settings.index_batch_size
QUERIES = int(os.environ.get("INDEX_BENCH_QUERIES", "500"))
SEED = int(os.environ.get("INDEX_BENCH_SEED", "20240301"))
BACKENDS = os.environ.get("INDEX_BENCH_BACKENDS", "tantivy,opensearch").split(",")
COLLAPSE_MODES = os.environ.get("INDEX_BENCH_COLLAPSE", "default,none").split(",")
COPY_EVERY = 5         # every fifth article is a wire copy of a recent one
COPY_WINDOW = 500      # ... of one of the 500 articles before it
OPENSEARCH_URL = os.environ.get("INDEX_BENCH_OPENSEARCH_URL")
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
        self.made: list[TaggedArticle] = []

    def _unique_words(self, count: int, low: int, high: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < count:
            seen["".join(self.rng.choices(SYLLABLES, k=self.rng.randint(low, high)))] = None
        return list(seen)

    def article(self, number: int) -> TaggedArticle:
        made = self._copy(number) if number % COPY_EVERY == COPY_EVERY - 1 else self._original(number)
        self.made.append(made)
        return made

    def _copy(self, number: int) -> TaggedArticle:
        rng = self.rng
        original = self.made[rng.randrange(max(0, len(self.made) - COPY_WINDOW), len(self.made))]
        story = original.story_id or original.id
        tail = " ".join(rng.choices(self.words, cum_weights=self.word_weights, k=rng.randint(5, 40)))
        return original.model_copy(update={
            "id": f"doc-{number:08d}", "content_hash": f"{number:016x}", "text": f"{original.text} {tail}",
            "source": self.sources[number % len(self.sources)], "url": f"https://example.org/{number}",
            "story_id": story, "duplicate_of": story})

    def _original(self, number: int) -> TaggedArticle:
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
            received_at=self.received, entities=mentions, entity_summary=summary,
            story_id=f"doc-{number:08d}", language=("fr", "de", *["en"] * 18)[number % 20])


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


def bench_search(index, corpus: Corpus, collapse: str) -> dict:
    """Search latency for one INDEX_BENCH_COLLAPSE mode (see the module docstring)."""
    rng = random.Random(SEED + 1)
    mid_words = corpus.words[20:400]          # common but not stop-word common
    top_entities = corpus.entities[:200]
    extra = {} if collapse == "default" else {"collapse": [collapse]}
    params = []
    for _ in range(QUERIES + 20):
        label, name = rng.choice(top_entities)
        params.append({"q": [" ".join(rng.sample(mid_words, 2))], "entity": [f"{label}:{name}"], **extra})
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


def bare_opensearch(client: OpenSearch, articles: list[TaggedArticle], name: str) -> float:
    client.indices.create(index=name, body={
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
        "mappings": {"properties": {
            "id": {"type": "keyword"}, "title": {"type": "text", "analyzer": "english"},
            "text": {"type": "text", "analyzer": "english"}, "source": {"type": "keyword"},
            "published": {"type": "date"}, "entity": {"type": "keyword"}}}})
    actions = ({"_index": name, "_id": a.id, "id": a.id, "title": a.title, "text": a.text,
                "source": a.source, "published": a.published.isoformat(),
                "entity": [f"{e.label}/{e.canonical}" for e in a.entity_summary]} for a in articles)
    start = time.perf_counter()
    done, errors = helpers.bulk(client, actions, chunk_size=BATCH, max_chunk_bytes=8 * 1024 * 1024,
                                raise_on_error=True)
    elapsed = time.perf_counter() - start
    assert done == len(articles) and not errors
    return elapsed


def service_opensearch(index: OpenSearchIndex, articles: list[TaggedArticle]) -> float:
    start = time.perf_counter()
    for first in range(0, len(articles), BATCH):
        refused = index.upsert_batch(articles[first:first + BATCH])
        assert not refused, refused
    return time.perf_counter() - start


def run_tantivy(articles: list[TaggedArticle], corpus: Corpus) -> bool:
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        (Path(tmp) / "bare").mkdir()
        bare = index_bare(articles, Path(tmp) / "bare")
        service, index = index_service(articles, Path(tmp) / "service")
        ratio = bare / service
        print(f"tantivy bare: {DOCS / bare:8.0f} docs/s ({bare:.1f}s)")
        print(f"tantivy ArticleIndex: {DOCS / service:8.0f} docs/s ({service:.1f}s)")
        print(f"tantivy ratio service/bare: {ratio:.2f} (target >= 0.5)", flush=True)
        assert index.count() == DOCS, index.count()

        index.close()  # let merges finish: measure search on a settled index, as a reader
        index = ArticleIndex(Path(tmp) / "service", read_only=True)
        segments = index.segments()
        met = ratio >= 0.5
        for collapse in COLLAPSE_MODES:
            result = bench_search(index, corpus, collapse)
            print(f"tantivy search (collapse {collapse}) on {index.count()} docs ({segments} segments), "
                  f"two words + one entity filter, via api.search_response with facets and snippets: "
                  f"p50 {result['p50']:.2f} ms, p95 {result['p95']:.2f} ms, p99 {result['p99']:.2f} ms, "
                  f"mean {result['mean']:.2f} ms (target p95 < 20 ms); mean total "
                  f"{result['mean_total']:.0f}, zero-hit queries {result['zero_hit']}/{QUERIES}", flush=True)
            met &= result["p95"] < 20
        index.close()
    return met


def run_opensearch(articles: list[TaggedArticle], corpus: Corpus) -> bool:
    node = OpenSearchNode()
    node.external = OPENSEARCH_URL
    node.url = OPENSEARCH_URL or ""
    started = time.perf_counter()
    node.start()
    print(f"OpenSearch node at {node.url} ({'given' if OPENSEARCH_URL else 'started here'}, "
          f"{time.perf_counter() - started:.0f}s)", flush=True)
    client = OpenSearch(hosts=[node.url], timeout=120)
    run = f"{os.getpid()}-{int(time.time())}"
    bare_name, ours_name = f"bench-bare-{run}", f"bench-ours-{run}"
    try:
        bare = bare_opensearch(client, articles, bare_name)
        client.indices.delete(index=bare_name)  # free the node's memory for the next step
        index = OpenSearchIndex(node.url, ours_name, request_timeout=120)
        service = service_opensearch(index, articles)
        ratio = bare / service
        print(f"opensearch bare bulk (opensearch-py helpers.bulk): {DOCS / bare:8.0f} docs/s ({bare:.1f}s)")
        print(f"opensearch OpenSearchIndex: {DOCS / service:8.0f} docs/s ({service:.1f}s)")
        print(f"opensearch ratio service/bare: {ratio:.2f}", flush=True)
        index.refresh()
        assert index.count() == DOCS, index.count()
        segments = sum(len(shard[0]["segments"]) for shard in client.indices.segments(
            index=ours_name)["indices"][ours_name]["shards"].values())
        met = True
        for collapse in COLLAPSE_MODES:
            result = bench_search(index, corpus, collapse)
            print(f"opensearch search (collapse {collapse}) on {index.count()} docs ({segments} segments), "
                  f"two words + one entity filter, via api.search_response: p50 {result['p50']:.2f} ms, "
                  f"p95 {result['p95']:.2f} ms, p99 {result['p99']:.2f} ms, mean {result['mean']:.2f} ms "
                  f"(target p95 < 50 ms); mean total {result['mean_total']:.0f}", flush=True)
            met &= result["p95"] < 50
        index.delete_index()
        index.close()
    finally:
        client.indices.delete(index=f"{bare_name},{ours_name}", ignore_unavailable=True)
        client.close()
        node.stop()
    return met


def main() -> int:
    print(f"load average at start: {os.getloadavg()}")
    print(f"index bench: {DOCS} docs, batch {BATCH}, {QUERIES} queries, backends {', '.join(BACKENDS)}, "
          f"tantivy writer heap {HEAP // 1_000_000} MB, threads {THREADS or 'auto'}, {os.cpu_count()} cpus",
          flush=True)
    start = time.perf_counter()
    corpus = Corpus(SEED)
    articles = [corpus.article(n) for n in range(DOCS)]
    print(f"generated in {time.perf_counter() - start:.1f}s", flush=True)
    ok = True
    if "tantivy" in BACKENDS:
        ok &= run_tantivy(articles, corpus)
    if "opensearch" in BACKENDS:
        ok &= run_opensearch(articles, corpus)
    print(f"load average at end: {os.getloadavg()} (2 cores shared: other work inflates both sides)")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
