"""The tantivy schema of the article index, and how a TaggedArticle becomes a document.

Kept apart from ArticleIndex so the benchmark and tests can see exactly which fields exist
and why, and so the mapping is one function with no index state.

Fields (stored ones come back from tantivy as one-element lists):

==============  =======================  ======  =====  ============================================
field           tokenizer / type         stored  fast   why
==============  =======================  ======  =====  ============================================
id              raw                      yes            upsert: delete by this exact term, then add
title           en_stem (BM25)           yes            full-text search (boosted), hit display
text            en_stem (BM25)           yes            full-text search, highlighted snippets
source          lower_raw                yes            ``source=`` filter (case-insensitive)
published       date (indexed)           yes     yes    since/until ranges; newest-first sort
entity          facet /LABEL/Canonical                  label filter (a facet query matches all
                                                        descendants) and facet counts
entity_name     lower_raw                               ``entity=Canonical Name`` (any label)
entity_key      lower_raw                               ``entity=LABEL:Canonical Name``
entity_value    raw (LABEL\x1fCanonical)         yes     facet counts: one terms aggregation over
                                                        all matches, case as the tagger wrote it
story           raw                                     the story key (story_id, or the id of an
                                                        article indexed before stories existed):
                                                        GET /articles/{id} lists the story
story_hash      i64 (indexed)                    yes     the story key hashed: collapsing, copy
                                                        counts, counting stories (tantivy reads
                                                        fast fields only as numbers)
copy            i64 0/1 (indexed)                yes     1 for a copy (duplicate_of set): which
                                                        matching article shows a story
language        raw (ISO 639-1)                  yes     ``language=`` filter, language facet
payload         bytes (JSON)             yes            the rest of the article for display and
                                                        GET /articles/{id} (url, entities, removed
                                                        lines, timestamps); text is not repeated
==============  =======================  ======  =====  ============================================
"""
from __future__ import annotations

import hashlib
from datetime import datetime, time, timezone

import tantivy

from shared.contracts import TaggedArticle

LOWER_RAW = "lower_raw"
ENTITY_KEY_SEPARATOR = "\x1f"  # unit separator: cannot occur in a label, harmless in a name
# The fields an index holds, by version: an index built with an older version is refused at
# start with what to do (both backends). 2: story, story_hash, copy, language (issue 16).
INDEX_SCHEMA_VERSION = 2


class IndexSchemaError(RuntimeError):
    """The index was built with an older INDEX_SCHEMA_VERSION than this code writes and
    searches. It must be rebuilt from news.tagged (``newsflow reindex``); the message says how."""


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("source", stored=True, tokenizer_name=LOWER_RAW)
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    builder.add_facet_field("entity")
    builder.add_text_field("entity_name", stored=False, tokenizer_name=LOWER_RAW)
    builder.add_text_field("entity_key", stored=False, tokenizer_name=LOWER_RAW)
    builder.add_text_field("entity_value", stored=False, tokenizer_name="raw", fast=True)
    builder.add_text_field("story", stored=False, tokenizer_name="raw")
    builder.add_integer_field("story_hash", stored=False, indexed=True, fast=True)
    builder.add_integer_field("copy", stored=False, indexed=True, fast=True)
    builder.add_text_field("language", stored=False, tokenizer_name="raw", fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


def register_tokenizers(index: tantivy.Index) -> None:
    """Every process that opens the index must register the custom tokenizer before writing
    or parsing queries (tantivy does not persist analyzers)."""
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
                .filter(tantivy.Filter.lowercase())
                .build())
    index.register_tokenizer(LOWER_RAW, analyzer)


def facet_of(label: str, canonical: str) -> tantivy.Facet:
    """/LABEL/Canonical Name, with '/' and '\\' in either part escaped so a name like
    "AC/DC" stays one path segment."""
    return tantivy.Facet.from_string(f"/{_escape(label)}/{_escape(canonical)}")


def label_facet(label: str) -> tantivy.Facet:
    return tantivy.Facet.from_string(f"/{_escape(label)}")


def entity_key(label: str, canonical: str) -> str:
    return f"{label}{ENTITY_KEY_SEPARATOR}{canonical}"


def day_start(day) -> datetime:
    """A date as the UTC datetime tantivy stores (midnight)."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def to_document(article: TaggedArticle) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    if article.title:
        doc.add_text("title", article.title)
    doc.add_text("text", article.text)
    if article.source:
        doc.add_text("source", article.source)
    if article.published is not None:
        doc.add_date("published", day_start(article.published))
    for entity in summary_of(article):
        key = entity_key(entity.label, entity.canonical)
        doc.add_facet("entity", facet_of(entity.label, entity.canonical))
        doc.add_text("entity_name", entity.canonical)
        doc.add_text("entity_key", key)
        doc.add_text("entity_value", key)
    key = story_key(article)
    doc.add_text("story", key)
    doc.add_integer("story_hash", story_hash(key))
    doc.add_integer("copy", int(article.duplicate_of is not None))
    if article.language:
        doc.add_text("language", article.language.lower())
    doc.add_bytes("payload", article.model_dump_json(exclude={"text"}).encode("utf-8"))
    return doc


def story_key(article) -> str:
    """The story an article belongs to: its story_id, or (a message from before the story
    stage) its own id. Takes a TaggedArticle or its stored JSON."""
    if isinstance(article, dict):
        return article.get("story_id") or article["id"]
    return article.story_id or article.id


def story_hash(key: str) -> int:
    """The story key as a signed 64-bit number (blake2b): what tantivy can read back fast."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def summary_of(article: TaggedArticle):
    """One entry per (label, canonical): the tagger's summary, or the mentions if it sent
    none."""
    if article.entity_summary:
        return article.entity_summary
    seen = {}
    for entity in article.entities:
        seen.setdefault((entity.label, entity.canonical), entity)
    return list(seen.values())


def _escape(part: str) -> str:
    return part.replace("\\", "\\\\").replace("/", "\\/")
