"""Per-line features of scraped text, and the search for the densest run of prose.

Everything here is language-neutral: word counts (with CJK characters counted as half a word
each, since those scripts do not separate words by spaces), sentence-ending punctuation of
the major scripts, capitalisation and repetition. The English wording signals live in
``rules.py`` and are only ever combined with one of these.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
#: a non-ASCII word character
_NON_ASCII_WORD = re.compile(r"[^\x00-\x7f\W]")
_ASCII_WORD_BYTES = frozenset(c for c in range(128) if chr(c).isalnum() or chr(c) == "_")
#: every byte to b"a" if it is an ASCII word character, else to b" "
_WORD_BYTES = bytes(ord("a") if c in _ASCII_WORD_BYTES else ord(" ") for c in range(256))
#: every byte that is no ASCII word character to b" "
_SEPARATOR_BYTES = bytes(c if c in _ASCII_WORD_BYTES else ord(" ") for c in range(256))
#: sentence ends (Latin, CJK, Devanagari, Arabic), possibly followed by closing quotes or brackets.
SENTENCE_ENDS = frozenset(".!?。！？…।؟")
CLOSERS = "'\"”’»)]"

#: a block this long with a sentence end is prose.
PROSE_MIN_WORDS = 8
#: a block this long is prose even without a sentence end (hard-wrapped or unpunctuated text).
PROSE_LONG_WORDS = 25
#: what a short or headline-like block costs the run of prose it sits in.
SHORT_PENALTY = 6.0
#: what a long line without a sentence end (caption, list item) costs the run it sits in.
UNPUNCTUATED_PENALTY = 2.0
#: a line may join the next as one hard-wrapped paragraph only if it is at least this long.
WRAP_MIN_CHARS = 20
#: headline-like lines: this many words, at most.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 16
#: a block keeps its list of words up to this many words: no rule reads the words of a longer
#: one (the wording rules stop at 40 words; the rights statement, up to 80, is tested by
#: substrings, see ``rules.Wording.may_match``).
TOKENS_MAX_WORDS = 40
#: a block longer than this (in characters) is counted before it is split into words: it
#: almost always holds more than TOKENS_MAX_WORDS words, and counting is several times faster.
COUNT_FIRST_CHARS = 200


def weight(text: str, tokens: list[str] | None = None) -> float:
    """Words in ``text``; CJK characters count as half a word each."""
    words = len(TOKEN.findall(text) if tokens is None else tokens)
    if text.isascii():
        return float(words)
    cjk = len(CJK.findall(text))
    return max(words, cjk / 2) if cjk else float(words)


def words_of(text: str, key: str) -> tuple[list[str] | None, float]:
    """The lower-cased words of a block (None past TOKENS_MAX_WORDS) and its weight (see
    :func:`weight`). Where every word character of ``key`` is ASCII, they are found on its UTF-8
    bytes, every byte of a non-ASCII character being a separator as the character is for
    ``\\w+``: separators turned to spaces, then ``split`` (the same words, faster than the
    regular expression's matches); a key longer than COUNT_FIRST_CHARS is counted there first,
    without a list. A non-ASCII word character, or CJK (which ``weight`` counts apart), needs the
    regular expression."""
    if key.isascii() or (_NON_ASCII_WORD.search(key) is None and CJK.search(key) is None):  # fast scans
        data = key.encode("utf-8", "surrogatepass")  # a lone surrogate is no word character either
        if len(key) > COUNT_FIRST_CHARS:  # almost always more than TOKENS_MAX_WORDS
            marked = data.translate(_WORD_BYTES)
            count = marked.count(b" a") + marked.startswith(b"a")
            if count > TOKENS_MAX_WORDS:
                return None, count if text.isascii() else float(count)  # the types weight() gives
        tokens = data.translate(_SEPARATOR_BYTES).decode().split()
        words = len(tokens) if text.isascii() else float(len(tokens))  # no CJK: weight() is the count
    else:
        tokens = TOKEN.findall(key)
        words = weight(text, tokens)
    return (tokens if words <= TOKENS_MAX_WORDS else None), words


#: typographic quotes and apostrophes to their ASCII forms: a page's <title> and meta titles are
#: often typed with ASCII quotes while its heading shows curly ones (or the other way round)
_PLAIN_QUOTES = str.maketrans({**dict.fromkeys("‘’‚‛", "'"), **dict.fromkeys("“”„‟«»", '"')})


def headline_key(text: str) -> str:
    """What two renderings of one headline share: whitespace collapsed (a no-break space is
    whitespace), quotes made plain, case folded."""
    return " ".join(text.translate(_PLAIN_QUOTES).split()).casefold()


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_ENDS


def is_headline_like(text: str) -> bool:
    """Short, unpunctuated and starting with a capital: a link to another story, a menu entry."""
    return (text[:1].isupper() and HEADLINE_MIN_WORDS <= weight(text) <= HEADLINE_MAX_WORDS
            and not ends_sentence(text))


@dataclass(slots=True)
class Block:
    """One paragraph and what the cleaner decides about it: one record per block, since a page
    has hundreds.

    Its features, set by :func:`blocks`: a line, or several hard-wrapped lines joined
    (``first``..``last``); ``key`` is its lower-cased text, ``tokens`` its lower-cased words,
    None when it has more than TOKENS_MAX_WORDS (shared by the blocks of one page with the
    same text: never changed). ``is_prose``: long enough and ending a sentence (or very long);
    ``headline_like``: see :func:`is_headline_like`.

    The decision, set by the steps of ``plaintext.py`` or ``extracted.py``, each reading what
    the earlier ones recorded: ``rule`` is the verdict, None keeps the block, a rule name
    removes it."""

    first: int
    last: int
    text: str
    key: str
    tokens: list[str] | None
    words: float
    ends_sentence: bool
    is_prose: bool
    headline_like: bool
    # the two rule fields hold a ``rules.Rule`` (a str): rules.py builds on this module
    #: the wording rule that matches the block on its own (``rules.wording_rule``), or None
    wording: str | None = None
    #: the same text came earlier on the page
    repeated: bool = False
    #: one of ``rules.HEADLINE_RUN`` or more headline-like blocks in a row
    in_headline_run: bool = False
    #: its prose score: what it adds to (or costs) a run of prose
    score: float = 0.0
    #: part of the article: inside one of its runs of prose, or a lead line just before one
    in_article: bool = False
    rule: str | None = None

    def prose_score(self) -> float:
        """Positive (its word count) for prose; a small cost for a long line without a sentence
        end (a caption, a list item); a larger one for anything short."""
        if self.is_prose:
            return self.words
        return -UNPUNCTUATED_PENALTY if self.words >= PROSE_MIN_WORDS else -SHORT_PENALTY


def split_lines(text: str) -> list[str]:
    """Non-empty lines with their whitespace collapsed."""
    return [line for raw in text.splitlines() if (line := raw if is_tidy(raw) else " ".join(raw.split()))]


def is_tidy(line: str) -> bool:
    """True when collapsing ``line``'s whitespace would leave it as it is: single spaces only,
    none at either end. Scraped text as ingest leaves it is all such lines, and three scans in
    C are cheaper than splitting a line into words and joining them again. Every whitespace
    character but the space is unprintable (a unit test checks each one), so a printable line
    holds no other."""
    return line.strip() == line and "  " not in line and line.isprintable()


def blocks(lines: list[str]) -> list[Block]:
    """Join hard-wrapped lines: a line without a sentence end followed by one starting in
    lower case is the same paragraph (source newlines inside a <p> become line breaks in
    scraped text, which would otherwise make every fragment look like a short menu entry)."""
    out: list[Block] = []
    # local names: this loop runs for every line
    append = out.append
    made: dict[str, Block] = {}  # a page repeats lines (menus, teasers): their features are made once
    i, n = 0, len(lines)
    while i < n:
        j = i
        while (j + 1 < n and lines[j + 1][:1].islower() and len(lines[j]) >= WRAP_MIN_CHARS
               and not ends_sentence(lines[j])):
            j += 1
        text = lines[i] if i == j else " ".join(lines[i:j + 1])
        same = made.get(text)
        if same is not None:
            append(Block(i, j, text, same.key, same.tokens, same.words, same.ends_sentence, same.is_prose,
                         same.headline_like))
            i = j + 1
            continue
        key = text.lower()
        tokens, words = words_of(text, key)
        end = text.rstrip(CLOSERS)[-1:] in SENTENCE_ENDS
        made[text] = block = Block(i, j, text, key, tokens, words, end,
                                   words >= PROSE_MIN_WORDS and (end or words >= PROSE_LONG_WORDS),
                                   HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS and not end
                                   and text[:1].isupper())
        append(block)
        i = j + 1
    return out


def densest_run(scores: list[float], lo: int = 0, hi: int | None = None) -> tuple[int, int, float]:
    """The contiguous range [start, end] of ``scores[lo:hi]`` with the largest sum (Kadane).

    Returns (start, end, total); end < start when no range has a positive sum.
    """
    hi = len(scores) if hi is None else hi
    best, best_start, best_end = 0.0, lo, lo - 1
    current, start = 0.0, lo
    for i in range(lo, hi):
        if current <= 0:
            current, start = scores[i], i
        else:
            current += scores[i]
        if current > best:
            best, best_start, best_end = current, start, i
    return best_start, best_end, best


def prose_runs(scores: list[float], min_share: float) -> list[tuple[int, int]]:
    """The densest run, plus every other disjoint run worth at least ``min_share`` of it
    (an article split by an inline box, or a comment thread), in order."""
    start, end, best = densest_run(scores)
    if end < start:
        return []
    found = [(start, end)]
    todo = [(0, start), (end + 1, len(scores))]
    while todo:
        lo, hi = todo.pop()
        if hi <= lo:
            continue
        s, e, total = densest_run(scores, lo, hi)
        if e >= s and total >= min_share * best:
            found.append((s, e))
            todo += [(lo, s), (e + 1, hi)]
    return sorted(found)
