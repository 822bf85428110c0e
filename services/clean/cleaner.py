"""The clean service's logic: main text out of scraped text or raw HTML, with a record of
every removed line and the rule that removed it. No Kafka here; ``app.py`` and
``jsonl.py`` call :func:`clean_text` and :func:`clean_html`.

Plain text, line by line:
1. hard-wrapped lines are joined into paragraphs (``features.blocks``);
2. each paragraph gets a prose score: its word count if it is prose, a cost if it is short,
   a list headline, a repeat, boilerplate wording or part of a readers' thread found by its
   stamps (``threads.thread_span``);
3. the densest run of prose (maximum-sum range), plus any other run worth half as much,
   is the article, up to the first comment-form line, thread heading or section header
   between two runs (a thread, a box of other stories) or a thread heading inside a run; up
   to two short lines just before it (title, date, byline) go with it;
4. every other line is removed, and recorded with the most specific rule that explains it.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from shared.contracts import RemovedLine
from shared.labels import Reason

from . import rules
from .depth import PARSER_MAX_DEPTH, too_deep_to_parse
from .features import SHORT_PENALTY, Block, blocks, prose_runs
from .threads import heading_cut, is_heading, thread_span

#: input larger than this (characters) is refused rather than cleaned.
MAX_INPUT_CHARS = 10_000_000
#: a share of control characters above this means the input is not text.
MAX_CONTROL_SHARE = 0.02
#: what a line of boilerplate wording costs the run of prose it sits in.
WORDING_PENALTY = 20.0
#: a second run of prose joins the article if it is worth this share of the densest one.
SECOND_RUN_SHARE = 0.5
#: short lines kept just before the article's run (title, date, byline).
LEAD_LINES = 2
LEAD_MIN_WORDS = 3
LEAD_MAX_WORDS = 20


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


class CleaningError(Exception):
    """An input the cleaner refuses; ``reason`` is a short snake_case code for the dead letter."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


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
        control = len(_CONTROL.findall(sample))
        if control / len(sample) > MAX_CONTROL_SHARE:
            raise CleaningError(Reason.BINARY_CONTENT, f"{kind} looks binary ({control} control characters "
                                                  f"in the first {len(sample)})")
    return value


def split_lines(text: str) -> list[str]:
    """Non-empty lines with their whitespace collapsed."""
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]


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


def _section_cut(blks: list[Block], scores: list[float], start: int, end: int) -> int:
    """Index of a section header in the tail of run [start, end], or end + 1 if none."""
    total = sum(max(0.0, scores[m]) for m in range(start, end + 1))
    seen = 0.0
    for m in range(start, end + 1):
        if seen >= (1 - rules.SECTION_TAIL_SHARE) * total and rules.section_header(blks[m]):
            return m
        seen += max(0.0, scores[m])
    return end + 1


def _drop_link_boxes(blks: list[Block], inside: list[bool], verdict: list[str | None]) -> None:
    """Inside the article's run, a section header ("Related Posts", "More Celeb Beauty:") and
    the short lines under it, up to the next paragraph of prose, are a box of links."""
    k, n = 0, len(blks)
    while k < n:
        if inside[k] and verdict[k] is None and rules.section_header(blks[k]):
            verdict[k] = "section_header"
            k += 1
            while k < n and inside[k] and not blks[k].is_prose:
                verdict[k] = verdict[k] or "headline_list"
                k += 1
        else:
            k += 1


def _before_thread(blks: list[Block], runs: list[tuple[int, int]],
                   wording: list[str | None]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The runs up to the first gap between two runs that holds a comment-form line ("12
    Comments", "Leave a Reply", "Post a Comment"), a thread's heading ("Comments", "3 thoughts
    on ...") or a section header ("Related Posts", "Most watched"); and, when the gap was the
    comment form's or the thread's, the runs after it (the readers' thread). The article comes
    first; prose set apart from it by such a header is the readers' thread or a box of other
    stories, even when it holds more prose than the article."""
    out = runs[:1]
    for k, (start, end) in enumerate(runs[1:], start=1):
        gap = range(out[-1][1] + 1, start)
        if any(wording[m] == "comment_form" or is_heading(blks[m]) for m in gap):
            return out, runs[k:]
        if any(rules.section_header(blks[m]) for m in gap):
            return out, []  # every later run is further into the box
        out.append((start, end))
    return out, []


def _cut_at_thread_heading(blks: list[Block], runs: list[tuple[int, int]], thread_runs: list[tuple[int, int]]
                           ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The article's runs up to a thread's heading ("{ 167 comments }", "3 thoughts on ...")
    inside one of them, and the thread's runs from it on."""
    seen = 0.0
    for k, (start, end) in enumerate(runs):
        cut = heading_cut(blks, start, end, seen)
        if cut is not None:
            before = [(start, cut - 1)] if cut > start else []
            return runs[:k] + before, [(cut, end)] + runs[k + 1:] + thread_runs
        seen += sum(b.words for b in blks[start:end + 1] if b.is_prose)
    return runs, thread_runs


def _inline_rule(b: Block, rule: str | None) -> str | None:
    """The rule that removes a block inside the article's run, or None. Only short,
    unpunctuated wording goes (a sentence that mentions a newsletter stays), except the comment
    form's instructions and status messages, which read like sentences but never belong to
    a story ("You may use these HTML tags ...", "Your comment could not be posted."); and a
    row of links on one line, a menu however long it is."""
    if rule and ((b.words <= rules.INLINE_MAX_WORDS and not b.is_prose)
                 or (rule == "comment_form" and rules.form_notice(b))):
        return rule
    if b.words <= rules.WORDING_MAX_WORDS * 2 and rules.form_status(b):
        return "comment_form"
    return "headline_list" if ("|" in b.text or "•" in b.text or "·" in b.text) and _link_row(b) else None


_ROW_SEPARATORS = re.compile(r"\s*[|•·]\s*")


def _link_row(b: Block) -> bool:
    """A menu or a row of links on one line: three or more items of at most four words each,
    separated by "|", "•" or "·" ("Politics | India | Movies", "RSS|Email|Twitter")."""
    items = [item for item in _ROW_SEPARATORS.split(b.text) if item.strip()]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items)


def decide(blks: list[Block]) -> list[str | None]:
    """For each block: None to keep it, or the name of the rule that removes it."""
    n = len(blks)
    in_list = _headline_runs(blks)
    seen: set[str] = set()
    wording: list[str | None] = []
    repeat: list[bool] = []
    scores: list[float] = []
    for k, b in enumerate(blks):
        rule = rules.wording_rule(b, inline=False)
        again = b.key in seen
        seen.add(b.key)
        wording.append(rule)
        repeat.append(again)
        score = b.prose_score()
        # a comment form's instructions cost the run even as a sentence, like a legal notice
        if rule and (not b.is_prose or rule == "legal_notice"
                     or (rule == "comment_form" and rules.form_notice(b))):
            score = -WORDING_PENALTY
        row = ("|" in b.text or "•" in b.text or "·" in b.text) and _link_row(b)  # `in` first: speed
        if (in_list[k] or again or row) and score > -SHORT_PENALTY:
            score = -SHORT_PENALTY
        scores.append(score)

    verdict: list[str | None] = [None] * n
    thread = thread_span(blks)
    if thread:
        for m in range(thread[0], thread[1] + 1):
            scores[m] = -WORDING_PENALTY  # never the article, and no run reaches across it
            verdict[m] = "reader_comments"
    inside = [False] * n
    runs, thread_runs = _cut_at_thread_heading(blks, *_before_thread(blks, prose_runs(scores, SECOND_RUN_SHARE),
                                                                       wording))
    for start, end in thread_runs:
        for m in range(start, end + 1):
            verdict[m] = verdict[m] or "reader_comments"
    for start, end in runs:
        cut = _section_cut(blks, scores, start, end)
        for m in range(cut, end + 1):
            verdict[m] = "section_tail"
        for m in range(start, cut):
            inside[m] = True
        for back in range(1, LEAD_LINES + 1):
            m = start - back
            if (m < 0 or scores[m] <= -WORDING_PENALTY
                    or not LEAD_MIN_WORDS <= blks[m].words <= LEAD_MAX_WORDS):
                break
            inside[m] = True

    _drop_link_boxes(blks, inside, verdict)
    first = runs[0][0] if runs else n
    last = runs[-1][1] if runs else -1
    kept: set[str] = set()
    for k, b in enumerate(blks):
        if verdict[k]:
            continue
        if rules.blank_or_symbols(b):
            verdict[k] = "blank_or_symbols"
        elif inside[k]:
            rule = _inline_rule(b, wording[k])
            key = b.key
            if rule:
                verdict[k] = rule
            elif repeat[k] and key in kept and scores[k] < 0:
                verdict[k] = "repeated_line"
            else:
                kept.add(key)
        elif wording[k]:
            verdict[k] = wording[k]
        elif rules.section_header(b):
            verdict[k] = "section_header"
        elif repeat[k]:
            verdict[k] = "repeated_line"
        elif in_list[k]:
            verdict[k] = "headline_list"
        elif k < first:
            verdict[k] = "before_main_text"
        elif k > last:
            verdict[k] = "after_main_text"
        else:
            verdict[k] = "between_main_text"
    return verdict


def clean_lines(lines: list[str]) -> tuple[list[str], list[RemovedLine]]:
    """The kept lines and the removed ones (each with its rule), in page order."""
    blks = blocks(lines)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for b, rule in zip(blks, decide(blks)):
        if b.first == b.last:  # the common case, a paragraph of one line
            if rule is None:
                kept.append(b.text)
            else:
                removed.append(RemovedLine(text=b.text, rule=rule))
        elif rule is None:
            kept.extend(lines[b.first:b.last + 1])
        else:
            removed.extend(RemovedLine(text=line, rule=rule) for line in lines[b.first:b.last + 1])
    return kept, removed


def clean_text(text: str) -> CleanResult:
    """Strip boilerplate from plain text scraped from a page; an empty result is not an error."""
    check_input(text, "text")
    kept, removed = clean_lines(split_lines(text))
    return CleanResult(text="\n".join(kept), removed=removed)


def clean_html(html: str) -> CleanResult:
    """Main text of a raw page (trafilatura, recall first), then the same text rules."""
    from .html import extract  # trafilatura is heavy: import it only when HTML comes

    check_input(html, "html")
    page = extract(html)
    lines = split_lines(page.text)
    kept, removed = clean_extracted(lines, page.teasers) if page.from_extractor else clean_lines(lines)
    removed += [RemovedLine(text=line, rule="reader_comments") for line in split_lines(page.comments)]
    if not kept and too_deep_to_parse(html):
        raise CleaningError(Reason.HTML_TOO_DEEP, f"the page is nested deeper than the HTML parser's "
                            f"{PARSER_MAX_DEPTH} levels: its text past that depth cannot be read")
    return CleanResult(text="\n".join(kept), removed=removed, title=page.title, published=page.published)


def _extracted_line_rule(b: Block, repeated: bool, teasers: frozenset[str]) -> str | None:
    """The rule that removes one line of an extractor's output, judged where it stands."""
    if rules.blank_or_symbols(b):
        return "blank_or_symbols"
    if repeated:
        return "repeated_line"
    if teasers and b.text.startswith("- ") and any(b.text.startswith("- " + head) for head in teasers):
        return "headline_list"
    if b.text.startswith("|") and b.text.endswith("|"):
        return None  # a row of a table (trafilatura writes "| cell | cell |"): results, figures
    return _inline_rule(b, rules.wording_rule(b, inline=False))


def clean_extracted(lines: list[str], teasers: frozenset[str] = frozenset()) -> tuple[list[str], list[RemovedLine]]:
    """The rules for text an extractor already cut to the article: the ones that judge a line
    where it stands, as inside the plain-text article's run (wording on short unpunctuated
    lines, the comment form's notices, a row of links on one line, a section header and the
    short lines under it, blanks, repeats). Position rules would cut real paragraphs here,
    since the page's navigation, which they measure against, is gone.

    A repeated paragraph goes too: an extractor's output holds the article once, so a second
    copy is the page printing it twice (a print or mobile version) or a teaser of it.
    ``teasers``: headings that open a list item on the page (:func:`html.teaser_heads`);
    a list item starting with one is another story's headline and teaser."""
    blks = blocks(lines)
    verdict: list[str | None] = [None] * len(blks)
    thread = thread_span(blks)
    if thread:
        verdict[thread[0]:thread[1] + 1] = ["reader_comments"] * (thread[1] + 1 - thread[0])
    cut = heading_cut(blks, 0, (thread[0] if thread else len(blks)) - 1)
    if cut is not None:  # a thread told by its heading alone, up to the stamped one or the end
        end = thread[0] if thread else len(blks)
        verdict[cut:end] = ["reader_comments"] * (end - cut)
    _drop_link_boxes(blks, [True] * len(blks), verdict)
    seen: set[str] = set()
    for k, b in enumerate(blks):
        if verdict[k] is None:
            verdict[k] = _extracted_line_rule(b, b.key in seen, teasers)
        seen.add(b.key)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for b, rule in zip(blks, verdict):
        part = lines[b.first:b.last + 1]
        if rule is None:
            kept.extend(part)
        else:
            removed.extend(RemovedLine(text=line, rule=rule) for line in part)
    return kept, removed
