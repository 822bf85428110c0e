"""OpenSearchIndex: the article index in an OpenSearch 2.19 cluster, with the same methods
and the same search bodies as the tantivy ``ArticleIndex``.

Unlike tantivy there is no single writer: any number of index workers (and
``newsflow reindex``) may write at once. What keeps them consistent:

- **External versioning.** Each document's version is the article's ``tagged_at`` in
  microseconds since the epoch. OpenSearch stores a write only if its version is *greater*
  than the stored one, so a replayed batch (a crash between the bulk write and the offset
  commit), a reindex, or a worker that lags behind another can never put an older version
  back. Why not the news.tagged offset: offsets are per partition, so when the partition
  count changes an article's next version lands on another partition with unrelated
  offsets, and a re-created topic starts again at 0; ``tagged_at`` travels inside the
  message and orders the versions of one article as the tagger made them. (Its weakness:
  the tag workers' clocks. Two versions of one article tagged on two hosts within their
  clock skew, during a rebalance, could be ordered wrongly; NTP keeps that to
  milliseconds.) A write refused for its version (409) is therefore a success: the index
  already holds that version or a newer one.
- **Bulk writes, every item checked.** ``upsert_batch`` returns only when OpenSearch has
  answered for every article, so the caller acknowledges offsets after the index has them.
  An item refused with 400 (a mapping conflict, a term too long to index) is the article's
  fault: it is returned with the reason, for a dead letter. Anything else (429, 5xx, a
  closed or missing index, the cluster unreachable) is retried with exponential backoff;
  when the retries run out ``IndexUnavailableError`` is raised and nothing is blamed on the
  articles: the worker should stop and re-read the batch. A failure of the whole bulk
  request (no answer, 429, 5xx, even a 401) is likewise never an article's fault.

The index (``NEWSFLOW_OPENSEARCH_INDEX``) gets its settings and mapping from an index
template written at start, so an index created by any worker, or re-created by an
operator, has the same mapping. Documents become searchable at the next refresh (1 s).
"""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any, Callable, Iterable, Optional

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from services.index.query import MAX_LIMIT, MAX_OFFSET, QueryError, SearchRequest
from services.index.query_syntax import DEFAULT_FIELDS, FIELD_BOOSTS, parse_text_query
from services.index.schema import INDEX_SCHEMA_VERSION, entity_key, story_key, summary_of
from services.index.schema import IndexSchemaError as SchemaMismatch
from services.index.search_index import (
    EXACT_STORY_COUNT,
    FACET_TERMS,
    LANGUAGE_FACET_SIZE,
    SNIPPET_CHARS,
    TITLE_FALLBACK_CHARS,
    group_facets,
    language_facet,
    shorten,
    sort_story,
    story_member,
)
from shared.contracts import TaggedArticle
from shared.failures import Unavailable

log = logging.getLogger(__name__)
# opensearch-py logs every request at INFO: one line per bulk and per search drowns the
# worker's log. Failures still come through (WARNING), and ours say what we do about them.
logging.getLogger("opensearch").setLevel(logging.WARNING)

REFRESH_INTERVAL = "1s"
MAX_BULK_BYTES = 8 * 1024 * 1024   # well under OpenSearch's 100 MB http.max_content_length
ARTICLE_FAULT_STATUS = 400         # the document itself cannot be indexed ...
OUR_FAULT_TYPES = {"strict_dynamic_mapping_exception"}  # ... unless our document and template disagree
ALREADY_NEWER_STATUS = 409         # version conflict: the stored version is as new or newer
# Snippets: the unified highlighter, one fragment, the start of the text when nothing matched.
HIGHLIGHT = {"fields": {"text": {"type": "unified", "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                                 "no_match_size": SNIPPET_CHARS}},
             "pre_tags": ["<b>"], "post_tags": ["</b>"], "encoder": "html"}


class IndexUnavailableError(Unavailable):
    """OpenSearch did not take a batch after the bounded retries (down, overloaded with 429s,
    answering 5xx, or the index blocked or missing). Not the articles' fault: the worker
    must not acknowledge the batch, and must not dead-letter it; as an ``Unavailable``, the
    stage wiring retries it and then stops the worker."""


class IndexSchemaError(IndexUnavailableError, SchemaMismatch):
    """The index was created by an older template (its mapping lacks fields this code writes
    and searches). Raised at start, never retried: the message says how to rebuild. An
    IndexUnavailableError, so whatever stops on an unreachable cluster stops on this too."""


def template_body(index_name: str, shards: int, replicas: int) -> dict[str, Any]:
    """The index template: an English analyzer for the text, lower-cased keywords for
    filters, exact keywords for facets, and nothing dynamic (an unexpected field is a bug)."""
    keyword_lower = {"type": "keyword", "normalizer": "lowercase_keyword"}
    return {
        "index_patterns": [index_name],
        "priority": 100,
        "template": {
            "settings": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                "refresh_interval": REFRESH_INTERVAL,
                # the deepest page the API allows (offset + limit), collapsed or not
                "max_result_window": MAX_OFFSET + MAX_LIMIT,
                "analysis": {"normalizer": {"lowercase_keyword": {
                    "type": "custom", "filter": ["lowercase"]}}},
            },
            "mappings": {
                "dynamic": "strict",
                "_meta": {"schema_version": INDEX_SCHEMA_VERSION},
                "properties": {
                    "id": {"type": "keyword"},
                    "title": {"type": "text", "analyzer": "english"},
                    # offsets in the postings: fast highlighting of long articles
                    "text": {"type": "text", "analyzer": "english", "index_options": "offsets"},
                    "source": keyword_lower,
                    "published": {"type": "date", "format": "strict_date"},
                    "entity_label": {"type": "keyword"},
                    "entity_name": keyword_lower,
                    "entity_key": keyword_lower,
                    # facets: build the terms aggregation's global ordinals at refresh, not
                    # in the first search after each refresh (the index refreshes every second)
                    "entity_value": {"type": "keyword", "eager_global_ordinals": True},
                    # the story key (story_id, or the id of an article from before stories):
                    # field collapsing, copy counts, the story's articles
                    "story": {"type": "keyword"},
                    "copy": {"type": "boolean"},   # duplicate_of is set: which article shows a story
                    "language": {"type": "keyword"},
                    # the rest of the article, kept in _source for display, never indexed
                    "payload": {"type": "object", "enabled": False},
                },
            },
        },
    }


def to_source(article: TaggedArticle) -> dict[str, Any]:
    entities = summary_of(article)
    payload = json.loads(article.model_dump_json(exclude={"text"}))
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "entity_label": sorted({e.label for e in entities}),
        "entity_name": [e.canonical for e in entities],
        "entity_key": [entity_key(e.label, e.canonical) for e in entities],
        "entity_value": [entity_key(e.label, e.canonical) for e in entities],
        "story": story_key(article),
        "copy": article.duplicate_of is not None,
        "language": article.language.lower() if article.language else None,
        "payload": {**payload, "display_title": article.title
                    or shorten(article.text.split("\n", 1)[0], TITLE_FALLBACK_CHARS)},
    }


def version_of(article: TaggedArticle) -> int:
    """tagged_at in whole microseconds since the epoch (see the module docstring)."""
    return round(article.tagged_at.timestamp() * 1_000_000)


class OpenSearchIndex:
    """The article index named ``index_name`` on the cluster at ``url``."""

    read_only = False

    def __init__(self, url: str, index_name: str = "newsflow-articles", *, shards: int = 1,
                 replicas: int = 0, retry_seconds: float = 60.0, request_timeout: float = 30.0,
                 verify_certs: bool = True) -> None:
        self.url = url
        self.index_name = index_name
        self.retry_seconds = retry_seconds
        # Retries are ours (bounded, with backoff, per item), not the transport's. No
        # http_compress: gzip in Python halved bulk throughput on a local node (bench).
        self.client = OpenSearch(hosts=[url], timeout=request_timeout, max_retries=0,
                                 retry_on_timeout=False, verify_certs=verify_certs)
        self._retrying("setting up the index", lambda: self._ensure_index(shards, replicas))

    # -- writing ---------------------------------------------------------------------------

    def upsert_batch(self, articles: Iterable[TaggedArticle]) -> dict[str, str]:
        """Write each article (the newest version of an id in the batch) with its external version.
        Returns {article id: reason} for the articles OpenSearch refused as malformed; the
        rest are in the index (or a newer version of them is). Raises IndexUnavailableError
        if OpenSearch did not take the batch within ``retry_seconds``."""
        latest: dict[str, TaggedArticle] = {}
        for article in articles:  # one bulk item per id: the newest version (on a tie, the last)
            kept = latest.get(article.id)
            if kept is None or version_of(article) >= version_of(kept):
                latest[article.id] = article
        rejected: dict[str, str] = {}
        for chunk in _chunks(list(latest.values())):
            rejected.update(self._write_chunk(chunk))
        return rejected

    def _write_chunk(self, chunk: list[tuple[TaggedArticle, bytes]]) -> dict[str, str]:
        pending = {article.id: (article, line) for article, line in chunk}
        rejected: dict[str, str] = {}
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.25
        while True:
            try:
                items = self._bulk([line for _, line in pending.values()])
                last_problem = None
                for item in items:
                    result = item["index"]
                    status, article_id = result["status"], result["_id"]
                    if status < 300 or status == ALREADY_NEWER_STATUS:
                        pending.pop(article_id, None)
                    elif _article_fault(status, result.get("error")):
                        pending.pop(article_id, None)
                        rejected[article_id] = _reason(result.get("error"))
                    else:
                        last_problem = f"HTTP {status}: {_reason(result.get('error'))}"
            except TransportError as exc:  # the whole request failed: never the articles' fault
                last_problem = f"{type(exc).__name__}: {exc}"
            if not pending:
                return rejected
            if time.monotonic() + delay > deadline:
                raise IndexUnavailableError(
                    f"OpenSearch at {self.url} did not take {len(pending)} article(s) within "
                    f"{self.retry_seconds:.0f}s; last problem: {last_problem}")
            log.warning("OpenSearch did not take %d article(s) (%s); retrying in %.2fs",
                        len(pending), last_problem, delay)
            time.sleep(delay)
            delay = min(delay * 2, 8.0)

    def _bulk(self, lines: list[bytes]) -> list[dict[str, Any]]:
        response = self.client.bulk(body=b"".join(lines), index=self.index_name)
        return response["items"]

    def refresh(self) -> None:
        """Make every write so far searchable now (otherwise: within REFRESH_INTERVAL)."""
        self.client.indices.refresh(index=self.index_name)

    reload = refresh

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "OpenSearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def delete_index(self) -> None:
        """Drop the index (for `newsflow reindex --recreate` and tests); the template stays."""
        self.client.indices.delete(index=self.index_name, ignore_unavailable=True)

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return self.client.count(index=self.index_name)["count"]

    def get(self, article_id: str) -> Optional[dict[str, Any]]:
        try:
            found = self.client.get(index=self.index_name, id=article_id)
        except NotFoundError:
            return None
        source = found["_source"]
        article = dict(source["payload"])
        article.pop("display_title", None)
        article["text"] = source["text"]
        return article

    def search(self, request: SearchRequest) -> dict[str, Any]:
        """The /search body for a validated request; QueryError for a bad ``q``.

        Collapsed: OpenSearch's field collapsing on ``story`` ranks the stories by their best
        article, and a cardinality aggregation counts them. Then one more request, as on
        tantivy, finds the matching originals of the page's stories whose best match is a
        copy (they show those stories) and counts every story's articles. (An ``inner_hits``
        per story did the first part in one request, but ran a search per hit: 4x slower.)"""
        if request.q:
            parse_text_query(request.q)  # the same syntax rules and messages as tantivy
        query = {"bool": {"must": [self._text_query(request.q)] if request.q else [],
                          "filter": self._filters(request)}}
        body: dict[str, Any] = {
            "query": query,
            "from": request.offset,
            "size": request.limit,
            "track_total_hits": True,
            "_source": ["id", "payload"],
            "aggs": {"entities": {"terms": {"field": "entity_value", "size": FACET_TERMS}},
                     "languages": {"terms": {"field": "language", "size": LANGUAGE_FACET_SIZE}}},
            "highlight": HIGHLIGHT,
        }
        if not request.q:
            body["sort"] = [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        if request.collapse:
            body["collapse"] = {"field": "story"}
            body["aggs"]["stories"] = {"cardinality": {"field": "story",
                                                       "precision_threshold": EXACT_STORY_COUNT}}
        result = self._search(body)
        found = result["hits"]["hits"]
        led_by_copy = ([story_key(hit["_source"]["payload"]) for hit in found
                        if hit["_source"]["payload"].get("duplicate_of") is not None]
                       if request.collapse else [])
        originals, copies = self._originals_and_counts(
            query, led_by_copy, sorted({story_key(hit["_source"]["payload"]) for hit in found}))
        shown = [originals.get(story_key(hit["_source"]["payload"]), hit) for hit in found]
        hits = [self._hit(hit, scored=bool(request.q)) for hit in shown]
        for hit in hits:
            hit["copies"] = copies.get(hit["story_id"], 1) - 1
        articles = result["hits"]["total"]["value"]
        aggregations = result["aggregations"]
        return {"total": aggregations["stories"]["value"] if request.collapse else articles,
                "articles": articles, "hits": hits,
                "facets": group_facets(aggregations["entities"]["buckets"], request.labels),
                "languages": language_facet(aggregations["languages"]["buckets"])}

    def _originals_and_counts(self, query: dict[str, Any], led_by_copy: list[str], story_keys: list[str]
                              ) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
        """One request: the matching originals of the stories in ``led_by_copy`` (as hits,
        with their own score and highlight), and how many articles each story in
        ``story_keys`` has in the index (a global aggregation: matching or not)."""
        if not story_keys:
            return {}, {}
        body: dict[str, Any] = {
            "size": len(led_by_copy),
            "_source": ["id", "payload"],
            "highlight": HIGHLIGHT,
            "query": ({"bool": {"must": query["bool"]["must"], "filter": [
                *query["bool"]["filter"], {"terms": {"story": led_by_copy}}, {"term": {"copy": False}}]}}
                if led_by_copy else {"match_none": {}}),
            "aggs": {"all": {"global": {}, "aggs": {"page": {
                "filter": {"terms": {"story": story_keys}},
                "aggs": {"stories": {"terms": {"field": "story", "size": len(story_keys)}}}}}}},
        }
        result = self._search(body)
        originals = {story_key(hit["_source"]["payload"]): hit for hit in result["hits"]["hits"]}
        buckets = result["aggregations"]["all"]["page"]["stories"]["buckets"]
        return originals, {bucket["key"]: bucket["doc_count"] for bucket in buckets}

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.client.search(index=self.index_name, body=body)
        except RequestError as err:  # a query OpenSearch's parser refuses although tantivy's took it
            info = err.info.get("error") if isinstance(err.info, dict) else None
            raise QueryError(f"invalid query in q: {_root_cause(info) or err.error}") from None

    def story(self, story_key: str, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """Every article of a story: how many, and up to ``limit`` of them (original first,
        then newest published first), as tantivy's ``story`` gives them."""
        result = self.client.search(index=self.index_name, body={
            "query": {"term": {"story": story_key}}, "size": limit, "track_total_hits": True,
            "_source": ["payload"],
            "sort": [{"copy": "asc"}, {"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]})
        members = [story_member(hit["_source"]["payload"]) for hit in result["hits"]["hits"]]
        return result["hits"]["total"]["value"], sort_story(members)

    # -- internals -------------------------------------------------------------------------

    def _ensure_index(self, shards: int, replicas: int) -> None:
        name = f"{self.index_name}-template"
        self.client.indices.put_index_template(
            name=name, body=template_body(self.index_name, shards, replicas))
        if not self.client.indices.exists(index=self.index_name):
            try:
                self.client.indices.create(index=self.index_name)
            except RequestError as err:
                if err.error != "resource_already_exists_exception":  # another worker won the race
                    raise
        self._check_schema_version()
        health = self.client.cluster.health(index=self.index_name, wait_for_status="yellow")
        if health.get("timed_out") or health.get("status") == "red":
            # the index exists but its primary shard is not allocated yet: not ready to use
            raise TransportError(503, "index_not_ready", health)
        # Right after another worker created the index, health can say yellow while a search
        # still finds no active shard (503): ready means a count answers.
        self.count()

    def _check_schema_version(self) -> None:
        """Refuse an index created by an older template: its strict mapping would refuse every
        article (story, language are unknown to it), and its old documents have no story to
        collapse on, so it must be rebuilt, not patched."""
        mappings = self.client.indices.get_mapping(index=self.index_name)
        for name, found in mappings.items():
            version = (found["mappings"].get("_meta") or {}).get("schema_version", 1)
            if version < INDEX_SCHEMA_VERSION:
                raise IndexSchemaError(
                    f"the OpenSearch index {name} was created with index schema {version}; this "
                    f"version writes and searches schema {INDEX_SCHEMA_VERSION} (story, copy, language). "
                    f"Point NEWSFLOW_OPENSEARCH_INDEX at a new name and run `newsflow reindex`, "
                    f"or delete {name} and run `newsflow reindex` (news.tagged holds every article)")

    def _retrying(self, what: str, action: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.5
        while True:
            try:
                return action()
            except TransportError as exc:  # includes ConnectionError (no answer at all)
                if time.monotonic() + delay > deadline:
                    raise IndexUnavailableError(f"{what}: OpenSearch at {self.url} did not answer "
                                                f"within {self.retry_seconds:.0f}s: {exc}") from exc
                log.warning("%s: OpenSearch at %s: %s; retrying in %.1fs", what, self.url, exc, delay)
                time.sleep(delay)
                delay = min(delay * 2, 8.0)

    @staticmethod
    def _text_query(q: str) -> dict[str, Any]:
        return {"query_string": {
            "query": q, "default_operator": "OR",
            "fields": [f"{f}^{FIELD_BOOSTS[f]}" if f in FIELD_BOOSTS else f for f in DEFAULT_FIELDS]}}

    @staticmethod
    def _filters(request: SearchRequest) -> list[dict[str, Any]]:
        clauses: list[dict[str, Any]] = []
        for entity in request.entities:
            if entity.label:
                clauses.append({"term": {"entity_key": entity_key(entity.label, entity.canonical)}})
            else:
                clauses.append({"term": {"entity_name": entity.canonical}})
        for label in request.labels:
            clauses.append({"term": {"entity_label": label}})
        if request.source:
            clauses.append({"term": {"source": request.source}})
        if request.languages:
            clauses.append({"terms": {"language": list(request.languages)}})
        if request.since or request.until:
            bounds: dict[str, str] = {}
            if request.since:
                bounds["gte"] = request.since.isoformat()
            if request.until:
                bounds["lt"] = (request.until + timedelta(days=1)).isoformat()
            clauses.append({"range": {"published": bounds}})
        return clauses

    @staticmethod
    def _hit(hit: dict[str, Any], scored: bool) -> dict[str, Any]:
        payload = hit["_source"]["payload"]
        fragments = (hit.get("highlight") or {}).get("text") or [""]
        return {
            "id": hit["_id"],
            "story_id": story_key(payload),
            "duplicate_of": payload.get("duplicate_of"),
            "title": payload.get("display_title"),
            "score": hit["_score"] if scored else None,
            "published": payload.get("published"),
            "source": payload.get("source"),
            "url": payload.get("url"),
            "language": payload.get("language"),
            "snippet": fragments[0],
            "entities": [{"canonical": e["canonical"], "label": e["label"], "mentions": e["mentions"]}
                         for e in payload.get("entity_summary") or []],
        }


def _chunks(articles: list[TaggedArticle]) -> Iterable[list[tuple[TaggedArticle, bytes]]]:
    """The bulk lines of each article, in requests of at most MAX_BULK_BYTES (one article
    larger than that still goes, alone)."""
    chunk: list[tuple[TaggedArticle, bytes]] = []
    size = 0
    for article in articles:
        action = {"index": {"_id": article.id, "version": version_of(article),
                            "version_type": "external"}}
        line = (json.dumps(action) + "\n" + json.dumps(to_source(article), ensure_ascii=False)
                + "\n").encode("utf-8")
        if chunk and size + len(line) > MAX_BULK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append((article, line))
        size += len(line)
    if chunk:
        yield chunk


def _article_fault(status: int, error: Any) -> bool:
    """A 400 for one document is the article's fault (a value the mapping cannot take, a term
    too long for Lucene), except a field the strict mapping does not know: that is a bug in
    to_source, and dead-lettering would blame every article for it."""
    kind = error.get("type") if isinstance(error, dict) else None
    return status == ARTICLE_FAULT_STATUS and kind not in OUR_FAULT_TYPES


def _root_cause(error: Any) -> str:
    causes = error.get("root_cause") if isinstance(error, dict) else None
    return _reason(causes[0]) if causes else ""


def _reason(error: Any) -> str:
    if isinstance(error, dict):
        reason = f"{error.get('type')}: {error.get('reason')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict):
            reason += f" (caused by {cause.get('type')}: {cause.get('reason')})"
        return reason[:500]
    return str(error)[:500] if error else ""
