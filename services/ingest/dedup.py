"""Exact-duplicate detection: the same article id with the same content, seen recently."""
from __future__ import annotations

from collections import OrderedDict


class RecentlySeen:
    """A bounded LRU of (id, content hash) pairs.

    Per process and in memory: after a restart, or across ingest workers, a duplicate can
    pass. That is safe because every later stage is idempotent by article id (the index
    upserts); this cache only saves the work.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def check_and_add(self, article_id: str, content_hash: str) -> bool:
        """True when the pair was seen before (a duplicate); remembers it either way."""
        key = (article_id, content_hash)
        if key in self._seen:
            self._seen.move_to_end(key)
            return True
        self._seen[key] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return False
