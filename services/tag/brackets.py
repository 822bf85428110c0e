"""Brackets and slashes around names.

- A name never holds a bracket or a slash between words, but the model runs names over
  them ("Broadway (Random House", "Enron / Azurix", "Oakland/Fremont"): such a mention is
  cut there, and each capitalised piece keeps the whole's label.
- An acronym defined in brackets right after a name is that name's acronym, with its label
  ("the World Conservation Union (IUCN)", "the Housing Authority of New Orleans (HANO)"):
  after an organisation (three letters or more: "Arena (AT)" is a country code), or after
  any name whose initials it spells. The mention is decided
  (a definition outvotes the model's guesses at the acronym elsewhere), and the article's
  other uses of the acronym are found by ``consistency.propagate``.
- An acronym defined in brackets after lower-case words whose initials spell it ("the body
  mass index (BMI)", "organic light-emitting diode (OLED)") is a term, not a name: the
  model's mentions of it are dropped across the article.
- The agency a dateline names in brackets is an organisation ("TEHRAN (AFP) -").
- An acronym of one of the article's organisations, where the model left it untagged, is that
  organisation ("the Coalition Provisional Authority ... the CPA"): three letters or more, as
  two-letter ones are too often something else.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import NAME_LABELS, Mention
from services.tag.consistency import _acronym as acronym_of

# A bracket, a spaced slash, a slash between two words ("Oakland/Fremont", not "f/2" or
# "AC/DC"), or a slash at a mention's edge.
_CUT = re.compile(r"\s*[()]\s*|\s+/\s+|(?<=[a-z])/(?=[A-Z][a-z])|^/\s*|\s*/$")
# Tokenised text (CoNLL-2003's) writes "( IUCN )": a space inside a bracket is allowed throughout.
_DEFINED = re.compile(r"[ \t]*\([ \t]?([A-Z][A-Z&]{1,9})[ \t]?\)")


def split_at_brackets(mentions: list[Mention]) -> list[Mention]:
    """Mentions cut at brackets and slashes between words; pieces that do not start with a
    capital (or are stop words) are dropped."""
    out = []
    for mention in mentions:
        if mention.label not in NAME_LABELS or not _CUT.search(mention.form):
            out.append(mention)
            continue
        position = 0
        for cut in [*_CUT.finditer(mention.form), None]:
            end = cut.start() if cut else len(mention.form)
            form = mention.form[position:end]
            if form[:1].isupper() and form.casefold() not in STOP_WORDS:
                start = mention.start + position
                out.append(Mention(start, start + len(form), mention.label, mention.text[position:end], form,
                                   decided=mention.decided))
            position = cut.end() if cut else end
    return out


_BRACKETED_ACRONYM = re.compile(r"\([ \t]?([A-Z][A-Za-z]{1,9})[ \t]?\)")
_LOWER_WORDS_BEFORE = re.compile(r"(?:^|[^\w'’-])((?:[a-z][a-z'’-]*[ \t]+){1,8})$")


def defined_terms(model_text: str) -> set[str]:
    """Acronyms the text defines as terms: after lower-case words whose initials (a hyphen
    parts words) spell the acronym's capitals, a plural "s" allowed ("interfaces (APIs)")."""
    terms = set()
    for bracketed in _BRACKETED_ACRONYM.finditer(model_text):
        acronym = bracketed.group(1)
        letters = "".join(c for c in acronym if c.isupper())
        before = _LOWER_WORDS_BEFORE.search(model_text, max(0, bracketed.start() - 120), bracketed.start())
        if before is None or len(letters) < 2:
            continue
        words = re.split(r"[ \t\-]+", before.group(1).strip())
        if len(words) >= len(letters) and "".join(w[0] for w in words[-len(letters):]).upper() == letters:
            terms.add(acronym)
            terms.add(acronym[:-1] if acronym.endswith("s") else acronym + "s")
    return terms


def drop_defined_terms(model_text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that are not a term the article defines in brackets."""
    terms = defined_terms(model_text)
    if not terms:
        return mentions
    return [m for m in mentions if m.display not in terms]


def bracketed_acronyms(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions with the acronyms defined in brackets after names; returns them by position."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    added = []
    for name in ordered:
        defined = _DEFINED.match(model_text, name.end)
        if name.label not in NAME_LABELS or not defined:
            continue
        acronym = defined.group(1)
        if acronym != acronym_of(name.display.split()) and (name.label != "ORG" or len(acronym) < 3):
            continue
        start, end = defined.start(1), defined.end(1)
        i = bisect.bisect_left(starts, start)
        existing = ordered[i] if i < len(ordered) and ordered[i].start == start else None
        if existing is not None and existing.end == end:
            existing.label, existing.decided = name.label, True
        elif existing is None:
            added.append(Mention(start, end, name.label, original[start:end], acronym, decided=True))
    return sorted(ordered + added, key=lambda m: m.start)


# A dateline's agency: "TEHRAN (AFP) -", "KYIV, May 4 (Reuters) -", "New York (AP) -": a
# bracketed word or two before a dash, after a place (and a date) that opens the line; the
# place in capitals or the agency in capitals, and no colon before it (a title: "Epic Mickey:
# Power of Illusion (Demo Version) -").
_DATELINE_AGENCY = re.compile(r"^[ \t]*(?P<place>[A-Z][^\n:()]{0,59}?)[ \t]"
                              r"\([ \t]?(?P<agency>[A-Z][\w.&]*(?:[ \t][A-Z][\w.&]*)?)[ \t]?\)[ \t]*[-–—]",
                              re.MULTILINE)


def _is_dateline(found: re.Match) -> bool:
    first = found.group("place").split()[0].rstrip(",")
    return (len(first) > 1 and first.isupper()) or found.group("agency").isupper()


def agency_datelines(original: str) -> Iterator[re.Match]:
    """The datelines that name an agency in brackets, each with its groups "place" (the town,
    and a date after it when the line gives one) and "agency"."""
    return (found for found in _DATELINE_AGENCY.finditer(original) if _is_dateline(found))


def dateline_agencies(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions with the agency named in brackets in a dateline ("TEHRAN (AFP) -") as an ORG,
    decided; returns them by position. Read in the original text: case restoration writes a
    shouted dateline's "(AFP)" in lower case for the model."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    added = []
    for dateline in agency_datelines(original):
        start, end = dateline.span("agency")
        i = bisect.bisect_left(starts, start)
        existing = ordered[i] if i < len(ordered) and ordered[i].start == start else None
        if existing is not None and existing.end == end:
            existing.label, existing.decided = "ORG", True
        elif existing is None and not (i and ordered[i - 1].end > start):
            added.append(Mention(start, end, "ORG", original[start:end], original[start:end], decided=True))
    return sorted(ordered + added, key=lambda m: m.start)


_WORD_RUN = re.compile(r"\b[A-Z]{3,8}\b")


def organisation_acronyms(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions with the untagged uses of an acronym of one of the article's organisations
    ("the Coalition Provisional Authority ... the CPA"), three letters or more, as ORG;
    returns them by position."""
    acronyms = {}
    for mention in mentions:
        words = mention.display.split()
        if mention.label == "ORG" and len(words) > 1 and len(acronym := acronym_of(words)) >= 3:
            acronyms.setdefault(acronym, mention)
    if not acronyms:
        return mentions
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    added = []
    for found in _WORD_RUN.finditer(model_text):
        if found.group() not in acronyms:
            continue
        start, end = found.span()
        i = bisect.bisect_right(starts, start)
        if (i and ordered[i - 1].end > start) or (i < len(ordered) and ordered[i].start < end):
            continue
        added.append(Mention(start, end, "ORG", original[start:end], found.group()))
    return sorted(ordered + added, key=lambda m: m.start)
