"""Main text and metadata of a raw HTML page.

The main text comes from trafilatura (``favor_recall=True``: the line rules trim what it
over-keeps, nothing adds back what a precision-first pass cuts), run once per page, its
comments included as ``trafilatura.extract`` includes them. The text is the article's body:
the headline is the article's title, left out of the text (the cleaner drops a copy of it among
the first kept lines, ``cleaner.without_headline``); the title is the headline as the page
displays it (a heading whose text is the ``<title>`` or its headline part, without the site's
name) when there is one. The headings that open a list item go with the text, so the cleaner
can tell a list of other stories' headlines and teasers from the article's own lists. The title and date
come from the page's own metadata (``<title>``, Open Graph / article meta tags, ``<time
datetime>``), read from the head with the standard library rather than by trafilatura's
metadata pass (htmldate), which is slow (HTML mode's time against trafilatura's: ``make bench``,
docs/benchmarks.md). When trafilatura finds nothing, or hands back the page's whole
body (no article container found), the page's visible text goes to the plain-text rules
instead, so a page with unusual markup is neither dropped whole nor kept whole.
"""
from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura

from shared.labels import Reason

from .errors import CleaningError
from .features import CJK, blocks, headline_key, split_lines

# trafilatura logs every page it finds too short or empty; that is an outcome we report
# ourselves (an empty article), not a fault worth a log line.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

#: metadata is read from at most this many characters of the page (the head, in practice).
HEAD_CHARS = 200_000
#: extractor output of at least this many words, more than this share of them outside prose
#: paragraphs, is the whole page rather than its article (see :func:`looks_like_whole_page`).
WHOLE_PAGE_MIN_WORDS = 100
WHOLE_PAGE_SHORT_SHARE = 0.5
WHOLE_PAGE_MIN_CHARS = 400  # a cheap pre-check: shorter output cannot have WHOLE_PAGE_MIN_WORDS
#: ...and it holds at least this share of the page's visible words.
WHOLE_PAGE_SHARE = 0.5
_TITLE_KEYS = ("og:title", "twitter:title", "title", "dc.title", "headline")
_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
          "table", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
          "dd", "dt", "dl", "form", "figure", "figcaption", "main", "option", "hr"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}


@dataclass
class Page:
    text: str
    title: str | None = None
    published: datetime.date | None = None
    from_extractor: bool = True
    #: headings that open a list item (see :func:`teaser_heads`)
    teasers: frozenset[str] = frozenset()
    #: the readers' comment thread the extractor found in the markup, apart from the article
    comments: str = ""
    #: the headline as the page displays it (:func:`displayed_headline`), when it has one
    headline: str | None = None


class _Meta(HTMLParser):
    """Collects <title>, <meta name|property=... content=...> and the first <time datetime>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.in_title = False
        self.time: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v for k, v in attrs if v}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"].strip())
        elif tag == "title":
            self.in_title = True
        elif tag == "time" and self.time is None and "datetime" in attrs:
            self.time = attrs["datetime"]

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)


class _Visible(HTMLParser):
    """The page's visible text, a line per block element (the fallback input)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _date(value: str | None) -> datetime.date | None:
    match = _ISO_DATE.search(value or "")
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
_TIME = re.compile(r"<time[^>]*\sdatetime=[\"']?([^\"'\s>]+)", re.I)


def metadata(html: str) -> tuple[list[str], datetime.date | None, str | None]:
    """The page's titles and publication date, when its markup declares them (read from the
    head only, plus the first <time datetime> of the body: parsing the whole page would cost
    as much as the extraction). The titles in order of preference (``og:title`` and the other
    meta titles, then ``<title>``), each once: a page may declare its site's name or a short
    form as one and its headline as another. Last, the site's name (``og:site_name``), when
    declared."""
    head_end = _HEAD_END.search(html, 0, HEAD_CHARS)
    parser = _Meta()
    parser.feed(html[:head_end.start() if head_end else HEAD_CHARS])
    titles = [parser.meta[k] for k in _TITLE_KEYS if parser.meta.get(k)]
    titles.append(" ".join("".join(parser.title_parts).split()))
    published = next((d for d in (_date(parser.meta.get(k)) for k in _DATE_KEYS) if d), None)
    if published is None and parser.time is None:
        match = _TIME.search(html)
        parser.time = match.group(1) if match else None
    return [t for t in dict.fromkeys(titles) if t], published or _date(parser.time), parser.meta.get("og:site_name")


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.parts)


def quick_visible_text(html: str) -> str:
    """The lines of :func:`visible_text`, read from lxml's tree in about a third of the time: for
    the second opinion, which reads most pages (``cleaner.clean_html``). On broken markup the two
    parsers may place a line break differently (the same lines on 361 of the 458 dev pages). Not
    for the fallback: libxml2 drops what lies deeper than 256 levels, where the standard
    library's parser reads on. A page lxml cannot read goes to :func:`visible_text`."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # an empty page, or one declaring its encoding
        return visible_text(html)
    parts: list[str] = []
    skipped = None  # the element whose content is not shown (_SKIP) being walked through
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if skipped is not None:
            if element is skipped:  # its end: the text after it is shown again
                skipped = None
                parts.append(element.tail or "")
        elif event == "start":
            if element.tag in _SKIP:
                skipped = element
                continue
            if element.tag in _BLOCK:
                parts.append("\n")
            if element.text and isinstance(element.tag, str):  # a comment's text is not shown
                parts.append(element.text)
        else:
            if element.tag in _BLOCK:
                parts.append("\n")
            parts.append(element.tail or "")
    return "".join(parts)


def main_text_parts(html: str, precision: bool = False) -> tuple[str, str]:
    """trafilatura's main text and the comment thread it found in the markup, recall first
    (the line rules then trim them) unless ``precision``; ('', '') when it finds nothing."""
    try:
        doc = trafilatura.bare_extraction(html, favor_recall=not precision, favor_precision=precision,
                                          include_comments=True, with_metadata=False, as_dict=False)
    except RecursionError as exc:
        raise CleaningError(Reason.HTML_TOO_DEEP, f"the page is nested too deeply to parse ({exc})") from exc
    if doc is None:
        return "", ""
    return doc.text or "", doc.comments or ""


_TITLE_SEPARATORS = (" | ", " - ", " — ", " – ", " :: ", " « ", " » ", " · ", " • ", "_")


def displayed_headline(html: str, *titles: str | None, site_name: str | None = None) -> str | None:
    """The page's title as the page itself shows it: the whole text of a heading (<h1>-<h6>,
    inline tags such as a link around it allowed).

    A <title> often carries the site's name ("Headline | Site"); the headline shown above the
    article is the part of it that is a heading of its own, and the article's title. A heading, not any
    element: the same words as a bare <div> or <span> are a blog's name in its banner, a share
    widget's label or a breadcrumb, none of which is the article's. Every title the page
    declares is looked at, in order: its ``og:title`` may be the site's name or a short form
    of the headline ("First US woman into space dies"), and its ``<title>`` the headline as
    shown ("BBC News - Sally Ride, the first US woman in space, dies aged 61"). The site's
    name, when the page declares it (``site_name``), is no headline, though shown as a heading.
    """
    candidates = []
    for title in filter(None, titles):
        candidates.append(title)
        for sep in _TITLE_SEPARATORS:
            if sep in title:
                parts = title.split(sep)
                candidates += [parts[0].strip(), parts[-1].strip()]
    site = headline_key(site_name or "")
    keys = [key for c in candidates if _long_enough(c) and (key := headline_key(c)) != site]
    if not keys:
        return None
    shown: dict[str, str] = {}
    for text in _heading_texts(html):  # in page order: the first heading of a headline is the one shown
        shown.setdefault(headline_key(text), text)
    return next((shown[key] for key in keys if key in shown), None)


def _long_enough(title: str) -> bool:
    """Two words or more (four CJK characters, which are not spaced): one word is a site's or a
    section's name."""
    return len(title.split()) >= 2 or len(CJK.findall(title)) >= 4


# the heading's markup is bounded, so an unclosed <h1> costs a short scan, not the rest of the page
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.{0,400}?)</h\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def _text_of(markup: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", markup)).split())


def _heading_texts(html: str) -> list[str]:
    """The text of every <h1>-<h6> of the page, tags removed and entities decoded, in page order."""
    return [_text_of(m.group(2)) for m in _HEADING.finditer(html)]


_LIST_HEAD = re.compile(r"<li\b[^>]*>\s*(?:<(?!/?li\b|h[1-6]\b)[^>]*>\s*){0,8}<h([2-6])\b[^>]*>(.{0,400}?)</h\1\s*>",
                        re.I | re.S)


def teaser_heads(html: str) -> frozenset[str]:
    """The text of every heading that opens a list item (<li><h3>Other story</h3><p>Its
    teaser...</p></li>): a list of other stories, each a headline and its teaser, which
    trafilatura keeps as list items ("- Other story Its teaser..."). An article's own list items
    (steps, ingredients, dates) do not open with a heading. Read from the raw page with one
    regular expression: the extractor's output has lost the tags. A heading of one word
    ("Archives", "Golf", "Topics") names a sidebar's section, not a story, and would match any
    list item starting with that word, so it does not count (the dev scores with and without:
    ``make bench``, docs/benchmarks.md)."""
    if "<h" not in html and "<H" not in html:
        return frozenset()
    heads = (_text_of(m.group(2)) for m in _LIST_HEAD.finditer(html))
    return frozenset(h for h in heads if len(h.split()) >= 2)


def mostly_short(text: str) -> bool:
    """True when the extractor's output is long but mostly short lines, not prose: menus and
    link lists that ``favor_recall`` kept, or, when trafilatura finds no article container,
    the page's whole body."""
    if len(text) < WHOLE_PAGE_MIN_CHARS:
        return False
    blks = blocks(split_lines(text))
    total = sum(b.words for b in blks)
    short = sum(b.words for b in blks if not b.is_prose)
    return total >= WHOLE_PAGE_MIN_WORDS and short > WHOLE_PAGE_SHORT_SHARE * total


def words(text: str) -> float:
    return sum(b.words for b in blocks(split_lines(text)))


def looks_like_whole_page(text: str, html: str) -> bool:
    """True when the extractor's output is mostly short lines and holds at least half of the
    page's visible words: trafilatura may have found no article container and fallen back to
    the page's body, menus, link lists and all. (:func:`extract` also asks its precision pass,
    which keeps a listicle or a table of results but not a page's furniture.) Mostly short lines
    alone is not enough: a table of results or a listicle is mostly short lines too, and is
    the article."""
    return mostly_short(text) and words(text) >= WHOLE_PAGE_SHARE * words(visible_text(html))


def extract(html: str) -> Page:
    """The page's main text (possibly empty), title and publication date.

    Raises CleaningError (``html_too_deep``) for a page the parser cannot walk, so the service
    dead-letters it instead of crashing.
    """
    if not html.strip():
        return Page(text="")
    titles, published, site_name = metadata(html)
    headline = displayed_headline(html, *titles, site_name=site_name)
    title = headline or next(iter(titles), None)
    text, comments = main_text_parts(html)
    if mostly_short(text):
        # menus and link lists kept by favor_recall, or a listicle or a table of results: the
        # precision pass leaves the furniture out and keeps an article of short lines
        precise, precise_comments = main_text_parts(html, precision=True)
        if looks_like_whole_page(text, html) and words(precise) < WHOLE_PAGE_SHARE * words(text):
            return Page(text=visible_text(html), title=title, published=published, from_extractor=False,
                        headline=headline)
        if precise.strip():
            text, comments = precise, precise_comments
    if text.strip():
        return Page(text=text, title=title, published=published, teasers=teaser_heads(html),
                    comments=comments, headline=headline)
    return Page(text=visible_text(html), title=title, published=published, from_extractor=False,
                headline=headline)
