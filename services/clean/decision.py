"""One record per block, the steps both modes share, and the assembly of the result.

The plain-text decision (``plaintext.py``) and the one for an extractor's output
(``extracted.py``) each run named steps over a list of :class:`Decision`, one per block; a step
reads what the earlier ones recorded and sets ``rule`` on the blocks it removes.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter

from shared.contracts import RemovedLine

from . import rules
from .features import Block
from .rules import Rule


@dataclass(slots=True)
class Decision:
    """What the cleaner found out about one block; ``rule`` is the verdict: None keeps the
    block, a rule name removes it."""

    block: Block
    #: the wording rule that matches the block on its own (``rules.wording_rule``), or None
    wording: Rule | None = None
    #: the same text came earlier on the page
    repeated: bool = False
    #: one of ``rules.HEADLINE_RUN`` or more headline-like blocks in a row
    in_headline_run: bool = False
    #: its prose score: what it adds to (or costs) a run of prose
    score: float = 0.0
    #: part of the article: inside one of its runs of prose, or a lead line just before one
    in_article: bool = False
    rule: Rule | None = None


def mark(decisions: list[Decision], start: int, end: int, rule: Rule) -> None:
    """Remove blocks [start, end] with ``rule``."""
    for d in decisions[start:end + 1]:
        d.rule = rule


def drop_link_boxes(decisions: list[Decision], english: bool) -> None:
    """Inside the article, a section header ("Related Posts", "More Celeb Beauty:") and the
    short lines under it, up to the next paragraph of prose, are a box of links (English
    wording: not when ``english`` is False)."""
    if not english:
        return
    k, n = 0, len(decisions)
    while k < n:
        d = decisions[k]
        if d.in_article and d.rule is None and rules.section_header(d.block):
            d.rule = Rule.SECTION_HEADER
            k += 1
            while k < n and decisions[k].in_article and not decisions[k].block.is_prose:
                decisions[k].rule = decisions[k].rule or Rule.HEADLINE_LIST
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


def assemble(lines: list[str], decisions: list[Decision]) -> tuple[list[str], list[RemovedLine]]:
    """The kept lines and the removed ones (each with its rule), in page order."""
    kept: list[str] = []
    removed: list[dict] = []
    for d in decisions:
        b, rule = d.block, d.rule
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
