"""The rules for ``q``, the same on every index backend.

``q`` is written in tantivy's query language (words, ``+must``, ``-mustnot``, ``"phrases"``,
``AND``/``OR``/``NOT``, parentheses, ``title:``/``text:``/``source:``), which is also valid
Lucene query-string syntax, so the OpenSearch backend passes the same text to a
``query_string`` query. Both backends check it here first: a syntax error or a field users
may not search is a QueryError with the same message whichever backend answers.

Parsing needs a tantivy index with the schema (for field names and tokenizers): a small one
in memory, built once per process.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import tantivy

from services.index import schema as sch
from services.index.query import QueryError

SEARCHABLE_FIELDS = ("title", "text", "source")
DEFAULT_FIELDS = ["title", "text"]
FIELD_BOOSTS = {"title": 2.0}


@lru_cache(maxsize=1)
def _parser_index() -> tantivy.Index:
    index = tantivy.Index(sch.build_schema())  # in RAM: only its schema and tokenizers are used
    sch.register_tokenizers(index)
    return index


def parse_text_query(q: str, index: tantivy.Index | None = None) -> tantivy.Query:
    """q as a tantivy query (on ``index`` if given), or QueryError naming the problem: a
    syntax error (with the parser's description and position) or a field outside
    SEARCHABLE_FIELDS."""
    index = index or _parser_index()
    try:
        query = index.parse_query(q, DEFAULT_FIELDS, field_boosts=FIELD_BOOSTS)
    except ValueError as err:
        raise QueryError(f"invalid query in q: {_describe(err, q)}") from None
    try:
        ast = tantivy.parse_query(q)
    except ValueError as err:
        raise QueryError(f"invalid query in q: {_describe(err, q)}") from None
    for name in sorted(_field_names(ast)):
        if name not in SEARCHABLE_FIELDS:
            raise QueryError(f"q uses unknown field '{name}'; searchable fields are "
                             f"{', '.join(SEARCHABLE_FIELDS)}")
    return query


def _describe(err: Exception, q: str) -> str:
    """The lenient parser's list of problems (with positions) if it has one, else the
    strict parser's message, both cut short: a 10,000-character query should not come
    back whole in the error."""
    _, problems = _parser_index().parse_query_lenient(q, DEFAULT_FIELDS)
    message = "; ".join(dict.fromkeys(str(problem) for problem in problems)) or str(err)
    if len(message) > 300:
        message = message[:300] + "..."
    if q.count('"') % 2:
        message += " (unbalanced double quote)"
    return message


def _field_names(node: Any) -> set[str]:
    """Every field a parsed query (tantivy.parse_query's AST) names explicitly."""
    names: set[str] = set()
    if isinstance(node, dict):
        for key in ("field_name", "field"):
            if isinstance(node.get(key), str):
                names.add(node[key])
        for value in node.values():
            names |= _field_names(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            names |= _field_names(value)
    return names
