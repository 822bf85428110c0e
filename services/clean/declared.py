"""The article body a page declares: schema.org's ``articleBody`` in its JSON-LD.

News sites describe each article for search engines in a ``<script type="application/ld+json">``
block: a NewsArticle (Article, BlogPosting, ReportageNewsArticle...) whose ``articleBody`` is
the story's text as the publisher's own system holds it, without the page's furniture. When the
page shows that text, it says which of the page's lines are the article: the lines of the
page's visible text that are runs of the declared body's words, in the page's order.

Taken only when it is unambiguous and shown:
- the page declares exactly one article body (a listing declares one per teaser), of
  BODY_MIN_WORDS words or more;
- the lines found cover SHOWN_SHARE of the body's words or more: a paywalled page declares
  the whole story and shows its start; a site may declare a summary that the page shows
  nowhere as such.

A line counts when its words (case, quote marks, dashes and spacing aside) are a run of the
body's words: a line of LINE_MIN_WORDS words or more anywhere, a shorter one (a subheading;
"Photo" is in many bodies by chance) only between two such lines. A line that is part of
another taken line (a pull quote, a standfirst repeating the first sentence) or repeats one is
left out, and so is a line the plain-text rules remove for its wording (a newsletter prompt
that the publisher's system keeps inside the body).
"""
from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from typing import Iterator

from shared.contracts import RemovedLine

from .rules import ENGLISH_WORDING, Rule

#: the declared body must hold at least this many words: a real article, not a summary
BODY_MIN_WORDS = 80
#: the lines found must cover at least this share of the body's words
SHOWN_SHARE = 0.8
#: a line this long or longer counts wherever it stands; a shorter one only between two
LINE_MIN_WORDS = 5
#: a body longer than this is a book, not a news article: the extractor decides
BODY_MAX_WORDS = 20_000
#: a page whose lines need more searches of the body than this is no article page: the
#: extractor decides (each search reads the body once)
MAX_SEARCHES = 2_000
#: the wording rules whose lines stay out of a declared body
_WORDING = ENGLISH_WORDING - {Rule.SECTION_HEADER, Rule.SECTION_TAIL, Rule.AUTHOR_BIO}

_LD_SCRIPT = re.compile(r"<script\b[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def _objects(value: object) -> Iterator[dict]:
    """Every JSON object in ``value``, nested ones (``@graph``, lists) included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def declared_bodies(page: str) -> list[str]:
    """The distinct ``articleBody`` texts of the page's JSON-LD blocks (unreadable blocks are
    skipped: a page's metadata is no reason to refuse the page)."""
    bodies: list[str] = []
    if "ld+json" not in page:
        return bodies
    position = 0
    while (script := _LD_SCRIPT.search(page, position)) and (end := _SCRIPT_END.search(page, script.end())):
        position = end.end()  # a script ends at the first "</script": one pass over the page
        try:
            data = json.loads(html_lib.unescape(_unwrapped(page[script.end():end.start()])), strict=False)
        except (ValueError, RecursionError):
            continue
        for found in _objects(data):
            body = found.get("articleBody")
            if isinstance(body, str) and body.strip() and body not in bodies:
                bodies.append(body)
    return bodies


#: what a page may wrap its JSON in, for old parsers: a CDATA section, or an HTML comment, its
#: markers commented out for JavaScript ("//<![CDATA[" ... "//]]>")
_WRAPPER = re.compile(r"\A\s*(?:/[/*]\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?"
                      r"(.*?)"
                      r"(?:/[/*]\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*\Z", re.S)


def _unwrapped(script: str) -> str:
    """A JSON-LD script's text without its wrapper (``_WRAPPER``), when it has one."""
    wrapped = _WRAPPER.match(script)
    return (wrapped.group(1) if wrapped else script).strip()


def words(text: str) -> list[str]:
    """The words of ``text`` to compare by: entities decoded, tags out, case folded, Unicode
    compatibility forms (curly quotes and dashes fall out, being no word characters)."""
    text = unicodedata.normalize("NFKC", _TAG.sub(" ", html_lib.unescape(text)))
    return _WORD.findall(text.casefold())


class _Body:
    """The declared body's words, asked whether a line's words are a run of them. A line whose
    first two words never meet in the body is answered without a search, a repeated line from
    memory; past MAX_SEARCHES searches every answer is no and ``exhausted`` is set."""

    def __init__(self, body_words: list[str]) -> None:
        self.text = f" {' '.join(body_words)} "
        self.pairs = set(zip(body_words, body_words[1:]))
        self.vocabulary = set(body_words)
        self.known: dict[str, bool] = {}
        self.exhausted = False

    def holds(self, line: list[str]) -> bool:
        if not line or (line[0] not in self.vocabulary if len(line) == 1 else (line[0], line[1]) not in self.pairs):
            return False
        key = " ".join(line)
        if key not in self.known:
            if len(self.known) >= MAX_SEARCHES:
                self.exhausted = True
                return False
            self.known[key] = f" {key} " in self.text
        return self.known[key]


def declared_lines(page: str, lines: list[str], removed: list[RemovedLine]) -> list[str] | None:
    """The page's ``lines`` (its visible text) that make the one article body it declares, in
    order; None when it declares none, several, or one it does not show. ``removed`` is what the
    plain-text rules removed of those lines, read for the lines they removed by their wording."""
    bodies = declared_bodies(page)
    if len(bodies) != 1:
        return None
    body_words = words(bodies[0])
    if not BODY_MIN_WORDS <= len(body_words) <= BODY_MAX_WORDS:
        return None
    body = _Body(body_words)
    by_wording = {r.text for r in removed if r.rule in _WORDING}
    line_words = [words(line) for line in lines]
    long = [i for i, w in enumerate(line_words) if len(w) >= LINE_MIN_WORDS and body.holds(w)]
    if not long:
        return None
    long_set = set(long)
    found = [i for i in range(long[0], long[-1] + 1)
             if (i in long_set or body.holds(line_words[i])) and lines[i] not in by_wording]
    if body.exhausted:
        return None
    first: dict[str, int] = {}  # each text once, where the page first shows it
    for i in found:
        first.setdefault(" ".join(line_words[i]), i)
    joined = " " + " \n ".join(first) + " "
    if len(joined) > 2 * len(body.text):  # the body shown twice, cut two ways: no one reading
        return None
    # a text the page shows more often than the body holds it is part of another line: a pull
    # quote, a standfirst (a heading whose words a sentence of the body repeats is the body's)
    taken = sorted(i for text, i in first.items()
                   if (shown := joined.count(f" {text} ")) < 2 or shown <= body.text.count(f" {text} "))
    if sum(len(line_words[i]) for i in taken) < SHOWN_SHARE * len(body_words):
        return None
    return [lines[i] for i in taken]


def removed_outside(lines: list[str], taken: list[str], removed: list[RemovedLine],
                    comments: list[str]) -> list[RemovedLine]:
    """The record of the ``lines`` a declared body leaves out: by the plain-text rules' reason
    where they removed the line, as a readers' thread where the extractor found one, else as
    outside the declared body."""
    reasons = {r.text: r.rule for r in removed}
    thread = set(comments)
    next_taken = 0  # ``taken`` is a subsequence of ``lines``
    out = []
    for line in lines:
        if next_taken < len(taken) and line == taken[next_taken]:
            next_taken += 1
            continue
        rule = reasons.get(line) or (Rule.READER_COMMENTS if line in thread else Rule.OUTSIDE_DECLARED_BODY)
        out.append(RemovedLine(text=line, rule=rule))
    return out
