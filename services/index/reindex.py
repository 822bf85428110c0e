"""``newsflow reindex``: rebuild the search index from news.tagged, its source of truth.

news.tagged is compacted by article id, so reading it from the beginning gives the latest
version of every article. It writes to the configured backend (NEWSFLOW_INDEX_BACKEND):
tantivy needs the index service stopped (one writer per directory); OpenSearch does not,
and its external versions (tagged_at) keep any newer version a running worker wrote.
"""
from __future__ import annotations

import sys

from pydantic import ValidationError

from services.index.backend import describe, open_index
from services.index.opensearch_index import IndexUnavailableError
from services.index.schema import IndexSchemaError
from services.index.search_index import IndexLockedError
from shared.client.partitions import read_to_end
from shared.contracts import TaggedArticle
from shared.settings import Settings
from shared.topics import TAGGED


async def reindex(bootstrap: str, settings: Settings) -> int:
    try:
        index = open_index(settings)
    except (IndexLockedError, IndexUnavailableError, IndexSchemaError) as exc:
        print(f"newsflow reindex: {exc}", file=sys.stderr)
        return 2
    indexed = skipped = 0
    refused: dict[str, str] = {}
    try:
        async for records in read_to_end(bootstrap, TAGGED.name):
            batch = []
            for record in records:
                if record.value is None:
                    continue
                try:
                    batch.append(TaggedArticle.model_validate_json(record.value))
                except ValidationError:
                    skipped += 1
            if batch:
                refused.update(index.upsert_batch(batch))
                indexed += len(batch)
    finally:
        index.close()
    for article_id, reason in refused.items():
        print(f"newsflow reindex: refused {article_id}: {reason}", file=sys.stderr)
    print(f"reindexed {indexed - len(refused)} messages ({describe(settings)}: latest version of each article)"
          + (f"; {skipped} invalid messages skipped" if skipped else "")
          + (f"; {len(refused)} refused by the index" if refused else ""), file=sys.stderr)
    return 1 if refused else 0
