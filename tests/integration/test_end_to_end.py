"""The seed article through the four real services on a real broker, pushed with `newsflow push`."""
from __future__ import annotations

import asyncio
import json
import re
import subprocess
import time
from collections import Counter

import httpx

from services.index.search_index import ArticleIndex
from shared.client.partitions import end_offsets
from tests.support import (
    HANDBOOK,
    NEWSFLOW,
    PYTHON,
    ROOT,
    SEED,
    SERVICES,
    consume_all,
    eventually,
    free_port,
    read_since,
)

EXPECTED = json.loads((SEED / "expected.json").read_text())


def _messages_total(metrics_text: str, service: str) -> float:
    total = 0.0
    for line in metrics_text.splitlines():
        if line.startswith("newsflow_messages_total{") and f'service="{service}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def _search_hit(pipeline, query: str):
    response = pipeline.search(q=query)
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    return hits[0] if hits else None


def _push_seed(pipeline) -> dict:
    """Push the seed article with `newsflow push` and wait until a search finds it (pushing it
    again is harmless: ingest drops the duplicate, the index upserts)."""
    pushed = subprocess.run([NEWSFLOW, "push", str(SEED / "article.txt")], env=pipeline.env(),
                            capture_output=True, text=True, timeout=60)
    assert pushed.returncode == 0, pushed.stderr
    return eventually(lambda: _search_hit(pipeline, '"Shanghai Cooperation Organization"'),
                      what="a search hit for the seed article")


def test_seed_article_goes_through_the_pipeline(pipeline):
    hit = _push_seed(pipeline)
    article = httpx.get(f"{pipeline.search_url}/articles/{hit['id']}", timeout=10).json()

    assert article["text"] == EXPECTED["clean_text"]
    assert str(article["published"]) == EXPECTED["published"]
    removed = [line["text"] for line in article["removed"]]
    assert removed == EXPECTED["removed_lines"]

    found = {(e["text"], e["label"]): e for e in article["entities"]}
    for required in EXPECTED["entities_required"]:
        matches = [e for (text, label), e in found.items()
                   if text in (required["text"], required["text"].removeprefix("the "))
                   and label in required["labels"]]
        assert matches, f"entity {required['text']} {required['labels']} not tagged"
        if "canonical" in required:
            assert all(e["canonical"] == required["canonical"] for e in matches), matches
    names = " ".join(e["text"] + " " + e["canonical"] for e in article["entities"])
    for forbidden in EXPECTED["entities_forbidden_from_boilerplate"]:
        assert not re.search(rf"\b{re.escape(forbidden)}\b", names), f"{forbidden} tagged from boilerplate"

    for service in SERVICES:
        assert _messages_total(pipeline.metrics_text(service), service) > 0, f"{service} counted nothing"
    clean_metrics = pipeline.metrics_text("clean")
    for rule, count in Counter(line["rule"] for line in article["removed"]).items():
        counted = re.search(rf'^newsflow_boilerplate_lines_removed_total{{rule="{rule}"}} (\S+)$', clean_metrics, re.M)
        assert counted and float(counted.group(1)) >= count, f"{rule}: {count} lines removed, metric {counted}"


def test_newsflow_search_prints_the_article(pipeline):
    hit = _push_seed(pipeline)
    result = subprocess.run([NEWSFLOW, "search", "Kremlin", "--url", pipeline.search_url],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\d+ articles", result.stdout, re.M)
    assert hit["id"][:12] in result.stdout
    assert "*Kremlin*" in result.stdout  # the highlighted match, as plain text
    assert "PERSON: " in result.stdout and "Volodymyr Zelensky" in result.stdout


def _duplicates_counted(pipeline) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in pipeline.metrics_text("ingest").splitlines()
               if line.startswith("newsflow_messages_total{") and 'outcome="duplicate"' in line)


def test_pushing_the_same_article_twice_passes_it_on_once(pipeline, tmp_path):
    """Ingest itself drops the second copy (the index would hide it anyway, by upserting)."""
    article = tmp_path / "twice.json"
    article.write_text(json.dumps({"title": "Pushed twice", "url": f"https://twice.example/{time.time_ns()}",
                                   "text": "Divers in Valletta recovered a bronze anchor on Monday.\n"
                                           "The museum will show it from next spring."}))
    since = asyncio.run(end_offsets(pipeline.bootstrap, "news.ingested"))
    duplicates_before = _duplicates_counted(pipeline)
    for _ in range(2):
        subprocess.run([NEWSFLOW, "push", "--quiet", str(article)], env=pipeline.env(),
                       check=True, capture_output=True, timeout=60)
    eventually(lambda: _duplicates_counted(pipeline) > duplicates_before, what="ingest counting a duplicate")
    hit = eventually(lambda: _search_hit(pipeline, '"bronze anchor" Valletta'), what="the article indexed")
    ingested = [m for m in asyncio.run(read_since(pipeline.bootstrap, "news.ingested", since)) if m["id"] == hit["id"]]
    assert len(ingested) == 1, f"ingest passed the article on {len(ingested)} times"
    assert _duplicates_counted(pipeline) == duplicates_before + 1


def test_reindex_rebuilds_the_index_from_news_tagged(pipeline, tmp_path):
    hit = _push_seed(pipeline)
    rebuilt = tmp_path / "rebuilt-index"
    result = subprocess.run([NEWSFLOW, "reindex", "--index-dir", str(rebuilt)], env=pipeline.env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    tagged = asyncio.run(consume_all(pipeline.bootstrap, "news.tagged", lambda m: False, timeout=5))
    with ArticleIndex(rebuilt, read_only=True) as index:
        assert index.count() == len({m["id"] for m in tagged}) > 0
        assert index.get(hit["id"])["text"] == EXPECTED["clean_text"]


def test_a_second_index_writer_on_the_same_directory_fails_fast(pipeline):
    env = dict(pipeline.env(), NEWSFLOW_WEB_PORT=str(free_port()))
    worker = subprocess.run([PYTHON, "-m", "services.index.app", "worker"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert worker.returncode != 0
    assert "only one writer" in worker.stderr and str(pipeline.workdir) in worker.stderr

    reindex = subprocess.run([NEWSFLOW, "reindex"], env=pipeline.env(), capture_output=True, text=True, timeout=60)
    assert reindex.returncode == 2
    assert "only one writer" in reindex.stderr


def test_search_api_answers_bad_queries_with_400_over_http(pipeline):
    for params in ({"q": '"unbalanced'}, {"q": "nosuchfield:x"}, {"q": "x" * 5_000}, {"limit": "-1"},
                   {"limit": str(10**9)}, {"since": "yesterday"}):
        response = pipeline.search(**params)
        assert response.status_code == 400, (params, response.text)
        assert response.json()["error"], params
    # A 10,000-character query makes a request line longer than the HTTP server reads (8190
    # bytes): aiohttp answers 400 itself, before our handler, with a message that says so.
    too_long = pipeline.search(q="x" * 10_000)
    assert too_long.status_code == 400 and "8190 bytes" in too_long.text
    assert httpx.get(f"{pipeline.search_url}/articles/no-such-id", timeout=10).status_code == 404
    health = httpx.get(f"{pipeline.search_url}/health", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"


def test_an_html_page_is_cleaned_titled_and_searchable(pipeline):
    page = HANDBOOK / "corpus" / "pages" / "dragnet" / "input" / "100.html"
    pushed = subprocess.run([NEWSFLOW, "push", "--quiet", str(page)], env=pipeline.env(),
                            capture_output=True, text=True, timeout=60)
    assert pushed.returncode == 0, pushed.stderr
    hits = eventually(lambda: pipeline.search(q='"Amelia Earhart"').json()["hits"], what="the HTML page indexed")
    assert hits[0]["title"] == "Latest Amelia Earhart search falls short"
    article = httpx.get(f"{pipeline.search_url}/articles/{hits[0]['id']}", timeout=10).json()
    assert "<" not in article["text"] and "expedition" in article["text"]
    assert article.get("html") is None
