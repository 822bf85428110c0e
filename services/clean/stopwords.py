"""Stopword density, jusText's prose signal, made language-aware per document.

Prose is full of function words ("the", "of", "und", "que"); menus, tag clouds, link lists and
bylines are not. The share of a line's words found in a stoplist separates the two in any
language that has one. The installed ``justext`` package ships stoplists for about 100
languages; the document's stoplist is the one that covers the most of its words. A page whose
words no stoplist covers well enough (Chinese, Japanese, an unknown language) gets no stoplist,
and every rule using the signal then stays neutral: when unsure, keep.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import justext

#: a stoplist must cover at least this share of the page's words to be the page's language.
MIN_COVERAGE = 0.2
#: the language is chosen from at most this many of the page's words (its start is enough).
SAMPLE_TOKENS = 3000


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[frozenset[str], ...]]:
    """word -> indices of the stoplists holding it, and the stoplists; built once, on first use."""
    lists = tuple(frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists()))
    owners: dict[str, list[int]] = {}
    for i, words in enumerate(lists):
        for word in words:
            owners.setdefault(word, []).append(i)
    return {w: tuple(ids) for w, ids in owners.items()}, lists


def document_stoplist(token_lists: list[list[str]]) -> frozenset[str] | None:
    """The stoplist that covers the most of the document's (lower-cased) words, or None when
    none covers MIN_COVERAGE of them."""
    counts: Counter[str] = Counter()
    total = 0
    for tokens in token_lists:
        counts.update(tokens)
        total += len(tokens)
        if total >= SAMPLE_TOKENS:
            break
    if not total:
        return None
    owners, lists = _index()
    hits = [0] * len(lists)
    for word, count in counts.items():
        for i in owners.get(word, ()):
            hits[i] += count
    best = max(range(len(lists)), key=hits.__getitem__)
    return lists[best] if hits[best] >= MIN_COVERAGE * total else None


def density(tokens: list[str], stoplist: frozenset[str] | None) -> float | None:
    """Share of ``tokens`` in ``stoplist``; None when the page has no stoplist or no tokens."""
    if stoplist is None or not tokens:
        return None
    return sum(1 for t in tokens if t in stoplist) / len(tokens)
