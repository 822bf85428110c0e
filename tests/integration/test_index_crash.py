"""SIGKILL the index worker in the middle of a stream: after a restart, every article pushed to
news.tagged is in the index exactly once (offsets are acknowledged only after a commit)."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from datetime import datetime, timezone

import httpx

from services.index.search_index import ArticleIndex
from shared.contracts import Entity, TaggedArticle
from tests.support import PYTHON, ROOT, consume_all, eventually, free_port, produce, stop_process, tail

ARTICLES = 3000


def _article(n: int) -> tuple[bytes, bytes]:
    text = f"Report number {n} from Oslo about the harbour and the fishing fleet. " * 3
    value = TaggedArticle(
        id=f"crash-{n:05d}", content_hash=str(n), title=f"Crash test {n}", text=text,
        received_at=datetime.now(timezone.utc),
        entities=[Entity(text="Oslo", label="GPE", start=25, end=29, canonical="Oslo")],
    ).model_dump_json().encode()
    return f"crash-{n:05d}".encode(), value


def test_index_worker_killed_mid_stream_loses_and_duplicates_nothing(kafka, tmp_path):
    index_dir = tmp_path / "index"
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=kafka.bootstrap, NEWSFLOW_APP_PREFIX="crashtest",
               NEWSFLOW_DATA_DIR=str(tmp_path / "data"), NEWSFLOW_INDEX_DIR=str(index_dir),
               NEWSFLOW_WEB_PORT=str(free_port()), NEWSFLOW_INDEX_BATCH_SIZE="100", PYTHONUNBUFFERED="1")
    log = tmp_path / "index.log"

    def start() -> subprocess.Popen:
        with log.open("ab") as out:
            return subprocess.Popen([PYTHON, "-m", "services.index.app", "worker", "-l", "info"],
                                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    worker = start()
    try:
        eventually(lambda: "Ready" in log.read_text(errors="replace") or worker.poll() is not None,
                   timeout=180, what="index worker ready")
        assert worker.poll() is None, tail(log)
        asyncio.run(produce(kafka.bootstrap, "news.tagged", [_article(n) for n in range(ARTICLES)]))
        at_kill = eventually(lambda: _count(env) >= 300 and _count(env), timeout=120, interval=0.05,
                             what="the worker indexing part of the stream")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        assert at_kill < ARTICLES, "the whole stream was indexed before the kill: the test proved nothing"

        worker = start()
        expected = asyncio.run(consume_all(kafka.bootstrap, "news.tagged", lambda m: False, timeout=8))
        expected_ids = {m["id"] for m in expected if not m.get("empty")}  # empty articles are not indexed
        assert {f"crash-{n:05d}" for n in range(ARTICLES)} <= expected_ids

        eventually(lambda: _count(env) == len(expected_ids), timeout=240,
                   what=f"{len(expected_ids)} documents indexed after the restart")
    finally:
        stop_process(worker)

    with ArticleIndex(index_dir) as index:
        assert index.count() == len(expected_ids)
        for n in (0, ARTICLES // 2, ARTICLES - 1):
            assert index.get(f"crash-{n:05d}")["title"] == f"Crash test {n}"


def _count(env: dict) -> int:
    """newsflow_index_documents as the worker exports it; -1 while it does not answer."""
    try:
        text = httpx.get(f"http://127.0.0.1:{env['NEWSFLOW_WEB_PORT']}/metrics", timeout=5).text
    except httpx.HTTPError:
        return -1
    for line in text.splitlines():
        if line.startswith("newsflow_index_documents "):
            return int(float(line.split()[1]))
    return -1
