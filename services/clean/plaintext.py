"""The plain-text decision: which blocks of scraped text are the article, in named steps.

1. :func:`score_blocks`: each paragraph gets a prose score: its word count if it is prose, a
   cost if it is short, a list headline, a repeat or boilerplate wording;
2. :func:`mark_thread`: a readers' thread found by its stamps (``threads.thread_span``) goes,
   and costs so much that no run of prose reaches into it;
3. :func:`article_runs`: the densest run of prose (maximum-sum range), plus any other run worth
   half as much, is the article, up to the first comment-form line, thread heading or section
   header between two runs (a thread, a box of other stories) or a thread heading inside a run;
4. :func:`mark_article`: a section header in a run's tail ends it; up to two short lines just
   before a run (title, date, byline) go with it;
5. :func:`decision.drop_link_boxes`: inside the article, a section header and the short lines
   under it;
6. :func:`judge_rest`: inside the article, a block goes only for what it is where it stands;
   every other block goes, recorded with the most specific rule that explains it.
"""
from __future__ import annotations

from . import rules
from .decision import Decision, drop_link_boxes, in_place_rule, mark
from .features import SHORT_PENALTY, Block, prose_runs
from .rules import Rule
from .threads import heading_cut, is_heading, thread_span

#: what a line of boilerplate wording costs the run of prose it sits in.
WORDING_PENALTY = 20.0
#: a second run of prose joins the article if it is worth this share of the densest one.
SECOND_RUN_SHARE = 0.5
#: short lines kept just before the article's run (title, date, byline).
LEAD_LINES = 2
LEAD_MIN_WORDS = 3
LEAD_MAX_WORDS = 20

Runs = list[tuple[int, int]]


def decide(blks: list[Block], english: bool = True) -> list[Decision]:
    """For each block, its decision; ``rule`` None keeps it. ``english``: whether the rules that
    rely on English wording apply (``rules.ENGLISH_WORDING``)."""
    decisions = score_blocks(blks, english)
    mark_thread(blks, decisions, english)
    runs = article_runs(blks, decisions, english)
    mark_article(decisions, runs, english)
    drop_link_boxes(decisions, english)
    judge_rest(decisions, runs, english)
    return decisions


def _headline_runs(blks: list[Block]) -> list[bool]:
    """True for blocks inside a run of HEADLINE_RUN or more headline-like blocks."""
    flags = [b.headline_like for b in blks]
    out = [False] * len(blks)
    k, n = 0, len(blks)
    while k < n:
        if not flags[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and flags[j + 1]:
            j += 1
        if j - k + 1 >= rules.HEADLINE_RUN:
            out[k:j + 1] = [True] * (j - k + 1)
        k = j + 1
    return out


def score_blocks(blks: list[Block], english: bool) -> list[Decision]:
    """Step 1: each block's wording rule, whether it repeats an earlier one or sits in a run of
    headlines, and its prose score."""
    out: list[Decision] = []
    append, wording_rule = out.append, rules.wording_rule  # local names: this loop runs for every block
    seen: set[str] = set()
    worded: dict[str, Rule | None] = {}  # each text's wording rule, found once (a page repeats lines)
    for b, listed in zip(blks, _headline_runs(blks)):
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
        if score > -SHORT_PENALTY and (listed or repeated or rules.link_row(b)):  # cheap test first
            score = -SHORT_PENALTY
        append(Decision(b, wording, repeated, listed, score))
    return out


def mark_thread(blks: list[Block], decisions: list[Decision], english: bool) -> None:
    """Step 2: the readers' thread told by its stamps goes; it is never the article, and no
    run of prose reaches across it."""
    thread = thread_span(blks, english=english)
    if thread:
        mark(decisions, thread[0], thread[1], Rule.READER_COMMENTS)
        for d in decisions[thread[0]:thread[1] + 1]:
            d.score = -WORDING_PENALTY


def article_runs(blks: list[Block], decisions: list[Decision], english: bool) -> Runs:
    """Step 3: the article's runs of prose; the runs of a readers' thread that follow them go."""
    runs = prose_runs([d.score for d in decisions], SECOND_RUN_SHARE)
    runs, thread_runs = _cut_at_thread_heading(blks, *_before_thread(decisions, runs, english), english)
    for start, end in thread_runs:
        for d in decisions[start:end + 1]:
            d.rule = d.rule or Rule.READER_COMMENTS
    return runs


def _before_thread(decisions: list[Decision], runs: Runs, english: bool) -> tuple[Runs, Runs]:
    """The runs up to the first gap between two runs that holds a comment-form line ("12
    Comments", "Leave a Reply", "Post a Comment"), a thread's heading ("Comments", "3 thoughts
    on ...") or a section header ("Related Posts", "Most watched"); and, when the gap was the
    comment form's or the thread's, the runs after it (the readers' thread). The article comes
    first; prose set apart from it by such a header is the readers' thread or a box of other
    stories, even when it holds more prose than the article."""
    out = runs[:1]
    for k, (start, end) in enumerate(runs[1:], start=1):
        gap = decisions[out[-1][1] + 1:start]
        if any(d.wording == Rule.COMMENT_FORM or is_heading(d.block, english) for d in gap):
            return out, runs[k:]
        if english and any(rules.section_header(d.block) for d in gap):
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


def _section_cut(decisions: list[Decision], start: int, end: int, english: bool) -> int:
    """Index of a section header in the tail of run [start, end], or end + 1 if none."""
    if not english:
        return end + 1
    run = decisions[start:end + 1]
    total = sum(max(0.0, d.score) for d in run)
    seen = 0.0
    for m, d in enumerate(run, start):
        if seen >= (1 - rules.SECTION_TAIL_SHARE) * total and rules.section_header(d.block):
            return m
        seen += max(0.0, d.score)
    return end + 1


def mark_article(decisions: list[Decision], runs: Runs, english: bool) -> None:
    """Step 4: the blocks of the article: each run up to a section header in its tail (the rest
    goes as ``section_tail``), and up to LEAD_LINES short lines just before it."""
    for start, end in runs:
        cut = _section_cut(decisions, start, end, english)
        mark(decisions, cut, end, Rule.SECTION_TAIL)
        for d in decisions[start:cut]:
            d.in_article = True
        for back in range(1, LEAD_LINES + 1):
            m = start - back
            if m < 0:
                break
            lead = decisions[m]
            if lead.score <= -WORDING_PENALTY or not LEAD_MIN_WORDS <= lead.block.words <= LEAD_MAX_WORDS:
                break
            lead.in_article = True


def judge_rest(decisions: list[Decision], runs: Runs, english: bool) -> None:
    """Step 6: every block still undecided. Inside the article it stays unless it is blank, goes
    where it stands (:func:`decision.in_place_rule`) or repeats a kept line without being prose;
    outside it goes, with the most specific rule that explains it."""
    first = runs[0][0] if runs else len(decisions)
    last = runs[-1][1] if runs else -1
    kept: set[str] = set()
    for k, d in enumerate(decisions):
        if d.rule:
            continue
        b = d.block
        if rules.blank_or_symbols(b):
            d.rule = Rule.BLANK_OR_SYMBOLS
        elif d.in_article:
            rule = in_place_rule(b, d.wording, english)
            if rule:
                d.rule = rule
            elif d.repeated and b.key in kept and d.score < 0:
                d.rule = Rule.REPEATED_LINE
            else:
                kept.add(b.key)
        elif d.wording:
            d.rule = d.wording
        elif english and rules.section_header(b):
            d.rule = Rule.SECTION_HEADER
        elif d.repeated:
            d.rule = Rule.REPEATED_LINE
        elif d.in_headline_run:
            d.rule = Rule.HEADLINE_LIST
        elif k < first:
            d.rule = Rule.BEFORE_MAIN_TEXT
        elif k > last:
            d.rule = Rule.AFTER_MAIN_TEXT
        else:
            d.rule = Rule.BETWEEN_MAIN_TEXT
