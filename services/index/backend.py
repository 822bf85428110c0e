"""Which index the service, the client and the benchmarks use: NEWSFLOW_INDEX_BACKEND.

Both backends have the same methods (``upsert_batch`` returning the refused articles,
``search``, ``get``, ``story``, ``count``, ``refresh``, ``close``) and give the same bodies, so
``api.py`` and the index service do not know which one they talk to.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Union

from shared.settings import Settings

if TYPE_CHECKING:
    from services.index.opensearch_index import OpenSearchIndex
    from services.index.search_index import ArticleIndex

    AnyIndex = Union[ArticleIndex, OpenSearchIndex]


def open_index(settings: Settings) -> "AnyIndex":
    """The configured index, ready to write. tantivy: IndexLockedError if another writer has
    the directory. OpenSearch: IndexUnavailableError if the cluster does not answer within
    ``opensearch_retry_seconds``."""
    if settings.index_backend == "opensearch":
        from services.index.opensearch_index import OpenSearchIndex

        return OpenSearchIndex(settings.opensearch_url, settings.opensearch_index,
                               shards=settings.opensearch_shards,
                               replicas=settings.opensearch_replicas,
                               retry_seconds=settings.opensearch_retry_seconds,
                               verify_certs=settings.opensearch_verify_certs)
    from services.index.search_index import ArticleIndex

    return ArticleIndex(settings.index_path())


def describe(settings: Settings) -> str:
    if settings.index_backend == "opensearch":
        return f"OpenSearch index {settings.opensearch_index} at {settings.opensearch_url}"
    return f"tantivy index in {settings.index_path()}"
