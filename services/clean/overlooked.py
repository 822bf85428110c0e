"""HTML mode's second opinion: did the extractor overlook most of the page's prose?

trafilatura picks one container as the article. On a page of many entries (a blog's front
page of posts, a guestbook, a forum thread of long posts) it keeps one entry and never sees the
rest. The plain-text decision on the page's visible text does see them: when the prose it
keeps that the extractor never returned (its text and its comments, before our rules) is
several paragraphs and outweighs the extractor's kept article, that decision is the page's.
Text the extractor returned and our rules then removed does not count: those rules already
judged it (a slideshow's captions, other stories' teasers, a thread).
"""
from __future__ import annotations

from .features import TOKEN, Block

#: the overlooked prose must weigh at least this many times the extractor's kept article...
OVERLOOKED_SHARE = 2.0
#: ...and be at least this many paragraphs: a page of entries, not one bio or sidebar box
OVERLOOKED_PARAGRAPHS = 10
#: a paragraph the extractor saw less than this share of (its 4-word shingles) is overlooked
SEEN_SHARE = 0.5
_N = 4


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = TOKEN.findall(text.lower())
    return {tuple(tokens[i:i + _N]) for i in range(len(tokens) - _N + 1)}


def overlooked_most_prose(seen: str, kept_words: float, plain_kept: list[Block]) -> bool:
    """True when the plain-text decision's kept prose paragraphs (``plain_kept``) hold
    OVERLOOKED_PARAGRAPHS or more that the extractor's output (``seen``) barely holds, weighing
    OVERLOOKED_SHARE times the extractor's kept article (``kept_words``) or more."""
    seen_shingles = shingles(seen)
    paragraphs, weight = 0, 0.0
    for b in plain_kept:
        if not b.is_prose:
            continue
        own = shingles(b.text)
        if own and len(own & seen_shingles) < SEEN_SHARE * len(own):
            paragraphs += 1
            weight += b.words
    return paragraphs >= OVERLOOKED_PARAGRAPHS and weight >= OVERLOOKED_SHARE * kept_words
