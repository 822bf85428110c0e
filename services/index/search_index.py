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
from collections import Counter
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
LANGUAGE_FACET_SIZE = 20  # languages listed in the facet, most articles first
# Collapsed searches count their stories exactly up to this many matching articles, and
# estimate above it (see _count_stories); OpenSearch's cardinality is near-exact up to it too.
EXACT_STORY_COUNT = 5000
FIRST_PASS = 1000         # matches the first collapsing pass fetches (see _collapsed_page)
COPY_COUNT_FETCH = 1000   # articles of the page's stories fetched at once to count copies
TERM_SET_FROM = 100       # values from which _any_of uses a term-set query
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
            try:
                self._index = tantivy.Index(sch.build_schema(), path=str(self.path), reuse=True)
            except ValueError as err:
                if "schema does not match" not in str(err):
                    raise
                raise sch.IndexSchemaError(
                    f"the search index in {self.path} was built with an older schema; this version "
                    f"writes and searches index schema {sch.INDEX_SCHEMA_VERSION} (story, copy, "
                    "language). Stop the index service, move the directory away (or set "
                    "NEWSFLOW_INDEX_DIR to a new one) and run `newsflow reindex` (news.tagged "
                    "holds every article), then start the service again") from err
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
        string tantivy cannot parse or one that names a field users may not search.

        Collapsed (the default), stories are ranked by their best-matching article and each
        is shown by its original if the original matches, else by that best copy; ``total``
        counts stories, ``articles`` matching articles (see docs/search.md)."""
        text_query = self._text_query(request.q) if request.q else None
        filters = self._filters(request)
        query = _conjunction(([text_query] if text_query else []) + filters)
        searcher = self._index.searcher()
        order = ({} if text_query is not None
                 else {"order_by_field": "published", "order": tantivy.Order.Desc})
        if request.collapse:
            page, articles, stories = self._collapsed_page(searcher, query, request, order)
        else:
            result = searcher.search(query, request.limit, count=True, offset=request.offset, **order)
            page, articles = result.hits, result.count
            stories = articles
        snippets = (tantivy.SnippetGenerator.create(searcher, query, self._schema, "text")
                    if text_query is not None else None)
        if snippets is not None:
            snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = [self._hit(searcher, address, score if text_query is not None else None, snippets)
                for score, address in page]
        copies = self._copy_counts(searcher, [hit["story_id"] for hit in hits])
        for hit in hits:
            hit["copies"] = copies.get(hit["story_id"], 1) - 1
        facets, languages = self._facets(searcher, query, request.labels)
        return {"total": stories, "articles": articles, "hits": hits, "facets": facets, "languages": languages}

    def story(self, story_key: str, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """Every article of a story: how many, and up to ``limit`` of them as
        :func:`story_member` entries (original first, then newest published first)."""
        searcher = self._index.searcher()
        in_story = tantivy.Query.term_query(self._schema, "story", story_key)
        count, members = 0, []
        for is_copy in (0, 1):  # the original is listed even when the story has many newer copies
            result = searcher.search(
                _conjunction([in_story, tantivy.Query.term_query(self._schema, "copy", is_copy)]),
                limit, count=True, order_by_field="published", order=tantivy.Order.Desc)
            count += result.count
            members += [story_member(json.loads(searcher.doc(address).get_first("payload")))
                        for _, address in result.hits]
        return count, sort_story(members)[:limit]

    # -- collapsing ------------------------------------------------------------------------

    def _collapsed_page(self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest,
                        order: dict[str, Any]) -> tuple[list[tuple[Any, tantivy.DocAddress]], int, int]:
        """The page of stories, each as the (score, address) of the article that shows it, the
        number of matching articles, and the number of matching stories.

        tantivy has no field collapsing. Stories rank by their best article, so walking the
        ranked matches and keeping the first article of each story gives them in order. The
        first pass fetches at least FIRST_PASS matches (most searches have fewer: then one
        search gives the page and the exact story count) and reads their story keys from a
        fast field (no stored documents). If that was not enough stories, the next pass
        fetches twice the stories still needed and leaves out the stories already seen,
        which moves no other article's rank (a must-not clause adds nothing to a score), so
        a story's many copies cost one more pass, not a deep fetch.
        """
        need = request.offset + request.limit
        best: dict[int, tuple[Any, tantivy.DocAddress]] = {}
        articles = None
        fetch = max(FIRST_PASS, 2 * need + 10)
        while len(best) < need:
            pass_query = _conjunction([query], must_not=[self._any_of("story_hash", list(best))] if best else [])
            result = searcher.search(pass_query, fetch, count=articles is None, **order)
            if articles is None:
                articles = result.count
            keys = searcher.fast_field_values("story_hash", [address for _, address in result.hits]) \
                if result.hits else []
            for hit, key in zip(result.hits, keys):
                best.setdefault(key, hit)
            if len(result.hits) < fetch:  # every match walked: every story seen
                stories = len(best)
                break
            fetch = 2 * (need - len(best)) + 10
        else:
            stories = self._count_stories(searcher, query, articles)
        page = list(best.items())[request.offset:need]
        return self._shown_by_originals(searcher, query, page, order), articles, stories

    def _shown_by_originals(self, searcher: tantivy.Searcher, query: tantivy.Query,
                            page: list[tuple[int, tuple[Any, tantivy.DocAddress]]],
                            order: dict[str, Any]) -> list[tuple[Any, tantivy.DocAddress]]:
        """Where a story's best match is a copy, its original instead, if the original matches."""
        if not page:
            return []
        is_copy = searcher.fast_field_values("copy", [address for _, (_, address) in page])
        led_by_copy = [key for (key, _), flag in zip(page, is_copy) if flag]
        originals: dict[int, tuple[Any, tantivy.DocAddress]] = {}
        if led_by_copy:
            result = searcher.search(_conjunction([
                query, self._any_of("story_hash", led_by_copy),
                tantivy.Query.term_query(self._schema, "copy", 0)]), len(led_by_copy), count=False, **order)
            keys = searcher.fast_field_values("story_hash", [address for _, address in result.hits]) \
                if result.hits else []
            originals = dict(zip(keys, result.hits))
        return [originals.get(key, hit) for key, hit in page]

    def _count_stories(self, searcher: tantivy.Searcher, query: tantivy.Query, articles: int) -> int:
        """Distinct stories among the matches: exact up to EXACT_STORY_COUNT matching articles
        (their story keys read from the fast field), estimated above (tantivy's HyperLogLog
        cardinality; within a few percent)."""
        if articles == 0:
            return 0
        if articles <= EXACT_STORY_COUNT:
            hits = searcher.search(query, articles, count=False).hits
            return len(set(searcher.fast_field_values("story_hash", [address for _, address in hits])))
        return round(searcher.cardinality(query, "story_hash"))

    def _copy_counts(self, searcher: tantivy.Searcher, story_keys: list[str]) -> dict[str, int]:
        """How many articles each story has in the index (matching or not): the story keys of
        every article of the page's stories, counted here (cheaper than an aggregation)."""
        if not story_keys:
            return {}
        by_hash = {sch.story_hash(key): key for key in story_keys}
        in_stories = self._any_of("story_hash", list(by_hash))
        result = searcher.search(in_stories, COPY_COUNT_FETCH, count=True)
        if result.count > len(result.hits):
            result = searcher.search(in_stories, result.count, count=False)
        keys = searcher.fast_field_values("story_hash", [address for _, address in result.hits])
        return {by_hash[key]: count for key, count in Counter(keys).items() if key in by_hash}

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
        if request.languages:
            clauses.append(self._any_of("language", list(request.languages)))
        if request.since or request.until:
            clauses.append(tantivy.Query.range_query(
                self._schema, "published", tantivy.FieldType.Date,
                lower_bound=sch.day_start(request.since) if request.since else None,
                upper_bound=sch.day_start(request.until + timedelta(days=1)) if request.until else None,
                include_lower=True,
                include_upper=request.until is None))  # tantivy: an open end must be 'inclusive'
        return [tantivy.Query.const_score_query(clause, 0.0) for clause in clauses]

    def _any_of(self, field: str, values: list[Any]) -> tantivy.Query:
        """Documents with any of these exact values. A few term queries in a boolean query
        are ten times faster than a term-set query (measured: 0.04 vs 0.7 ms for 10 story
        keys); for thousands of values the term set is faster."""
        if len(values) > TERM_SET_FROM:
            return tantivy.Query.term_set_query(self._schema, field, values)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, field, value)) for value in values])

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
            "story_id": sch.story_key(payload),
            "duplicate_of": payload.get("duplicate_of"),
            # An article scraped as plain text often has no title: show its opening words.
            "title": payload.get("title") or shorten(text.split("\n", 1)[0], TITLE_FALLBACK_CHARS),
            "score": score,
            "published": payload.get("published"),
            "source": payload.get("source"),
            "url": payload.get("url"),
            "language": payload.get("language"),
            "snippet": snippet,
            "entities": [{"canonical": e["canonical"], "label": e["label"], "mentions": e["mentions"]}
                         for e in payload.get("entity_summary") or []],
        }

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query, labels: tuple[str, ...]
                ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """Per label, the entities found in most matching documents; and the languages of the
        matching documents (a second terms aggregation in the same pass).

        One terms aggregation over *all* matches (not just the returned page) on the
        ``entity_value`` fast field ("LABEL\\x1fCanonical"), then grouped by label here. One
        aggregation for every label keeps the cost independent of how many labels exist
        (a regex-filtered aggregation per label was ~10x slower). The price: only the
        FACET_TERMS most frequent entities across all labels are considered, so a label whose
        entities are all rarer than that can come back short or missing; counts listed are
        exact unless tantivy reports a per-segment error bound (then they may be low).
        """
        result = searcher.aggregate(query, {
            "entities": {"terms": {"field": "entity_value", "size": FACET_TERMS}},
            "languages": {"terms": {"field": "language", "size": LANGUAGE_FACET_SIZE}}})
        return (group_facets(result["entities"]["buckets"], labels),
                language_facet(result["languages"]["buckets"]))


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


def language_facet(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Terms-aggregation buckets over the language field as the response's ``languages``.
    Both backends answer the language facet with this."""
    return [{"language": bucket["key"], "count": bucket["doc_count"]} for bucket in buckets]


def story_member(payload: dict[str, Any]) -> dict[str, Any]:
    """One article of a story, as GET /articles/{id} lists it."""
    return {"id": payload["id"], "title": payload.get("title"), "url": payload.get("url"),
            "source": payload.get("source"), "published": payload.get("published"),
            "language": payload.get("language"), "duplicate_of": payload.get("duplicate_of")}


def sort_story(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The original first, then the copies newest published first (undated last), then by id."""
    by_id = sorted(members, key=lambda m: m["id"])
    by_date = sorted(by_id, key=lambda m: m["published"] or "", reverse=True)
    return sorted(by_date, key=lambda m: m["duplicate_of"] is not None)


def _conjunction(clauses: list[tantivy.Query], must_not: list[tantivy.Query] = ()) -> tantivy.Query:
    if not clauses:
        clauses = [tantivy.Query.all_query()]
    if len(clauses) == 1 and not must_not:
        return clauses[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in clauses]
                                       + [(tantivy.Occur.MustNot, clause) for clause in must_not])


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"
