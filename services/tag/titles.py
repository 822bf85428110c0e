"""Titles of works in quotation marks.

News style (AP's among others) puts the titles of books, films, shows, songs and games in
quotation marks: 'Fifty Shades of Grey', "Trust Us with Your Life", “The Dark Knight Rises”.
The model reads such a title as the names in it ("Grey" an organisation, "Harry Potter" a
person) or not at all. A quoted run of two to ten words in title case (every word
capitalised but the short function words of titles) is the work (OntoNotes WORK_OF_ART,
CoNLL-2003 MISC); the model's mentions inside it give way.

Not read: quotes on a title-case line (a headline quotes a phrase: "... Arrest as 'Much More
PG'"), quotes that start or end inside a mention of the model's, a comma inside ("Townsend,
George"), and a quoted run that the model reads as one person, organisation or place (an
e-mail's display name "Les Spahnn", a nickname).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from services.tag.consistency import Mention
from services.tag.spans import _title_case_line

# A quote opens after a non-word character and closes before one, so apostrophes ("Women's")
# do not pair up; a title stays on one line.
_QUOTED = re.compile(r"(?<!\w)(?:\"([^\"\n]{3,120})\"|“([^”“\n]{3,120})”|‘([^’‘\n]{3,120})’|'([^'\n]{3,120})')(?!\w)")
_MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by",
                          "for", "with", "from", "up", "as", "into", "vs", "v", "de", "la", "le", "du", "von"})
_TRAILING_PUNCTUATION = ",.;:!?"
_CAPITALISED = re.compile(r"^[\W_]*[A-Z0-9]")
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def _is_title(words: list[str]) -> bool:
    named = [word for word in words if not _PUNCTUATION_ONLY.match(word)]
    if not 2 <= len(named) <= 10 or not _CAPITALISED.match(named[0]):
        return False
    if all(word.isupper() for word in named):  # shouted, not title case
        return False
    return all(_CAPITALISED.match(word) or word in _MINOR_WORDS for word in named)


_QUOTES = "\"'“”‘’"


def strip_quotes(mentions: list[Mention]) -> list[Mention]:
    """Mentions without quotation marks at their edges: the model sometimes takes a closing
    quote into a name ("Dark Knight'", "Atlas Shrugged’"); a trailing apostrophe after an
    "s" is a possessive, not part of the name either. A mention left empty is dropped."""
    out = []
    for mention in mentions:
        form = mention.form
        # with the space beside a quote in tokenised text (`" Atlas Shrugged`)
        lead = len(form) - len(form.lstrip(_QUOTES + " "))
        trail = len(form) - len(form.rstrip(_QUOTES + " "))
        if lead or trail:
            if lead + trail >= len(form):
                continue
            end = len(form) - trail
            mention = mention.part(lead, end)
        out.append(mention)
    return out


def quoted_titles(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each quoted title a WORK_OF_ART, replacing the mentions inside it.
    Linear in the article: mentions are found by bisection, not scanned per quote."""
    mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    starts = [m.start for m in mentions]
    reach = list(accumulate((m.end for m in mentions), max))  # the furthest end so far
    titles: list[Mention] = []
    inside: set[int] = set()
    for match in _QUOTED.finditer(model_text):
        group = next(index for index in range(1, 5) if match.group(index) is not None)
        start, end = match.start(group), match.end(group)
        if model_text[start] == " " and model_text[end - 1] == " ":  # tokenised text: `" Title "`
            start, end = start + 1, end - 1
        while end > start and model_text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
            if model_text[end - 1] == " ":  # tokenised text: `" Title , "`
                end -= 1
        form = model_text[start:end]
        if form != form.strip() or "," in form or not _is_title(form.split()) \
                or _title_case_line(model_text, start):
            continue
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        if first and reach[first - 1] > start:
            continue  # a mention starts before the quote and runs into it
        within = range(first, last)
        if any(mentions[i].end > end for i in within):
            continue  # a mention starts in the quote and runs out of it
        if any(mentions[i].start == start and mentions[i].end == end and mentions[i].label in _NAME_LABELS
               for i in within):
            continue  # a quoted name: an e-mail's "Les Spahnn", a nickname
        inside.update(within)
        titles.append(Mention(start, end, "WORK_OF_ART", original[start:end], form, decided=True))
    if not titles:
        return mentions
    kept = [m for i, m in enumerate(mentions) if i not in inside]
    return sorted(kept + titles, key=lambda m: (m.start, m.end))


# A kind of work written before its title without quotes ("the horror game Montas", "the 1960s
# series Topsy & Tim", "the novel Ulysses"): the title is a work, not an organisation or a
# product. Persons and places are left alone ("a book Obama wrote", "the film London loved"), and
# so is a name after "this movie" (the subject of a clause: "In this movie Google and Amazon
# merge").
_KIND_OF_WORK_BEFORE = re.compile(r"(?<![\w-])(?<!\bthis )(?<!\bthat )(?<!\bthese )(?<!\bthose )"
                                  r"(?:game|film|movie|novel|book|album|song|single|series|sitcom|"
                                  r"musical|opera|documentary|franchise|show) $")
_WORKS_FROM = frozenset({"ORG", "PRODUCT", "NORP", "EVENT"})


def works_after_a_kind(model_text: str, mentions: list[Mention]) -> list[Mention]:
    """A name right after a lower-case kind of work is that work (WORK_OF_ART), decided;
    returns ``mentions``."""
    for mention in mentions:
        if mention.label in _WORKS_FROM and _KIND_OF_WORK_BEFORE.search(
                model_text, max(0, mention.start - 20), mention.start):
            mention.label, mention.decided = "WORK_OF_ART", True
    return mentions
