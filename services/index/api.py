"""The search API's handlers as pure functions: parameters in, (HTTP status, JSON body) out.

The index service's Faust web views only adapt these to HTTP, so every rule about what is a
400 and what a 404 is here and tested without a web server. User input never raises: a
QueryError becomes ``(400, {"error": message})``. docs/openapi.yaml documents the bodies.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from services.index.query import QueryError, parse_search_params
from services.index.schema import story_key
from services.index.search_index import ArticleIndex

log = logging.getLogger(__name__)

MAX_ID_CHARS = 200
MAX_COPIES_LISTED = 100  # articles of a story GET /articles/{id} lists (copy_count counts them all)


def search_response(index: ArticleIndex, params: Mapping[str, Sequence[str]]) -> tuple[int, dict[str, Any]]:
    """GET /search. ``params`` maps each query-string name to its list of values."""
    try:
        request = parse_search_params(params)
        return 200, index.search(request)
    except QueryError as err:
        return 400, {"error": str(err)}


def article_response(index: ArticleIndex, article_id: str) -> tuple[int, dict[str, Any]]:
    """GET /articles/{id}: the stored article with its story (``story_id``, never null: an
    article from before the story stage is its own story), the other articles of the story
    (``copies``: the original first, at most MAX_COPIES_LISTED) and how many there are
    (``copy_count``); or 404."""
    if not article_id or len(article_id) > MAX_ID_CHARS:
        return 400, {"error": f"article id must be 1 to {MAX_ID_CHARS} characters"}
    article = index.get(article_id)
    if article is None:
        return 404, {"error": f"no article with id {article_id!r}"}
    article["story_id"] = story_key(article)
    count, members = index.story(article["story_id"], MAX_COPIES_LISTED + 1)
    others = [member for member in members if member["id"] != article_id]
    article["copies"] = others[:MAX_COPIES_LISTED]
    article["copy_count"] = max(0, count - 1)  # the story's articles include this one
    return 200, article


def health_response(index: ArticleIndex) -> tuple[int, dict[str, Any]]:
    """GET /health: 200 with the document count if the index answers, else 503."""
    try:
        documents = index.count()
    except Exception as err:  # the index is unreadable: report, do not crash the web view
        log.exception("index health check failed")
        return 503, {"status": "error", "error": str(err)}
    return 200, {"status": "ok", "documents": documents, "read_only": index.read_only}
