"""Soak benchmark (`make bench-soak`): push many real articles through the running pipeline
and record each service's resident memory as it goes.

A real broker and the four services as real processes (the integration tests' helpers).
Articles are the handbook's dragnet texts, each pushed under its own URL so each is a new
article. Prints one line per sample and, last:

    soak: N/N indexed in S s, memory growth over the second half: ingest x%, clean y%, tag z%, index w%

Target (issue 11): every article indexed; each service's memory levels off, under 5 % growth
from the middle sample to the last.

    SOAK_ARTICLES=20000 SOAK_SAMPLE_SECONDS=60 .venv/bin/python bench/soak.py
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' broker and pipeline helpers
from tests.support import SERVICES, Broker, Pipeline, real_texts  # noqa: E402

ARTICLES = int(os.environ.get("SOAK_ARTICLES", "20000"))
SAMPLE_SECONDS = float(os.environ.get("SOAK_SAMPLE_SECONDS", "60"))
PUSH_CHUNK = 1000
MAX_GROWTH = 0.05


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="newsflow-soak-"))
    broker = Broker(workdir / "kafka")
    (workdir / "kafka").mkdir()
    broker.start()
    pipe = Pipeline(broker.bootstrap, workdir / "pipeline")
    try:
        pipe.start_all()
        corpus = real_texts()
        marker = f"soak-{int(time.time())}"
        started = time.monotonic()
        samples: list[dict[str, float]] = []
        next_sample = started
        pushed = 0
        indexed = 0
        while indexed < ARTICLES:
            if pushed < ARTICLES:
                chunk = range(pushed, min(ARTICLES, pushed + PUSH_CHUNK))
                pipe.push(*(json.dumps({"title": f"{marker} {i}", "text": corpus[i % len(corpus)], "source": marker,
                                        "url": f"https://soak.example/{marker}/{i}"}).encode() for i in chunk))
                pushed = chunk[-1] + 1
            indexed = pipe.search(source=marker, limit=1).json()["total"]
            if time.monotonic() >= next_sample:
                sample = {name: resident_mb(pipe.services[name].process.pid) for name in SERVICES}
                samples.append(sample)
                print(f"t={time.monotonic() - started:6.0f} s  indexed {indexed:6d}/{ARTICLES}  " +
                      "  ".join(f"{n} {mb:6.1f} MB" for n, mb in sample.items()), flush=True)
                next_sample += SAMPLE_SECONDS
            for name in SERVICES:
                if pipe.services[name].process.poll() is not None:
                    print(f"soak: {name} exited with {pipe.services[name].process.returncode}", file=sys.stderr)
                    return 1
            time.sleep(1)
        elapsed = time.monotonic() - started
        samples.append({name: resident_mb(pipe.services[name].process.pid) for name in SERVICES})
        middle, last = samples[len(samples) // 2], samples[-1]
        growth = {name: (last[name] - middle[name]) / middle[name] for name in SERVICES}
        print(f"soak: {indexed}/{ARTICLES} indexed in {elapsed:.0f} s, {len(samples)} samples, memory growth over "
              "the second half: " + ", ".join(f"{n} {g:+.1%}" for n, g in growth.items()) +
              f" (target under {MAX_GROWTH:.0%}); resident at the end: " +
              ", ".join(f"{n} {last[n]:.0f} MB" for n in SERVICES))
        return 0 if indexed == ARTICLES and all(g < MAX_GROWTH for g in growth.values()) else 1
    finally:
        for name in SERVICES:
            pipe.stop(name)
        broker.stop()


if __name__ == "__main__":
    sys.exit(main())
