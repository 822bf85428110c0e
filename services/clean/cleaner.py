"""The clean service's logic: main text out of scraped text or raw HTML, with a record of
every removed line and the rule that removed it. No Kafka here; ``app.py`` and
``jsonl.py`` call :func:`clean_text` and :func:`clean_html`.

Plain text: hard-wrapped lines are joined into paragraphs (``features.blocks``), and
``plaintext.decide`` finds the article among them, in named steps. HTML: trafilatura's main
text (``html.extract``), then ``extracted.decide``, the rules that judge a line where it stands;
or, when trafilatura found no article, the page's visible text as plain text. The plain-text
decision is a second opinion on every page: taken when trafilatura overlooked most of the
page's prose (``overlooked.py``: a page of entries, of which it kept one). Over both: the
article body the page declares in its schema.org data, when the page shows it (``declared.py``).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from shared.contracts import IngestedArticle, RemovedLine
from shared.labels import Reason

from . import extracted, overlooked, plaintext
from .decision import assemble
from .declared import declared_lines, removed_outside
from .depth import PARSER_MAX_DEPTH, too_deep_to_parse
from .errors import CleaningError
from .features import blocks, headline_key, split_lines
from .rules import Rule, is_english

__all__ = ["CleanResult", "CleaningError", "check_input", "clean_article", "clean_extracted", "clean_html",
           "clean_lines", "clean_text", "split_lines"]

#: input larger than this (characters) is refused rather than cleaned.
MAX_INPUT_CHARS = 10_000_000
#: a share of control characters above this means the input is not text.
MAX_CONTROL_SHARE = 0.02

#: the control characters that mark binary input (tab, newline and carriage return are text)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20)])
_REPLACEMENT = "\ufffd".encode()


@dataclass
class CleanResult:
    text: str
    removed: list[RemovedLine] = field(default_factory=list)
    title: str | None = None
    published: datetime.date | None = None

    @property
    def empty(self) -> bool:
        """True when nothing of the input was kept as article text."""
        return not self.text.strip()


def check_input(value: object, kind: str) -> str:
    """Refuse what cannot be cleaned: not a string, too large, or binary."""
    if not isinstance(value, str):
        raise CleaningError(Reason.NOT_TEXT, f"{kind} must be a string, got {type(value).__name__}")
    if len(value) > MAX_INPUT_CHARS:
        raise CleaningError(Reason.TOO_LARGE, f"{kind} has {len(value)} characters, the limit is {MAX_INPUT_CHARS}")
    sample = value[:100_000]
    if sample:
        control = control_count(sample)
        if control / len(sample) > MAX_CONTROL_SHARE:
            raise CleaningError(Reason.BINARY_CONTENT, f"{kind} looks binary ({control} control characters "
                                                  f"in the first {len(sample)})")
    return value


def control_count(text: str) -> int:
    """How many control characters (``_CONTROL_BYTES``) and U+FFFD replacement characters
    ``text`` holds, counted on its UTF-8 bytes: a byte below 0x80 is that character in UTF-8,
    and deleting bytes is several times faster than a regular expression over the text."""
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is no control character
    return len(data) - len(data.translate(None, _CONTROL_BYTES)) + data.count(_REPLACEMENT)


def clean_lines(lines: list[str], english: bool = True) -> tuple[list[str], list[RemovedLine]]:
    """The kept lines and the removed ones (each with its rule), in page order. ``english``:
    whether the rules that rely on English wording apply (``rules.ENGLISH_WORDING``)."""
    return assemble(lines, plaintext.decide(blocks(lines), english))


def clean_extracted(lines: list[str], teasers: frozenset[str] = frozenset(),
                    english: bool = True) -> tuple[list[str], list[RemovedLine]]:
    """The same for text an extractor already cut to the article (see ``extracted.py``).
    ``teasers``: headings that open a list item on the page (:func:`html.teaser_heads`)."""
    return assemble(lines, extracted.decide(blocks(lines), teasers, english))


def clean_text(text: str, language: str | None = None, title: str | None = None) -> CleanResult:
    """Strip boilerplate from plain text scraped from a page; an empty result is not an error.

    ``language``: the article's ISO 639-1 code as ingest set it. The rules that rely on English
    wording (``rules.ENGLISH_WORDING``) apply when it is English or None (not known); in any
    other language only the structural rules do. ``title``: the article's title, when the
    producer gave one; a copy of it at the top of the text is the headline, not the body."""
    check_input(text, "text")
    kept, removed = clean_lines(split_lines(text), is_english(language))
    return CleanResult(text="\n".join(body_of(kept, removed, title)), removed=removed)


def clean_html(html: str, language: str | None = None) -> CleanResult:
    """Main text of a raw page (trafilatura, recall first), then the same text rules, or the
    plain-text rules on the page's visible text when trafilatura overlooked most of its prose;
    or the page's lines that make the article body it declares (JSON-LD ``articleBody``), when
    it shows that body. ``language`` as for :func:`clean_text`."""
    # trafilatura is heavy: import it only when HTML comes
    from .html import extract, quick_visible_text

    check_input(html, "html")
    page = extract(html)
    lines = split_lines(page.text)
    english = is_english(language)
    comments = split_lines(page.comments)
    if page.from_extractor:
        kept, removed = clean_extracted(lines, page.teasers, english)
        # the second opinion: a page of entries whose extractor kept one of them
        kept_words = sum(b.words for b in blocks(kept))
        visible = split_lines(quick_visible_text(html))
        plain_kept, plain_removed = clean_lines(visible, english)
        if overlooked.overlooked_most_prose(page.text + "\n" + page.comments, kept_words, blocks(plain_kept)):
            kept, removed, comments = plain_kept, plain_removed, []
    else:
        kept, removed = clean_lines(lines, english)
        visible, plain_removed = lines, removed
    # the publisher's word over both: the article body the page declares, when it shows it
    declared = declared_lines(html, visible, plain_removed)
    if declared is not None:
        kept, removed, comments = declared, removed_outside(visible, declared, plain_removed, comments), []
    kept = body_of(kept, removed, page.headline)
    removed += [RemovedLine(text=line, rule=Rule.READER_COMMENTS) for line in comments]
    if not kept and too_deep_to_parse(html):
        raise CleaningError(Reason.HTML_TOO_DEEP, f"the page is nested deeper than the HTML parser's "
                            f"{PARSER_MAX_DEPTH} levels: its text past that depth cannot be read")
    return CleanResult(text="\n".join(kept), removed=removed, title=page.title, published=page.published)


#: how far down the kept lines a headline is looked for: a kicker, a section label or a
#: breadcrumb may come before it
HEADLINE_WITHIN_LINES = 3


def without_headline(kept: list[str], headline: str | None) -> list[str]:
    """The article's body: the headline left out when it is one of the first kept lines, since
    it is the article's title (trafilatura keeps a headline that is a heading inside the
    article's container; a page's visible text has it too)."""
    if headline and len(kept) > 1:  # a page that is only its headline keeps it: empty is worse
        wanted = headline_key(headline)
        for index, line in enumerate(kept[:HEADLINE_WITHIN_LINES]):
            if headline_key(line) == wanted:
                return kept[:index] + kept[index + 1:]
    return kept


def body_of(kept: list[str], removed: list[RemovedLine], headline: str | None) -> list[str]:
    """``kept`` without the headline (:func:`without_headline`), which is recorded first in
    ``removed`` with its rule: the text leaves out nothing that the record does not name."""
    body = without_headline(kept, headline)
    if len(body) < len(kept):
        index = next(i for i, line in enumerate(body + [None]) if line != kept[i])
        removed.insert(0, RemovedLine(text=kept[index], rule=Rule.ARTICLE_TITLE))
    return body


def clean_article(article: IngestedArticle) -> CleanResult:
    """What the clean service and ``newsflow clean --jsonl`` do with an ingested article: its
    HTML if it has any, else its text; its language decides whether the English wording rules
    apply."""
    if article.html:
        return clean_html(article.html, language=article.language)
    return clean_text(article.text or "", language=article.language, title=article.title)
