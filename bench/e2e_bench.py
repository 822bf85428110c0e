"""End-to-end benchmark: the whole pipeline on a real broker, as real processes, against the
slowest stage run bare on the same articles, in one run.

1. bare: spaCy tok2vec+ner through ``nlp.pipe`` on the texts the tag stage would get (the
   pages cleaned in-process first and cut into the Tagger's chunks, untimed), in a process
   of its own; best of two rounds.
2. the pipeline, one worker per stage (ingest, clean, tag, index): push N pages (JSON with
   ``html``, a fresh ``url`` each) and time from the first push to the last article
   counted by the index (/health); articles/s, and its ratio to bare.
3. latency from push to searchable (the article found by GET /search, polled every 0.1 s):
   pages pushed one at a time at half the throughput measured in 2; p50, p95, p99.
4. a second tag worker joins the same consumer group; N fresh pages again; the ratio of
   its throughput to 2's.
5. resident memory (VmRSS) of every service process after the run.
6. bench/index_bench.py for both backends (bare client vs ours, search at 100k documents).

Last line: ``e2e/bare X.XX, 2 tag workers/1 Y.YY, p99 Z.Z s``.

    E2E_BENCH_DOCS=200 E2E_BENCH_BACKEND=tantivy .venv/bin/python bench/e2e_bench.py

E2E_BENCH_BACKEND=opensearch runs the pipeline's index on a node started here.
E2E_BENCH_INDEX=0 skips step 6. Targets (issue 14): e2e >= 0.85 x bare; 2 tag workers >=
1.5 x one; p99 < 5 s at half load; OpenSearch search p95 < 50 ms at 100k documents.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import HANDBOOK, PYTHON, SERVICES, Broker, OpenSearchNode, Pipeline, Service, free_port, stop_process  # noqa: E402

DOCS = int(os.environ.get("E2E_BENCH_DOCS", "200"))
BACKEND = os.environ.get("E2E_BENCH_BACKEND", "tantivy")
RUN_INDEX_BENCH = os.environ.get("E2E_BENCH_INDEX", "1") != "0"
PAGES = HANDBOOK / "corpus" / "pages" / "dragnet" / "input"
POLL_SECONDS = 0.1


def pages(count: int) -> list[str]:
    files = sorted(PAGES.glob("*.html"))
    if not files:
        sys.exit(f"e2e_bench: no pages in {PAGES}")
    return [files[n % len(files)].read_text(errors="replace") for n in range(count)]


# -- 1. the bare stage (run in a child process: `e2e_bench.py bare N`) ----------------------

def bare(count: int) -> None:
    from services.clean.cleaner import clean_html
    from services.tag.tagger import load_model, split_text

    # The pieces the tag stage hands spaCy: the cleaned text, cut at CHUNK_CHARS as the
    # Tagger does (whole long pages would cost spaCy memory the service never spends).
    texts = [piece for page in pages(count) for _, piece in split_text(clean_html(page).text)]
    nlp = load_model()
    list(nlp.pipe(texts[:5]))  # warm up
    rounds = []
    for _ in range(2):
        start = time.perf_counter()
        entities = sum(len(doc.ents) for doc in nlp.pipe(texts))
        rounds.append(time.perf_counter() - start)
    print(json.dumps({"docs_per_s": count / min(rounds), "entities": entities,
                      "chars": sum(map(len, texts))}))


# -- the pipeline ----------------------------------------------------------------------

def payload(page: str, run: str, n: int, source: str) -> bytes:
    return json.dumps({"html": page, "url": f"https://e2e.bench/{run}/{n}", "source": source,
                       "published": (date(2000, 1, 1) + timedelta(days=n)).isoformat()}).encode()


async def push(bootstrap: str, values: list[bytes], rate: float | None = None) -> list[float]:
    """Produce each value to news.raw (paced at ``rate`` per second if given); the
    monotonic time each was handed to the broker."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=16 * 1024 * 1024)
    await producer.start()
    sent = []
    try:
        start = time.monotonic()
        futures = []
        for n, value in enumerate(values):
            if rate:
                await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
                sent.append(time.monotonic())
                await producer.send_and_wait("news.raw", value)
            else:
                sent.append(time.monotonic())
                futures.append(await producer.send("news.raw", value))
        for future in futures:
            await future
    finally:
        await producer.stop()
    return sent


def finished(pipe: Pipeline) -> float:
    """Articles the index stage has finished, whatever the outcome (an article the cleaner left
    empty is finished but not searchable, so the index's document count would never reach it)."""
    try:
        return pipe.processed("index")
    except (httpx.HTTPError, ValueError):
        return -1


def wait_finished(pipe: Pipeline, target: float, timeout: float = 900) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if finished(pipe) >= target:
            return time.monotonic()
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"the index stage did not finish {target:.0f} articles within {timeout}s "
                       f"(finished {finished(pipe):.0f})")


def throughput(pipe: Pipeline, run: str, count: int) -> float:
    before = finished(pipe)
    values = [payload(page, run, n, f"{run}.example") for n, page in enumerate(pages(count))]
    start = time.monotonic()
    asyncio.run(push(pipe.bootstrap, values))
    done = wait_finished(pipe, before + count)
    return count / (done - start)


def latencies(pipe: Pipeline, run: str, count: int, rate: float) -> list[float]:
    """Seconds from push to found by search, for each article pushed at ``rate``/s."""
    source = f"{run}.example"
    seen: dict[str, float] = {}
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(base_url=pipe.search_url, timeout=5) as client:
            while not stop.is_set():
                try:
                    hits = client.get("/search", params={"source": source, "limit": 100,
                                                        "collapse": "none"}).json()["hits"]
                except (httpx.HTTPError, KeyError, ValueError):
                    hits = []
                now = time.monotonic()
                for hit in hits:
                    seen.setdefault(hit["published"], now)
                time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    values = [payload(page, run, n, source) for n, page in enumerate(pages(count))]
    sent = asyncio.run(push(pipe.bootstrap, values, rate=rate))
    deadline = time.monotonic() + 300
    while len(seen) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    stop.set()
    poller.join()
    if len(seen) < count:
        raise RuntimeError(f"only {len(seen)} of {count} latency articles became searchable")
    published = [(date(2000, 1, 1) + timedelta(days=n)).isoformat() for n in range(count)]
    each = [(seen[day] - at, n) for n, (day, at) in enumerate(zip(published, sent))]
    files = sorted(PAGES.glob("*.html"))
    slowest = ", ".join(f"{files[n % len(files)].name} {seconds:.1f} s" for seconds, n in sorted(each)[-3:])
    print(f"slowest to searchable: {slowest}", flush=True)
    return sorted(seconds for seconds, _ in each)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def main() -> int:
    print(f"e2e bench: {DOCS} dragnet pages per run, index backend {BACKEND}, {os.cpu_count()} cpus, "
          f"load average at start {os.getloadavg()}", flush=True)
    bare_run = subprocess.run([PYTHON, __file__, "bare", str(DOCS)], capture_output=True, text=True,
                              cwd=ROOT)
    if bare_run.returncode != 0:
        sys.exit(f"e2e_bench: the bare stage failed:\n{bare_run.stderr[-3000:]}")
    bare_rate = json.loads(bare_run.stdout.strip().splitlines()[-1])["docs_per_s"]
    print(f"bare tag stage (spaCy tok2vec+ner, nlp.pipe, best of 2): {bare_rate:.2f} articles/s", flush=True)

    work = Path(tempfile.mkdtemp(prefix="e2e-bench-"))
    broker = Broker(work / "kafka")
    broker.external = None
    node = OpenSearchNode() if BACKEND == "opensearch" else None
    pipe = None
    extra: Service | None = None
    run = uuid.uuid4().hex[:8]
    try:
        broker.start()
        os.environ.update(NEWSFLOW_APP_PREFIX=f"e2e-{run}", NEWSFLOW_INDEX_BACKEND=BACKEND)
        if node:
            node.start()
            os.environ.update(NEWSFLOW_OPENSEARCH_URL=node.url, NEWSFLOW_OPENSEARCH_INDEX=f"e2e-{run}")
        pipe = Pipeline(broker.bootstrap, work / "pipeline")
        pipe.start_all()
        warm = 5
        asyncio.run(push(pipe.bootstrap, [payload(p, f"warm-{run}", n, "warm.example")
                                          for n, p in enumerate(pages(warm))]))
        wait_finished(pipe, warm)

        one = throughput(pipe, f"one-{run}", DOCS)
        print(f"pipeline, 1 worker per stage: {one:.2f} articles/s", flush=True)
        print(f"pipeline/bare: {one / bare_rate:.2f} (target >= 0.85)", flush=True)

        rate = one / 2
        lat = latencies(pipe, f"lat-{run}", max(20, DOCS // 2), rate)
        p50, p95, p99 = (percentile(lat, f) for f in (0.50, 0.95, 0.99))
        print(f"latency push -> searchable at {rate:.2f} articles/s ({len(lat)} articles): "
              f"p50 {p50:.2f} s, p95 {p95:.2f} s, p99 {p99:.2f} s (target p99 < 5 s)", flush=True)

        extra = Service("tag", free_port(), work / "pipeline" / "logs" / "tag-2.log")
        with extra.log.open("ab") as log:
            extra.process = subprocess.Popen([PYTHON, "-m", "services.tag.app", "worker", "-l", "info"],
                                             cwd=ROOT, env=pipe.env(extra), stdout=log,
                                             stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while "Ready" not in extra.log.read_text(errors="replace"):
            if extra.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the second tag worker did not start:\n" + extra.log.read_text()[-2000:])
            time.sleep(0.5)
        time.sleep(5)  # the group's rebalance settles
        two = throughput(pipe, f"two-{run}", DOCS)
        shares = [_processed(pipe.ports["tag"]), _processed(extra.port)]
        print(f"pipeline, 2 tag workers: {two:.2f} articles/s (messages per tag worker in all runs: "
              f"{shares[0]:.0f}, {shares[1]:.0f})", flush=True)
        print(f"2 tag workers/1: {two / one:.2f} (target >= 1.5)", flush=True)

        for name, service in [*pipe.services.items(), ("tag-2", extra)]:
            print(f"rss {name}: {rss_mb(service.process.pid):.0f} MB", flush=True)
    finally:
        if extra:
            stop_process(extra.process)
        if pipe:
            for name in SERVICES:
                pipe.stop(name)
        broker.stop()
        if node:
            node.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after the pipeline runs: {os.getloadavg()}", flush=True)

    if RUN_INDEX_BENCH:
        index = subprocess.run([PYTHON, str(ROOT / "bench" / "index_bench.py")], cwd=ROOT,
                               env=dict(os.environ, INDEX_BENCH_BACKENDS="tantivy,opensearch"))
        if index.returncode not in (0, 1):
            print(f"index bench failed with {index.returncode}", flush=True)
    print(f"e2e/bare {one / bare_rate:.2f}, 2 tag workers/1 {two / one:.2f}, p99 {p99:.1f} s")
    return 0


def _processed(port: int) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith("newsflow_messages_total{") and 'service="tag"' in line:
            total += float(line.split()[-1])
    return total


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "bare":
        bare(int(sys.argv[2]))
    else:
        sys.exit(main())
