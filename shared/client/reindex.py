"""``newsflow reindex``: rebuild the search index from news.tagged, its source of truth.

news.tagged is compacted by article id, so reading it from the beginning gives the latest
version of every article. The index service must be stopped: one writer per index.
"""
from __future__ import annotations

import sys
from pathlib import Path

from pydantic import ValidationError

from services.index.search_index import ArticleIndex, IndexLockedError
from shared.client.partitions import read_to_end
from shared.contracts import TaggedArticle
from shared.topics import TAGGED


async def reindex(bootstrap: str, index_dir: str) -> int:
    try:
        index = ArticleIndex(Path(index_dir))
    except IndexLockedError as exc:
        print(f"newsflow reindex: {exc}", file=sys.stderr)
        return 2
    indexed = skipped = 0
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
                index.upsert_batch(batch)
                indexed += len(batch)
    finally:
        index.close()
    print(f"reindexed {indexed} messages ({index_dir}: latest version of each article)"
          + (f"; {skipped} invalid messages skipped" if skipped else ""), file=sys.stderr)
    return 0
