"""Two index workers on one OpenSearch index, on the real broker and node: every article
indexed exactly once, both workers share the work, a newer version is never replaced by an
older one sent after it, an article OpenSearch refuses goes to news.deadletter alone, and
`newsflow reindex` rebuilds the index on OpenSearch while the workers run."""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import uuid
from datetime import datetime, timedelta, timezone

import httpx
from opensearchpy import OpenSearch

from shared.contracts import Entity, TaggedArticle
from tests.support import NEWSFLOW, PYTHON, ROOT, consume_all, eventually, free_port, produce, stop_process, tail

ARTICLES = 600


def _tagged(article_id: str, title: str, tagged_at: datetime, canonical: str = "Oslo") -> tuple[bytes, bytes]:
    text = f"{title}: a report from Oslo about the harbour and the fishing fleet."
    value = TaggedArticle(
        id=article_id, content_hash=article_id, title=title, text=text,
        received_at=tagged_at, tagged_at=tagged_at,
        entities=[Entity(text="Oslo", label="GPE", start=0, end=4, canonical=canonical)],
    ).model_dump_json().encode()
    return article_id.encode(), value


def _processed(port: int) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    match = re.search(r'^newsflow_messages_total\{[^}]*outcome="processed"[^}]*service="index"[^}]*\} (\S+)|'
                      r'^newsflow_messages_total\{[^}]*service="index"[^}]*outcome="processed"[^}]*\} (\S+)',
                      text, re.MULTILINE)
    return float(next(g for g in match.groups() if g)) if match else 0.0


def test_two_index_workers_on_opensearch_index_every_article_once(kafka, opensearch, tmp_path):
    run = uuid.uuid4().hex[:8]
    index_name = f"workers-{run}"
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=kafka.bootstrap, NEWSFLOW_APP_PREFIX=f"os-{run}",
               NEWSFLOW_DATA_DIR=str(tmp_path / "data"), NEWSFLOW_INDEX_BACKEND="opensearch",
               NEWSFLOW_OPENSEARCH_URL=opensearch.url, NEWSFLOW_OPENSEARCH_INDEX=index_name,
               NEWSFLOW_INDEX_BATCH_SIZE="100", NEWSFLOW_BATCH_WITHIN_SECONDS="0.2", PYTHONUNBUFFERED="1")
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"index-{n}.log" for n in range(2)]
    workers = []
    client = OpenSearch(hosts=[opensearch.url])
    try:
        for port, log in zip(ports, logs):
            with log.open("ab") as out:
                workers.append(subprocess.Popen(
                    [PYTHON, "-m", "services.index.app", "worker", "-l", "info"], cwd=ROOT,
                    env=dict(env, NEWSFLOW_WEB_PORT=str(port)), stdout=out, stderr=subprocess.STDOUT))
        for worker, log in zip(workers, logs):
            eventually(lambda w=worker, lg=log: "Ready" in lg.read_text(errors="replace") or w.poll() is not None,
                       timeout=180, what="index worker ready")
            assert worker.poll() is None, tail(log)

        now = datetime.now(timezone.utc)
        ids = [f"two-{run}-{n:05d}" for n in range(ARTICLES)]
        messages = [_tagged(article_id, f"Article {n}", now) for n, article_id in enumerate(ids)]
        # a newer version, then an older one sent after it (a replay): the newer must stay
        messages += [_tagged(ids[0], "Newest version", now + timedelta(seconds=10)),
                     _tagged(ids[0], "Stale replay", now + timedelta(seconds=5))]
        refused_id = f"refused-{run}"
        messages.append(_tagged(refused_id, "Too long a name", now, canonical="x" * 40_000))
        asyncio.run(produce(kafka.bootstrap, "news.tagged", messages))

        def indexed() -> int:
            client.indices.refresh(index=index_name)
            return client.count(index=index_name, body={"query": {"prefix": {"id": f"two-{run}-"}}})["count"]

        eventually(lambda: indexed() == ARTICLES, timeout=240, what=f"{ARTICLES} articles indexed")
        letters = asyncio.run(consume_all(
            kafka.bootstrap, "news.deadletter",
            lambda found: any(m.get("origin", {}).get("key") == refused_id for m in found), timeout=60))
        refused = [m for m in letters if m.get("origin", {}).get("key") == refused_id]
        assert [m["reason"] for m in refused] == ["index_refused"]
        assert "immense term" in refused[0]["detail"] or "illegal_argument" in refused[0]["detail"]

        # exactly once: one document per id, and no id of ours beyond those sent
        assert indexed() == ARTICLES
        assert client.get(index=index_name, id=ids[0])["_source"]["title"] == "Newest version"
        assert not client.exists(index=index_name, id=refused_id)
        # both workers took a share of the partitions
        shares = [_processed(port) for port in ports]
        assert all(share > 0 for share in shares), shares
        assert sum(shares) >= ARTICLES + 2

        # reindex into a fresh index while the workers run; and into the live one: no stale write wins
        rebuilt = f"rebuilt-{run}"
        result = subprocess.run([NEWSFLOW, "reindex"], env=dict(env, NEWSFLOW_OPENSEARCH_INDEX=rebuilt),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1, result.stderr  # 1: the index refused an article (ours, above)
        assert f"refused {refused_id}" in result.stderr
        client.indices.refresh(index=rebuilt)
        assert client.count(index=rebuilt, body={"query": {"prefix": {"id": f"two-{run}-"}}})["count"] == ARTICLES
        assert client.get(index=rebuilt, id=ids[0])["_source"]["title"] == "Newest version"
        mapping = client.indices.get_mapping(index=rebuilt)[rebuilt]["mappings"]
        assert mapping["properties"]["text"]["analyzer"] == "english"
        live = subprocess.run([NEWSFLOW, "reindex"], env=env, capture_output=True, text=True, timeout=300)
        assert live.returncode == 1, live.stderr
        assert client.get(index=index_name, id=ids[0])["_source"]["title"] == "Newest version"
        assert indexed() == ARTICLES
    finally:
        for worker in workers:
            stop_process(worker)
        for name in (index_name, f"rebuilt-{run}"):
            client.indices.delete(index=name, ignore_unavailable=True)
        client.close()
    for log in logs:
        assert "Traceback" not in log.read_text(errors="replace"), tail(log)
