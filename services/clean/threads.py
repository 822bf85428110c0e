"""Readers' comment threads in text: where one starts and ends.

A thread is told by its stamps: every comment carries a short line naming its author and
when it was posted ("by Dharmesh Shah on December 4, 2010 at 10:42 pm.", "Andrea says:",
"Posted by: Gina at September 10, 2012 12:13 PM", "Holly — June 25th, 2012, 3:57 am").
An article has one such line at most (its byline); a thread has one per comment, a few
paragraphs apart. So a thread is a cluster of MIN_STAMPS or more stamps with little prose
between each two; a byline at the head of the cluster, followed by a stretch of prose much
longer than the comments after it, is the article's and starts nothing.

The cluster runs from its first stamp to the body of its last comment when the stamps head
their comments, or from the body of its first comment to its last stamp when they close them
(the template puts the stamp under the comment: nothing but furniture follows the last one).

A date with a time of day is what makes a line a stamp; dates are written in any language with
digits, and the English "says:" / "Posted by" forms are matched as well. A live blog's entries
carry a time of day but no date, and are not stamps.

``english=False`` (an article known not to be English) leaves out what relies on English
wording, the "says:" / "Posted by" stamps and the thread headings ("Comments", "Leave a
Reply"); stamps with a date and a time, and the thread's structure, count in every language.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter

from .caseless import Caseless
from .features import Block
from .rules import Wording

#: this many stamps on consecutive lines are rows of a table or a list, not comments' stamps
ROW_RUN = 3
#: a thread has at least this many stamps...
MIN_STAMPS = 3
#: ...at most this many words of prose apart.
MAX_GAP_WORDS = 600
#: a stamp at the head of the cluster is a byline when the prose after it is this many times
#: longer than the typical comment, and at least BYLINE_MIN_WORDS long.
BYLINE_GAP_RATIO = 3.0
BYLINE_MIN_WORDS = 150
#: a thread follows an article: at least this many words of prose come before it (a page that
#: is all thread, a forum's, has no article to set it apart from).
MIN_ARTICLE_WORDS = 100
#: stamps of which this share names one author are a blog's own posts, not a thread.
ONE_AUTHOR_SHARE = 0.8
#: a thread heading at most this many lines above a thread's start announces it.
HEADING_REACH = 4
#: more thread headings than this in the text are links under the posts of an index page.
MAX_HEADINGS = 2
#: a stamp is a short line.
STAMP_MAX_WORDS = 20

_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
           "june|july|august|september|october|november|december")
_CLOCK = Caseless(r"(\b|@)\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\b\.?)?")
_DATE = Caseless(rf"\b({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?\b|\b\d{{1,2}}(st|nd|rd|th)?\.?\s+({_MONTHS})\b"
                 r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_SAYS = Wording(r"\b(says|said|wrote|writes)\s*(:|\.\.\.|…)\s*$|^\W*posted by\b|^\W*\(score:\s*\d",
                first="posted score", anywhere="says said wrote writes")
#: what every _CLOCK match holds: a check far cheaper than _CLOCK itself
_DIGIT_COLON = re.compile(r"\d:\d")


def is_stamp(block: Block, english: bool = True) -> bool:
    """A comment's author-and-time line: a short line with a date and a time of day, or (in
    English) a "... says:" / "Posted by ..." line."""
    if block.words > STAMP_MAX_WORDS:
        return False
    text = block.text
    key = block.key
    if ":" not in text and "…" not in text and ("posted" not in key or "posted" not in block.tokens):
        return False  # cheap pre-check: every stamp has a colon, an ellipsis or "posted"
    # each regular expression only where its cheap necessary condition holds (speed): a "says"
    # word (the trigger words of ``_SAYS``), a digit:digit
    if english and _SAYS.search(block):
        return True
    return bool(_DIGIT_COLON.search(text)) and _CLOCK.search(block) and _DATE.search(block)


#: "Response" alone is a subheading (an HTTP response, the government's response), not a thread's
#: heading: the singular counts one ("1 Response") or follows "One" (the second alternative).
#: one ``^`` ahead of the alternatives: a pattern that starts with it is tried at the start of a
#: line only (with ``^`` inside each alternative it is tried at every position; speed); and,
#: as a ``Wording``, only on a line holding one of its words
_HEADING = Wording(r"^\W*((\d+\s+)?(readers?'?\s+|user\s+)?(comments?|responses|(?<=\d\s)response|replies|"
                   r"trackbacks?|pingbacks?)\b(\s*\(\d+\))?\W*$"
                   r"|(\d+|one|no) (thoughts?|responses?|comments?|replies) (on|to)\b"
                   r"|(leave a (reply|comment)|join the (discussion|conversation))\W*$)",
                   anywhere="comment comments response responses replies reply trackback trackbacks pingback "
                            "pingbacks thought thoughts discussion conversation")


_ZERO = Caseless(r"^\W*(0|no)\b|\(0\)")


def is_heading(block: Block, english: bool = True) -> bool:
    """The heading of a thread: "Comments", "12 Responses", "3 thoughts on ...", "Leave a Reply"
    (English wording: never when ``english`` is False)."""
    return english and block.words <= 12 and _HEADING.search(block)


def heading_cut(blks: list[Block], start: int, end: int, before: float = 0.0, english: bool = True) -> int | None:
    """The index of a thread's heading in blocks [start, end] that follows at least
    MIN_ARTICLE_WORDS of prose (``before``: prose already seen ahead of ``start``), or None.
    The thread runs on from the article with nothing but its heading between them."""
    if not english:
        return None  # the headings are English wording
    if sum(1 for m in range(start, end + 1) if is_heading(blks[m])) > MAX_HEADINGS:
        return None  # a heading under every post of an index page ("Comments (5)") is a link
    seen = before
    for m in range(start, end + 1):
        if seen >= MIN_ARTICLE_WORDS and is_heading(blks[m]) and not _ZERO.search(blks[m]):
            return m
        if blks[m].is_prose:
            seen += blks[m].words
    return None


def _prose_words(blks: list[Block], lo: int, hi: int) -> float:
    return sum(b.words for b in blks[lo:hi] if b.is_prose)


def _clusters(blks: list[Block], stamps: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for k in stamps:
        if out and _prose_words(blks, out[-1][-1] + 1, k) <= MAX_GAP_WORDS:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _drop_byline(blks: list[Block], cluster: list[int]) -> list[int]:
    """The cluster without a leading byline (see the module's docstring)."""
    while len(cluster) > MIN_STAMPS:
        gaps = [_prose_words(blks, a + 1, b) for a, b in zip(cluster, cluster[1:])]
        typical = statistics.median(gaps[1:])
        if gaps[0] >= BYLINE_MIN_WORDS and gaps[0] > BYLINE_GAP_RATIO * typical:
            cluster = cluster[1:]
        else:
            break
    return cluster


def thread_span(blks: list[Block], lo: int = 0, hi: int | None = None,
                english: bool = True) -> tuple[int, int] | None:
    """The range [start, end] of blocks (within [lo, hi)) that is a readers' thread, or None."""
    hi = len(blks) if hi is None else hi
    stamps = [k for k in range(lo, hi) if is_stamp(blks[k], english)]
    if len(stamps) < MIN_STAMPS:
        return None
    # every cluster of stamps is a part of the thread (a long comment sets two parts apart)
    clusters = [c for c in (_drop_byline(blks, c) for c in _clusters(blks, stamps))
                if len(c) >= MIN_STAMPS and not _one_author(blks, c) and not _rows(blks, c)]
    if not clusters:
        return None
    cluster = clusters[0][:-1] + clusters[-1] if len(clusters) > 1 else clusters[0]
    span = _span(blks, cluster, lo, hi, english)
    if span is None and len(cluster) > MIN_STAMPS and _named(blks, cluster) and _leads(blks, cluster):
        # the first stamp is the article's own byline ("Posted by ... on ..."), the article
        # under it: the thread starts at the second
        span = _span(blks, cluster[1:], lo, hi, english)
    return span


def _span(blks: list[Block], cluster: list[int], lo: int, hi: int, english: bool) -> tuple[int, int] | None:
    first, last = cluster[0], cluster[-1]
    # the comment bodies' typical length in blocks, to find the body outside the stamps
    body = max(1, round(statistics.median(b - a - 1 for a, b in zip(cluster, cluster[1:]))))
    after = last + 1
    while after < hi and after - last <= body and not is_stamp(blks[after], english):
        after += 1
    if any(blks[m].is_prose for m in range(last + 1, after)):  # stamps head their comments
        while after < hi and blks[after].is_prose:  # the last comment runs to its end
            after += 1
        return (first, after - 1) if _after_article(blks, lo, first, english) else None
    start = first  # stamps close their comments: the first comment's body comes before
    while start > lo and first - start < body and blks[start - 1].is_prose:
        start -= 1
    # a thread's heading after the first stamp: that stamp closed the article (the post's own
    # "Posted by ... at ..." line), and the thread starts at the heading
    heading = next((m for m in range(first + 1, cluster[1]) if is_heading(blks[m], english)), None)
    if heading is not None:
        start = heading
    return (start, last) if _after_article(blks, lo, start, english) else None


def _after_article(blks: list[Block], lo: int, start: int, english: bool) -> bool:
    """True when a thread starting at ``start`` follows an article: MIN_ARTICLE_WORDS of prose
    come before it, or a thread heading ("74 Comments") announces it just above (a photo
    post's article is a caption)."""
    return (_prose_words(blks, lo, start) >= MIN_ARTICLE_WORDS
            or any(is_heading(blks[m], english) for m in range(max(lo, start - HEADING_REACH), start)))


def _leads(blks: list[Block], cluster: list[int]) -> bool:
    """True when the prose under the first stamp is article-sized and much longer than the
    typical comment (a blog aggregator's posts are all long: no thread)."""
    gaps = [_prose_words(blks, a + 1, b) for a, b in zip(cluster, cluster[1:])]
    return gaps[0] >= MIN_ARTICLE_WORDS and gaps[0] > BYLINE_GAP_RATIO * statistics.median(gaps[1:])


def _rows(blks: list[Block], cluster: list[int]) -> bool:
    """True when most stamps stand in runs of ROW_RUN or more lines in a row, none holding a
    comment: the rows of tables of times or an archive's list of posts, not readers (a comment's
    stamp may take two lines, "Ann says:" over its date, and then its comment follows)."""
    in_rows = 0
    run_start = 0
    for k in range(1, len(cluster) + 1):
        if k == len(cluster) or cluster[k] != cluster[k - 1] + 1:  # the run cluster[run_start:k] ends
            if k - run_start >= ROW_RUN:
                in_rows += k - run_start
            run_start = k
    return 2 * in_rows > len(cluster) and not any(blks[k].is_prose for k in cluster)


def _named(blks: list[Block], cluster: list[int]) -> bool:
    """True when most stamps name their author (a forum's often carry the date alone)."""
    return sum(1 for k in cluster if skeleton(blks[k])) > len(cluster) / 2


def _one_author(blks: list[Block], cluster: list[int]) -> bool:
    """True when most stamps name the same author: a blog's index of its own posts, each
    "Posted by msshell at 09:41 PM", not readers talking."""
    names = Counter(skeleton(blks[k]) for k in cluster)
    name, count = names.most_common(1)[0]
    return bool(name) and count >= ONE_AUTHOR_SHARE * len(cluster)


#: the three alternatives start on disjoint characters (non-word, digit, letter), so their order
#: does not change what is dropped; the cheap ``\W+`` comes first because it is tried at every
#: position (twice as fast as the long list of words first).
_SKELETON_DROP = Caseless(rf"\W+|\d+(st|nd|rd|th)?|\b({_MONTHS}|am|pm|at|on|by|posted|says|said|wrote|writes|"
                          r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
                          r"saturday|sunday|st|nd|rd|th|permalink|link|reply|comment|ago|min|mins|minutes|hours?|days?|"
                          r"utc|gmt|[a-z]?[ecmp][sd]t)\b")


def skeleton(block: Block) -> str:
    """A stamp without its date, time and template words: the author's name, if it has one."""
    return _SKELETON_DROP.sub_in_key(" ", block).strip()
