"""The plain-text decision: which blocks of scraped text are the article, in named steps.

1. :func:`score_blocks`: each paragraph gets a prose score: its word count if it is prose, a
   cost if it is short, a list headline, a repeat or boilerplate wording;
2. :func:`mark_thread`: a readers' thread found by its stamps (``threads.thread_span``) goes,
   and costs so much that no run of prose reaches into it;
3. :func:`article_runs`: the densest run of prose (maximum-sum range), plus any other run worth
   half as much, is the article, up to the first comment-form line, thread heading or section
   header between two runs (a thread, a box of other stories) or a thread heading or a comment
   form's line inside a run;
4. :func:`mark_article`: a section header in a run's tail ends it; up to two short lines just
   before a run (title, date, byline) go with it; :func:`take_announced_list`: a list that a
   line ending in a colon announces at a run's end goes with it; :func:`take_plain_tail`: the
   lines after the article's last run go with it when none of them is the site's furniture (a
   page without a footer: a paper's tables, notes and references); :func:`drop_author_bio`:
   the writer's bio after the story;
5. :func:`decision.drop_link_boxes`: inside the article, a section header and the short lines
   under it;
6. :func:`judge_rest`: inside the article, a block goes only for what it is where it stands
   (furniture, another story's teaser);
   every other block goes, recorded with the most specific rule that explains it.
"""
from __future__ import annotations

import re

from . import rules
from .decision import drop_link_boxes, in_place_rule, mark
from .features import SHORT_PENALTY, Block, prose_runs
from .rules import Rule
from .threads import MAX_HEADINGS, MIN_ARTICLE_WORDS, heading_cut, is_heading, thread_span

#: what a line of boilerplate wording costs the run of prose it sits in.
WORDING_PENALTY = 20.0
#: a second run of prose joins the article if it is worth this share of the densest one.
SECOND_RUN_SHARE = 0.5
#: short lines kept just before the article's run (title, date, byline).
LEAD_LINES = 2
LEAD_MIN_WORDS = 3
LEAD_MAX_WORDS = 20

Runs = list[tuple[int, int]]


def decide(blks: list[Block], english: bool = True) -> list[Block]:
    """Each block decided: ``rule`` None keeps it. ``english``: whether the rules that rely on
    English wording apply (``rules.ENGLISH_WORDING``)."""
    score_blocks(blks, english)
    mark_thread(blks, english)
    runs = article_runs(blks, english)
    mark_article(blks, runs, english)
    take_announced_list(blks, runs, english)
    take_plain_tail(blks, english)
    drop_author_bio(blks, english)
    drop_link_boxes(blks, english)
    judge_rest(blks, runs, english)
    return blks


def mark_headline_runs(blks: list[Block]) -> None:
    """``in_headline_run`` for blocks inside a run of HEADLINE_RUN or more headline-like blocks."""
    k, n = 0, len(blks)
    while k < n:
        if not blks[k].headline_like:
            k += 1
            continue
        j = k
        while j + 1 < n and blks[j + 1].headline_like:
            j += 1
        if j - k + 1 >= rules.HEADLINE_RUN:
            for b in blks[k:j + 1]:
                b.in_headline_run = True
        k = j + 1


def score_blocks(blks: list[Block], english: bool) -> None:
    """Step 1: each block's wording rule, whether it repeats an earlier one or sits in a run of
    headlines, and its prose score."""
    mark_headline_runs(blks)
    wording_rule = rules.wording_rule  # a local name: this loop runs for every block
    seen: set[str] = set()
    worded: dict[str, Rule | None] = {}  # each text's wording rule, found once (a page repeats lines)
    for b in blks:
        text, key = b.text, b.key
        if text in worded:  # the same text came earlier
            wording, repeated = worded[text], True
        else:
            wording = worded[text] = wording_rule(b, english)
            repeated = key in seen
        seen.add(key)
        score = b.prose_score()
        # a comment form's instructions cost the run even as a sentence, like a legal notice
        if wording and (not b.is_prose or wording == Rule.LEGAL_NOTICE
                        or (wording == Rule.COMMENT_FORM and rules.form_notice(b))):
            score = -WORDING_PENALTY
        if score > -SHORT_PENALTY and (b.in_headline_run or repeated or rules.link_row(b)):  # cheap test first
            score = -SHORT_PENALTY
        b.wording, b.repeated, b.score = wording, repeated, score


def mark_thread(blks: list[Block], english: bool) -> None:
    """Step 2: the readers' thread told by its stamps goes; it is never the article, and no
    run of prose reaches across it."""
    thread = thread_span(blks, english=english)
    if thread:
        mark(blks, thread[0], thread[1], Rule.READER_COMMENTS)
        for b in blks[thread[0]:thread[1] + 1]:
            b.score = -WORDING_PENALTY


def article_runs(blks: list[Block], english: bool) -> Runs:
    """Step 3: the article's runs of prose; the runs of a readers' thread that follow them go."""
    runs = prose_runs([b.score for b in blks], SECOND_RUN_SHARE)
    runs, thread_runs = _cut_at_thread_heading(blks, *_before_thread(blks, runs, english), english)
    for start, end in thread_runs:
        for b in blks[start:end + 1]:
            b.rule = b.rule or Rule.READER_COMMENTS
    return _cut_at_comment_form(blks, runs, english)


def _before_thread(blks: list[Block], runs: Runs, english: bool) -> tuple[Runs, Runs]:
    """The runs up to the first gap between two runs that holds a comment-form line ("12
    Comments", "Leave a Reply", "Post a Comment"), a thread's heading ("Comments", "3 thoughts
    on ...") or a section header ("Related Posts", "Most watched"); and, when the gap was the
    comment form's or the thread's, the runs after it (the readers' thread). The article comes
    first; prose set apart from it by such a header is the readers' thread or a box of other
    stories, even when it holds more prose than the article."""
    out = runs[:1]
    for k, (start, end) in enumerate(runs[1:], start=1):
        gap = blks[out[-1][1] + 1:start]
        if any(b.wording == Rule.COMMENT_FORM or is_heading(b, english) for b in gap):
            return out, runs[k:]
        if english and any(rules.section_header(b) for b in gap):
            return out, []  # every later run is further into the box
        out.append((start, end))
    return out, []


def _cut_at_thread_heading(blks: list[Block], runs: Runs, thread_runs: Runs, english: bool) -> tuple[Runs, Runs]:
    """The article's runs up to a thread's heading ("{ 167 comments }", "3 thoughts on ...")
    inside one of them, and the thread's runs from it on."""
    seen = 0.0
    for k, (start, end) in enumerate(runs):
        cut = heading_cut(blks, start, end, seen, english)
        if cut is not None:
            before = [(start, cut - 1)] if cut > start else []
            return runs[:k] + before, [(cut, end)] + runs[k + 1:] + thread_runs
        seen += sum(b.words for b in blks[start:end + 1] if b.is_prose)
    return runs, thread_runs


def _cut_at_comment_form(blks: list[Block], runs: Runs, english: bool) -> Runs:
    """The article's runs up to a comment form's line inside one of them ("Leave a Reply Cancel
    reply", "No comments yet", "One comment Add your comment"), after MIN_ARTICLE_WORDS of the
    article's prose: the form comes after the story, and what follows it (the thread, other
    stories' teasers, the site's boxes) is not the story, however much prose it holds. The
    blocks after the cut are judged as outside the article. Not on an index page, where a
    comment count ("Comments (0)") follows every post (more than MAX_HEADINGS counts)."""
    if not english:
        return runs  # the form's lines are English wording
    form = Rule.COMMENT_FORM
    forms = [m for start, end in runs for m in range(start, end + 1)
             if blks[m].wording == form and not blks[m].is_prose]
    if not forms or sum(1 for b in blks if b.wording == form and rules.comment_count(b)) > MAX_HEADINGS:
        return runs
    seen = 0.0
    for k, (start, end) in enumerate(runs):
        for m in forms:
            if start <= m <= end and seen + _prose_words(blks, start, m) >= MIN_ARTICLE_WORDS:
                return runs[:k] + ([(start, m - 1)] if m > start else [])
        seen += _prose_words(blks, start, end + 1)
    return runs


def _prose_words(blks: list[Block], lo: int, hi: int) -> float:
    return sum(b.words for b in blks[lo:hi] if b.is_prose)


def _section_cut(blks: list[Block], start: int, end: int, english: bool) -> int:
    """Index of a section header in the tail of run [start, end], or end + 1 if none."""
    if not english:
        return end + 1
    run = blks[start:end + 1]
    total = sum(max(0.0, b.score) for b in run)
    seen = 0.0
    for m, b in enumerate(run, start):
        if seen >= (1 - rules.SECTION_TAIL_SHARE) * total and rules.section_header(b):
            return m
        seen += max(0.0, b.score)
    return end + 1


def mark_article(blks: list[Block], runs: Runs, english: bool) -> None:
    """Step 4: the blocks of the article: each run up to a section header in its tail (the rest
    goes as ``section_tail``), and up to LEAD_LINES short lines just before it."""
    for start, end in runs:
        cut = _section_cut(blks, start, end, english)
        mark(blks, cut, end, Rule.SECTION_TAIL)
        for b in blks[start:cut]:
            b.in_article = True
        for back in range(1, LEAD_LINES + 1):
            m = start - back
            if m < 0:
                break
            lead = blks[m]
            if lead.score <= -WORDING_PENALTY or not LEAD_MIN_WORDS <= lead.words <= LEAD_MAX_WORDS:
                break
            lead.in_article = True


#: what ends a line that announces a list ("The areas are:", "Here are this year's events:")
LIST_COLONS = (":", "：")
#: what a list's item holds that a menu entry does not: a digit or punctuation inside it
_ITEM_MARKS = re.compile(r"[\d,;:()]")


def take_announced_list(blks: list[Block], runs: Runs, english: bool) -> None:
    """Step 4, after :func:`mark_article`: a list that the end of a run announces with a colon
    ("The new camera will have these specs:", "Here are this year's events:") is the article's:
    the items under it go with the run. Each item is a short line, and scores as a menu entry
    would, so the densest run stops where the list begins. The announcing line is the run's
    last or the line just after it; the list runs on while its lines read as items (prose, a
    sentence, a continued line, or a line holding a digit or punctuation: "Distance: 183 mi",
    "Fort Smith, Ark.") and ends at the first that reads as a menu entry, a removed line, a
    section header or the next run. Not a form's labels ("Your name:" over "Email:"), which
    announce nothing. Structure alone: every language."""
    n = len(blks)
    for start, end in runs:
        last = next((k for k in range(end, start - 1, -1) if blks[k].in_article), None)  # from the end: fast
        if last is None:
            continue
        head = last if blks[last].text.endswith(LIST_COLONS) else _next_line(blks, last)
        if head is None or not blks[head].text.endswith(LIST_COLONS) or (
                head != last and _ends_list(blks[head], english)):
            continue
        first = _next_line(blks, head)
        if first is None or blks[first].text.endswith(LIST_COLONS):
            continue  # a form's labels, one under the other
        items = []
        for k in range(first, n):
            b = blks[k]
            if rules.blank_or_symbols(b):
                continue
            if _ends_list(b, english) or not _item_like(b):
                break
            items.append(k)
        if items:
            for k in (head, *items):
                blks[k].in_article = True


def _next_line(blks: list[Block], k: int) -> int | None:
    """The index of the first block after ``k`` that is not blank or symbols, or None."""
    return next((m for m in range(k + 1, len(blks)) if not rules.blank_or_symbols(blks[m])), None)


def _ends_list(b: Block, english: bool) -> bool:
    """A block no list runs into: the article's own, one already removed, boilerplate wording,
    a row of links, a section header."""
    return b.in_article or b.rule is not None or b.wording is not None or _is_layout(b, english)


def _item_like(b: Block) -> bool:
    """A line that reads as a list's item rather than a menu entry (see :func:`take_announced_list`)."""
    return (b.is_prose or b.ends_sentence or b.text[:1].islower()
            or _ITEM_MARKS.search(b.text) is not None)


def take_plain_tail(blks: list[Block], english: bool) -> None:
    """Step 4, after :func:`take_announced_list`: the lines after the article's last block, to
    the end of the page, go with the article when none of them is the site's furniture: no
    boilerplate wording (a footer's "Privacy Policy", a rights line, a comment form), no row of
    links, no section header, none removed already (a readers' thread, a section's tail), no
    line printed above the article (the site's menu again). A site's page ends in such
    furniture; a page that ends without it (a paper, an essay, a plain document) ends in its
    own short lines: a table flattened to a line per cell, its references, its notes, which
    score as menu entries do, so the densest run stops where they begin. At least half of the
    lines must read as a list's items do (:func:`_item_like`: a sentence, a lower-case start, a
    digit or punctuation inside): menu entries ending a page without a footer do not ("Virtual
    Exhibits", "Lesson Plans"). A table's cells repeat ("Self", "explanatory" on every row), so
    a repeat there is not removed as one. Structure alone: every language (the section header
    is English wording)."""
    last = next((k for k in range(len(blks) - 1, -1, -1) if blks[k].in_article), None)  # from the end: fast
    if last is None:
        return
    # the cheap tests first, from the page's end, where a site's footer is
    if any(b.rule is not None or b.wording is not None for b in reversed(blks[last + 1:])):
        return
    tail = [b for b in blks[last + 1:] if not rules.blank_or_symbols(b)]
    if not tail or 2 * sum(map(_item_like, tail)) < len(tail) or any(_is_layout(b, english) for b in tail):
        return
    first = next(k for k, b in enumerate(blks) if b.in_article)
    above = {b.key for b in blks[:first]}
    if any(b.key in above for b in tail):
        return  # the site's menu, printed again under the document
    for b in tail:
        b.in_article = True
        b.repeated = False  # a table's cells repeat: judged where they stand, not as repeats


def _is_layout(b: Block, english: bool) -> bool:
    """A row of links or a section header: the site's, not the document's."""
    return rules.link_row(b) or (english and rules.section_header(b))


def drop_author_bio(blks: list[Block], english: bool) -> None:
    """Step 4, after :func:`mark_article`: the author's bio after the article's body: a paragraph of the article, in the
    last SECTION_TAIL_SHARE of its prose, that opens with the name of a byline above it and says
    who that is ("Nancy Atkinson is Universe Today's Senior Editor. She also ...", under "by
    Nancy Atkinson on November 1, 2012"). It is about the writer, not the story. English
    wording: not when ``english`` is False."""
    if not english:
        return
    prose = [(k, b) for k, b in enumerate(blks) if b.in_article and b.is_prose]
    tail_from = (1 - rules.SECTION_TAIL_SHARE) * sum(b.words for _, b in prose)
    seen = 0.0
    for k, b in prose:
        if b.rule is None and seen >= tail_from:
            name = rules.bio_subject(b)
            if name and any(rules.byline_names(above, name) for above in blks[:k]):
                b.rule = Rule.AUTHOR_BIO
        seen += b.words


def judge_rest(blks: list[Block], runs: Runs, english: bool) -> None:
    """Step 6: every block still undecided. Inside the article it stays unless it is blank, goes
    where it stands (:func:`decision.in_place_rule`, or as another story's teaser,
    :func:`rules.teaser_with_link_label`) or repeats a kept line without being prose;
    outside it goes, with the most specific rule that explains it."""
    first = runs[0][0] if runs else len(blks)
    last = runs[-1][1] if runs else -1
    kept: set[str] = set()
    for k, b in enumerate(blks):
        if b.rule:
            continue
        if rules.blank_or_symbols(b):
            b.rule = Rule.BLANK_OR_SYMBOLS
        elif b.in_article:
            rule = in_place_rule(b, b.wording, english)
            if rule is None and english and rules.teaser_with_link_label(b):
                rule = Rule.PROMO_LINE  # another story's teaser ("... Watch Video")
            if rule:
                b.rule = rule
            elif b.repeated and b.key in kept and b.score < 0:
                b.rule = Rule.REPEATED_LINE
            else:
                kept.add(b.key)
        elif b.wording:
            b.rule = b.wording
        elif english and rules.section_header(b):
            b.rule = Rule.SECTION_HEADER
        elif b.repeated:
            b.rule = Rule.REPEATED_LINE
        elif b.in_headline_run:
            b.rule = Rule.HEADLINE_LIST
        elif k < first:
            b.rule = Rule.BEFORE_MAIN_TEXT
        elif k > last:
            b.rule = Rule.AFTER_MAIN_TEXT
        else:
            b.rule = Rule.BETWEEN_MAIN_TEXT
