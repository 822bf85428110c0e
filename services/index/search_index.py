"""ArticleIndex: the tantivy index of tagged articles — batched idempotent upserts, search
with filters, highlights and entity facets, and lookup by id.

No Kafka here: the index service's Faust agent batches news.tagged and calls
``upsert_batch``; its web views call the handlers in ``api.py``, which call ``search`` and
``get``. One process owns the writer of an index directory (tantivy's lock file enforces
it); other processes may open the same directory with ``read_only=True`` to search.

Not thread-safe for concurrent writes: call ``upsert_batch`` from one task at a time.
"""
from __future__ import annotations

import html
import json
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

import tantivy

from services.index import schema as sch
from services.index.query import SearchRequest
from services.index.query_syntax import parse_text_query
from shared.contracts import TaggedArticle

DEFAULT_WRITER_HEAP_BYTES = 64_000_000
FACET_SIZE = 10          # entities listed per label
FACET_TERMS = 500        # entities (all labels together) the facet aggregation ranks
SNIPPET_CHARS = 240
TITLE_FALLBACK_CHARS = 90


class IndexLockedError(RuntimeError):
    """Another IndexWriter (in this process or another) holds the index directory's lock."""


class ArticleIndex:
    """The article index in one directory.

    ``ArticleIndex(path)`` creates the index if needed and takes the directory's single
    writer lock (raising IndexLockedError if someone else has it). ``read_only=True`` takes
    no lock and sees commits made by the writer (tantivy reloads on commit).
    """

    def __init__(self, path: Path, writer_heap_bytes: int = DEFAULT_WRITER_HEAP_BYTES,
                 writer_threads: int = 0, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            if not self.path.is_dir() or not tantivy.Index.exists(str(self.path)):
                raise FileNotFoundError(f"no search index in {self.path}")
            self._index = tantivy.Index.open(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(sch.build_schema(), path=str(self.path), reuse=True)
        sch.register_tokenizers(self._index)
        self._schema = self._index.schema
        self._lower = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
                       .filter(tantivy.Filter.lowercase()).build())
        self._writer: Optional[tantivy.IndexWriter] = None
        if not read_only:
            try:
                self._writer = self._index.writer(writer_heap_bytes, writer_threads)
            except ValueError as err:
                if "LockBusy" in str(err) or "lock" in str(err).lower():
                    raise IndexLockedError(
                        f"the search index in {self.path} is already open for writing by another "
                        "index writer (in this process or another one); only one writer may own "
                        "an index directory. Stop the other writer, or open this one with "
                        "read_only=True to search.") from err
                raise
        self._index.reload()

    # -- writing ---------------------------------------------------------------------------

    def upsert_batch(self, articles: Iterable[TaggedArticle]) -> dict[str, str]:
        """Insert or replace each article by id, then commit once and reload.

        Replace = delete by the raw ``id`` term, then add, so replaying a batch (after a crash
        between commit and offset commit) leaves each article exactly once. Within a batch the
        last version of an id wins. If anything fails, the uncommitted work is rolled back.

        Returns the articles refused as malformed, {id: reason}: always none here (tantivy
        takes any document of the schema); the OpenSearch backend may refuse some.
        """
        writer = self._require_writer()
        latest: dict[str, TaggedArticle] = {}
        for article in articles:
            latest.pop(article.id, None)  # keep batch order, last version wins
            latest[article.id] = article
        if not latest:
            return {}
        try:
            for article in latest.values():
                writer.delete_documents_by_term("id", article.id)
                writer.add_document(sch.to_document(article))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        self._index.reload()
        return {}

    def refresh(self) -> None:
        """Writes are searchable once upsert_batch returns; nothing to wait for."""
        self._index.reload()

    def close(self) -> None:
        """Let merges finish and release the writer lock. Safe to call twice."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.wait_merging_threads()

    def __enter__(self) -> "ArticleIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return self._index.searcher().num_docs

    def segments(self) -> int:
        """How many segments a search visits (per-segment costs dominate facet counting)."""
        return self._index.searcher().num_segments

    def reload(self) -> None:
        """Pick up commits made since the last reload (the writer side does this itself)."""
        self._index.reload()

    def get(self, article_id: str) -> Optional[dict[str, Any]]:
        """The stored article (the TaggedArticle's JSON: entities, removed lines, ...), or None."""
        searcher = self._index.searcher()
        result = searcher.search(tantivy.Query.term_query(self._schema, "id", article_id), 1)
        if not result.hits:
            return None
        doc = searcher.doc(result.hits[0][1])
        article = json.loads(doc.get_first("payload"))
        article["text"] = doc.get_first("text")
        return article

    def search(self, request: SearchRequest) -> dict[str, Any]:
        """The /search response body for a validated request. Raises QueryError for a query
        string tantivy cannot parse or one that names a field users may not search."""
        text_query = self._text_query(request.q) if request.q else None
        filters = self._filters(request)
        query = _conjunction(([text_query] if text_query else []) + filters)
        searcher = self._index.searcher()
        if text_query is not None:
            result = searcher.search(query, request.limit, count=True, offset=request.offset)
        else:
            result = searcher.search(query, request.limit, count=True, offset=request.offset,
                                     order_by_field="published", order=tantivy.Order.Desc)
        snippets = (tantivy.SnippetGenerator.create(searcher, query, self._schema, "text")
                    if text_query is not None else None)
        if snippets is not None:
            snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = [self._hit(searcher, address, score if text_query is not None else None, snippets)
                for score, address in result.hits]
        return {"total": result.count, "hits": hits,
                "facets": self._facets(searcher, query, request.labels)}

    # -- internals -------------------------------------------------------------------------

    def _require_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise RuntimeError(
                f"the search index in {self.path} is open read-only or closed; it cannot be written")
        return self._writer

    def _norm(self, value: str) -> str:
        """Lower-case exactly as the index's lower_raw tokenizer does."""
        tokens = self._lower.analyze(value)
        return tokens[0] if tokens else value

    def _text_query(self, q: str) -> tantivy.Query:
        return parse_text_query(q, self._index)

    def _filters(self, request: SearchRequest) -> list[tantivy.Query]:
        """Filter clauses, scored 0 so only the text query decides the BM25 ranking."""
        clauses: list[tantivy.Query] = []
        for entity in request.entities:
            if entity.label:
                value = self._norm(sch.entity_key(entity.label, entity.canonical))
                clauses.append(tantivy.Query.term_query(self._schema, "entity_key", value))
            else:
                clauses.append(tantivy.Query.term_query(
                    self._schema, "entity_name", self._norm(entity.canonical)))
        for label in request.labels:
            clauses.append(tantivy.Query.term_query(self._schema, "entity", sch.label_facet(label)))
        if request.source:
            clauses.append(tantivy.Query.term_query(self._schema, "source", self._norm(request.source)))
        if request.since or request.until:
            clauses.append(tantivy.Query.range_query(
                self._schema, "published", tantivy.FieldType.Date,
                lower_bound=sch.day_start(request.since) if request.since else None,
                upper_bound=sch.day_start(request.until + timedelta(days=1)) if request.until else None,
                include_lower=True,
                include_upper=request.until is None))  # tantivy: an open end must be 'inclusive'
        return [tantivy.Query.const_score_query(clause, 0.0) for clause in clauses]

    def _hit(self, searcher: tantivy.Searcher, address: tantivy.DocAddress,
             score: Optional[float], snippets: Optional[tantivy.SnippetGenerator]) -> dict[str, Any]:
        doc = searcher.doc(address)
        payload = json.loads(doc.get_first("payload"))
        text = doc.get_first("text") or ""
        snippet = snippets.snippet_from_doc(doc).to_html() if snippets is not None else ""
        if not snippet:
            snippet = html.escape(shorten(text, SNIPPET_CHARS))
        return {
            "id": doc.get_first("id"),
            # An article scraped as plain text often has no title: show its opening words.
            "title": payload.get("title") or shorten(text.split("\n", 1)[0], TITLE_FALLBACK_CHARS),
            "score": score,
            "published": payload.get("published"),
            "source": payload.get("source"),
            "url": payload.get("url"),
            "snippet": snippet,
            "entities": [{"canonical": e["canonical"], "label": e["label"], "mentions": e["mentions"]}
                         for e in payload.get("entity_summary") or []],
        }

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query,
                labels: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
        """Per label, the entities found in most matching documents.

        One terms aggregation over *all* matches (not just the returned page) on the
        ``entity_value`` fast field ("LABEL\\x1fCanonical"), then grouped by label here. One
        aggregation for every label keeps the cost independent of how many labels exist
        (a regex-filtered aggregation per label was ~10x slower). The price: only the
        FACET_TERMS most frequent entities across all labels are considered, so a label whose
        entities are all rarer than that can come back short or missing; counts listed are
        exact unless tantivy reports a per-segment error bound (then they may be low).
        """
        result = searcher.aggregate(query, {"entities": {"terms": {
            "field": "entity_value", "size": FACET_TERMS}}})
        return group_facets(result["entities"]["buckets"], labels)


def group_facets(buckets: list[dict[str, Any]], labels: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """Terms-aggregation buckets over "LABEL\\x1fCanonical" (most documents first), grouped by
    label: at most FACET_SIZE entities per label, only the ``labels`` asked for (all if none).
    Both backends answer facets with this."""
    facets: dict[str, list[dict[str, Any]]] = {}
    for bucket in buckets:
        label, _, canonical = bucket["key"].partition(sch.ENTITY_KEY_SEPARATOR)
        if labels and label not in labels:
            continue
        values = facets.setdefault(label, [])
        if len(values) < FACET_SIZE:
            values.append({"canonical": canonical, "count": bucket["doc_count"]})
    return dict(sorted(facets.items()))


def _conjunction(clauses: list[tantivy.Query]) -> tantivy.Query:
    if not clauses:
        return tantivy.Query.all_query()
    if len(clauses) == 1:
        return clauses[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in clauses])


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"
