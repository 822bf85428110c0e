"""The decision for text an extractor already cut to the article, in named steps.

Only the rules that judge a line where it stands apply, as inside the plain-text article's run:
wording on short unpunctuated lines, the comment form's notices, a row of links on one line, a
section header and the short lines under it, blanks, repeats. Position rules would cut real
paragraphs here, since the page's navigation, which they measure against, is gone.

1. :func:`mark_thread`: a readers' thread, told by its stamps or by its heading alone;
2. :func:`decision.drop_link_boxes`: a section header and the short lines under it;
3. :func:`judge_in_place`: every other line, where it stands.
"""
from __future__ import annotations

from . import rules
from .decision import drop_link_boxes, in_place_rule, mark
from .features import Block, blocks
from .rules import Rule
from .threads import heading_cut, thread_span


def decide(blks: list[Block], teasers: frozenset[str], english: bool = True) -> list[Block]:
    """Each block of the extractor's output decided (``rule`` None keeps it), every one part of
    the article. ``english``: whether the rules that rely on English wording apply
    (``rules.ENGLISH_WORDING``)."""
    for b in blks:
        b.in_article = True
    mark_thread(blks, english)
    drop_link_boxes(blks, english)
    judge_in_place(blks, teasers, english)
    return blks


def mark_thread(blks: list[Block], english: bool) -> None:
    """Step 1: the thread told by its stamps, and one told by its heading alone, from the
    heading up to the stamped one or the end."""
    thread = thread_span(blks, english=english)
    if thread:
        mark(blks, thread[0], thread[1], Rule.READER_COMMENTS)
    end = thread[0] if thread else len(blks)
    cut = heading_cut(blks, 0, end - 1, english=english)
    if cut is not None:
        mark(blks, cut, end - 1, Rule.READER_COMMENTS)


def judge_in_place(blks: list[Block], teasers: frozenset[str], english: bool) -> None:
    """Step 3: each line still undecided, where it stands.

    A repeated paragraph goes too: an extractor's output holds the article once, so a second
    copy is the page printing it twice (a print or mobile version) or a teaser of it.
    ``teasers``: headings that open a list item on the page (:func:`html.teaser_heads`);
    a list item starting with one is another story's headline and teaser."""
    seen: set[str] = set()
    for b in blks:
        if b.rule is None:
            b.rule = _line_rule(b, b.key in seen, teasers, english)
        seen.add(b.key)


def _line_rule(b: Block, repeated: bool, teasers: frozenset[str], english: bool) -> Rule | None:
    """The rule that removes one line of an extractor's output, judged where it stands."""
    if rules.blank_or_symbols(b):
        return Rule.BLANK_OR_SYMBOLS
    if b.text.startswith("|") and b.text.endswith("|"):
        if rules.rights_statement(b, english):
            return Rule.LEGAL_NOTICE  # a page laid out in a table: its footer row
        cells = [c for c in b.text[1:-1].split("|") if c.strip()]
        if len(cells) != 1:
            # a row of a table (trafilatura writes "| cell | cell |"): results, figures; a
            # header row ("| Response | Votes | % |") comes again over each table of its kind
            return None
        # one cell with text: a page laid out in a table, its banner, notices and footer as
        # rows; the cell is judged as a line, but not as a repeat (a table's rows repeat)
        return _line_rule(blocks([cells[0].strip()])[0], False, teasers, english)
    if repeated:
        return Rule.REPEATED_LINE
    if teasers and b.text.startswith("- ") and any(b.text.startswith("- " + head) for head in teasers):
        return Rule.HEADLINE_LIST
    if english and rules.teaser_with_link_label(b):
        return Rule.PROMO_LINE
    return in_place_rule(b, rules.wording_rule(b, english), english)
