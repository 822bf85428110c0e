"""The steps both modes share, and the assembly of the result.

The plain-text decision (``plaintext.py``) and the one for an extractor's output
(``extracted.py``) each run named steps over the page's list of :class:`features.Block`; a step
reads what the earlier ones recorded and sets ``rule`` on the blocks it removes.
"""
from __future__ import annotations

from pydantic import TypeAdapter

from shared.contracts import RemovedLine

from . import rules
from .features import Block
from .rules import Rule


def mark(blks: list[Block], start: int, end: int, rule: Rule) -> None:
    """Remove blocks [start, end] with ``rule``."""
    for b in blks[start:end + 1]:
        b.rule = rule


def drop_link_boxes(blks: list[Block], english: bool) -> None:
    """Inside the article, a section header ("Related Posts", "More Celeb Beauty:") and the
    short lines under it, up to the next paragraph of prose, are a box of links (English
    wording: not when ``english`` is False)."""
    if not english:
        return
    k, n = 0, len(blks)
    while k < n:
        b = blks[k]
        if b.in_article and b.rule is None and rules.section_header(b):
            b.rule = Rule.SECTION_HEADER
            k += 1
            while k < n and blks[k].in_article and not blks[k].is_prose:
                blks[k].rule = blks[k].rule or Rule.HEADLINE_LIST
                k += 1
        else:
            k += 1


def in_place_rule(b: Block, wording: Rule | None, english: bool) -> Rule | None:
    """The rule that removes a block of the article judged where it stands, or None. Only
    short, unpunctuated wording goes (a sentence that mentions a newsletter stays), except the
    comment form's instructions and status messages, which read like sentences but never
    belong to a story ("You may use these HTML tags ...", "Your comment could not be posted.");
    and a row of links on one line, a menu however long it is (in any language). Three kinds of
    furniture go at any length they have: a publisher's rights statement, though it reads as
    sentences; a tag list that ends no sentence ("NFL.com Staff | Tags: Saints, Sproles, ...");
    and a blog's previous/next links ("« Older post | Main | Newer post »")."""
    if wording and ((b.words <= rules.INLINE_MAX_WORDS and not b.is_prose)
                    or (wording == Rule.COMMENT_FORM and rules.form_notice(b))
                    or (wording == Rule.TAG_LIST and not b.ends_sentence)):
        return wording
    if wording and rules.rights_statement(b, english):
        return Rule.LEGAL_NOTICE
    if english and b.words <= rules.WORDING_MAX_WORDS * 2 and rules.form_status(b):
        return Rule.COMMENT_FORM
    if english and rules.post_navigation(b):
        return Rule.PROMO_LINE
    return Rule.HEADLINE_LIST if rules.link_row(b) else None


#: a page's removed lines are validated in one call: a page removes hundreds of lines, and one
#: model built at a time costs more than the rest of the cleaning of that line.
_REMOVED_LINES = TypeAdapter(list[RemovedLine])


def assemble(lines: list[str], blks: list[Block]) -> tuple[list[str], list[RemovedLine]]:
    """The kept lines and the removed ones (each with its rule), in page order."""
    kept: list[str] = []
    removed: list[dict] = []
    for b in blks:
        rule = b.rule
        if b.first == b.last:  # the common case, a paragraph of one line
            if rule is None:
                kept.append(b.text)
            else:
                removed.append({"text": b.text, "rule": rule})
        elif rule is None:
            kept.extend(lines[b.first:b.last + 1])
        else:
            removed.extend({"text": line, "rule": rule} for line in lines[b.first:b.last + 1])
    return kept, _REMOVED_LINES.validate_python(removed)
