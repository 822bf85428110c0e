"""The edges of a mention: words the model runs into a name that are not part of it.

A name starts with a capitalised word or "the" and ends with a name word, so an article ("an
Iranian Opposition Group") is cut off its start, and a lower-case function word ("Google, Inc.
of") off its end. News annotation (CoNLL-2003, Universal NER) has neither inside a name, and a
facet should not either. "the" stays: it is part of some names, and facets drop it already
(``consistency.display_form``).
"""
from __future__ import annotations

import bisect
import re
from typing import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.casing import is_shouted
from services.tag.consistency import NAME_LABELS, Mention, replace_spans

_LEADING_ARTICLE = re.compile(r"^(?:an?)\s+(?=\S)")
_LAST_WORD = re.compile(r"\s+(\S+)$")


def trim_edges(mentions: list[Mention]) -> list[Mention]:
    """Mentions of names without a leading "a"/"an" or trailing lower-case stop words; a mention
    left empty is dropped."""
    out = []
    for mention in mentions:
        if mention.label in NAME_LABELS:
            form = mention.form
            lead = _LEADING_ARTICLE.match(form)
            cut_start = lead.end() if lead else 0
            end = len(form)
            while (last := _LAST_WORD.search(form, cut_start, end)) and last.group(1) in STOP_WORDS:
                end = last.start()
            if cut_start or end < len(form):
                if cut_start >= end:
                    continue
                mention = mention.part(cut_start, end)
        out.append(mention)
    return out


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?![.'’]?\w)")
_CAPITALISED_WORD = re.compile(r"\b[A-Z]")
_ANY_WORD = re.compile(r"\b\w")


def join_names(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """A person's name the model cut in two: two one-word PERSON mentions one space apart are
    one ("Lynda" "Mcmanus"; not two full names in a list), and a one-word person directly
    followed by a capitalised word that is neither tagged nor a stop word takes it as the
    surname ("Sean Figaro"), except on a line in title case, where every word is capitalised
    ("Obama Wins Vote")."""
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        if (previous is not None and previous.label == mention.label == "PERSON"
                and model_text[previous.end:mention.start] == " "
                and len(previous.form.split()) == len(mention.form.split()) == 1):
            out[-1] = Mention(previous.start, mention.end, "PERSON", original[previous.start:mention.end],
                              model_text[previous.start:mention.end], decided=previous.decided)
            continue
        if mention.label == "PERSON" and len(mention.form.split()) == 1:
            following = _NEXT_WORD.match(model_text, mention.end)
            if (following and following.start(1) not in starts
                    and following.group(1).casefold() not in STOP_WORDS
                    and not _title_case_line(model_text, mention.start)):
                end = following.end(1)
                mention = Mention(mention.start, end, "PERSON", original[mention.start:end],
                                  model_text[mention.start:end], decided=mention.decided)
        out.append(mention)
    return out


#: how far from a mention its line is read (characters): bounded, so an article of one long
#: line costs time linear in its length
LINE_WINDOW = 200


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the line holding text[start:end], within LINE_WINDOW characters."""
    low, high = max(0, start - LINE_WINDOW), min(len(text), end + LINE_WINDOW)
    line_start = text.rfind("\n", low, start) + 1 or low
    line_end = text.find("\n", end, high)
    return line_start, high if line_end == -1 else line_end


def _line_at(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end != -1 else len(text)]


def _title_case_line(text: str, position: int) -> bool:
    line = _line_at(text, position)
    words = len(_ANY_WORD.findall(line))
    return words > 0 and len(_CAPITALISED_WORD.findall(line)) * 2 > words


_COMMA = re.compile(r"\s*,\s*")


def split_place_pairs(mentions: list[Mention], is_place: Callable[[str], bool]) -> list[Mention]:
    """A mention "X , Y" whose every comma-separated part is a known place is those places
    ("CHELMSFORD , England", "Paris, France" as one ORG from a dateline): each part a GPE."""
    out = []
    for mention in mentions:
        parts = list(_split(mention.form, _COMMA))
        if (mention.label in NAME_LABELS and len(parts) > 1
                and all(is_place(form) for _, form in parts)):
            for offset, form in parts:
                start = mention.start + offset
                out.append(Mention(start, start + len(form), "GPE", mention.text[offset:offset + len(form)], form))
        else:
            out.append(mention)
    return out


# A fixture between two sides, as wire copy writes it: "England v Pakistan", "ESSEX V KENT",
# "Lakers vs Celtics". Not "v." or "vs.": a court case's ("Roe v. Wade", "Roe vs. Wade").
_VERSUS = re.compile(r"[ \t]+(?:v|V|vs|VS)[ \t]+")
# Sides are teams: places, clubs, players; a film or a law named "X v Y" is one name.
_SIDE_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "EVENT"})


def split_fixtures(mentions: list[Mention], is_country: Callable[[str], bool]) -> list[Mention]:
    """A mention of two sides joined by "v" or "vs" (a headline's "ENGLAND V PAKISTAN" as one
    ORG) is the two sides: a country is its national team, named as the place (GPE); a club
    keeps the label the whole had."""
    out = []
    for mention in mentions:
        parts = list(_split(mention.form, _VERSUS)) if mention.label in _SIDE_LABELS else []
        if len(parts) < 2 or not all(form[:1].isupper() and len(form) > 1 for _, form in parts):
            out.append(mention)
            continue
        for offset, form in parts:
            piece = mention.part(offset, offset + len(form))
            if is_country(form):
                piece.label = "GPE"
            out.append(piece)
    return out


def _split(form: str, separator: re.Pattern):
    position = 0
    for match in separator.finditer(form):
        yield position, form[position:match.start()]
        position = match.end()
    yield position, form[position:]


_SLUG = re.compile(r"[ \t]+[-–—][ \t]+\S")


def drop_slugs(model_text: str, original: str, mentions: list[Mention],
               is_place: Callable[[str], bool]) -> list[Mention]:
    """Without the one-word mention that opens a shouted line before a dash, when the article
    names it nowhere else and it is not a known place: a wire headline's topic slug ("CRICKET -
    ESSEX V KENT"), which the model takes for a place or a team. Not on ordinary lines, where
    the word before a dash is as often a name heading a list ("Nikon - 24-70mm f/2.8")."""
    counts: dict[str, int] = {}
    for word in re.findall(r"[^\W\d_]+", model_text.casefold()):
        counts[word] = counts.get(word, 0) + 1
    out = []
    for mention in mentions:
        form = mention.form
        if (" " not in form and form.isalpha() and (mention.start == 0 or model_text[mention.start - 1] == "\n")
                and _SLUG.match(model_text, mention.end) and counts.get(form.casefold(), 0) == 1
                and not is_place(form) and is_shouted(_line_at(original, mention.start))):
            continue
        out.append(mention)
    return out


# A clock time, then a short all-capitals word: the time zone ("10:16pm IST", "5:15 pm UTC").
_CLOCK = r"\d{1,2}[:.]\d{2}[ \t]*(?:[aApP]\.?[mM]\.?)?[ \t]*"
_CLOCK_BEFORE = re.compile(_CLOCK + r"$")
_ZONE_AFTER_CLOCK = re.compile(r"^(?:" + _CLOCK + r")?[A-Z]{2,5}$")


def drop_time_zones(model_text: str, mentions: list[Mention]) -> list[Mention]:
    """Without a time zone after a clock time, which the model takes for an organisation."""
    out = []
    for mention in mentions:
        if _ZONE_AFTER_CLOCK.match(mention.form) and (
                mention.form[:1].isdigit() or _CLOCK_BEFORE.search(model_text, max(0, mention.start - 12),
                                                                   mention.start)):
            continue
        out.append(mention)
    return out


# Short names of months and weekdays: in "Nov 9, 2012" or "Fri, Sat, or Sun" they are dates,
# which the model reads as a person or an organisation. Alone they are names as often ("Sun",
# "Jan", "Mar"), so they need a day's number or another of them beside them.
DAY_OR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
_LIST_GAP = r"\s*,?\s*(?:(?:and|or)\s+)?"
_DATE_WORDS = re.compile(rf"{DAY_OR_MONTH}(?:{_LIST_GAP}{DAY_OR_MONTH})*(?:\s+\d{{1,2}})?")
_DAY_NUMBER_AFTER = re.compile(r"\s+\d{1,2}\b(?![:.]\d)")
_ANOTHER_AFTER = re.compile(rf"{_LIST_GAP}{DAY_OR_MONTH}\b")
_ANOTHER_BEFORE = re.compile(rf"\b{DAY_OR_MONTH}{_LIST_GAP}$")


def relabel_date_abbreviations(model_text: str, mentions: list[Mention]) -> None:
    """A name made of short month or weekday names, with a day's number or another such name
    beside it ("Nov 9", "Fri, Sat", "or Sun"), is a DATE."""
    for mention in mentions:
        form = mention.form
        if mention.label == "DATE" or not _DATE_WORDS.fullmatch(form):
            continue
        if (form[-1].isdigit() or len(re.findall(DAY_OR_MONTH, form)) > 1
                or _DAY_NUMBER_AFTER.match(model_text, mention.end)
                or _ANOTHER_AFTER.match(model_text, mention.end)
                or _ANOTHER_BEFORE.search(model_text, max(0, mention.start - 16), mention.start)):
            mention.label = "DATE"


# A date written the ISO way, as wire datelines and tables print it ("MUNICH 1996-08-24"); the
# tokenizer splits it at its hyphens, and the model often tags its first two parts alone.
_ISO_DATE = re.compile(r"(?<![\w-])(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])")


def whole_iso_dates(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """An ISO date is a DATE: one the model left untagged is added, and a DATE that covers part
    of one ("1996-08" of "1996-08-24") covers all of it, when no other mention overlaps it."""
    dates = [match.span() for match in _ISO_DATE.finditer(model_text)]
    if not dates:
        return mentions
    starts = [start for start, _ in dates]
    exact: set[int] = set()  # dates a DATE already covers as they are
    other: set[int] = set()  # dates that another label, or a longer date, overlaps
    for mention in mentions:
        first = max(0, bisect.bisect_right(starts, mention.start) - 1)
        for i in range(first, bisect.bisect_left(starts, mention.end)):
            start, end = dates[i]
            if not (start < mention.end and mention.start < end):
                continue
            if mention.label != "DATE" or mention.start < start or mention.end > end:
                other.add(i)  # "1996-08-24 Saturday" is a date already
            elif (mention.start, mention.end) == (start, end):
                exact.add(i)
    whole = [span for i, span in enumerate(dates) if i not in other and i not in exact]
    return replace_spans(mentions, whole, "DATE", original, model_text) if whole else mentions


def split_repeated_names(mentions: list[Mention]) -> list[Mention]:
    """A person's name written twice in a row is two mentions: photo captions run the
    caption's name into the text's ("David Birrell David Birrell's lawyer", "astronaut Sally
    Ride Ride also found time"), and the model reads one name. A name of 2n words whose halves
    are the same (n >= 2: "Sirhan Sirhan" is one man's name), and a name of three or more words
    whose last word repeats the one before, are split there."""
    out = []
    for mention in mentions:
        words = list(re.finditer(r"\S+", mention.form))
        texts = [word.group() for word in words]
        cut = None
        if mention.label == "PERSON" and len(words) >= 2 and all(text[:1].isalpha() for text in texts):
            half = len(words) // 2
            if len(words) >= 4 and len(words) % 2 == 0 and texts[:half] == texts[half:]:
                cut = half
            elif len(words) >= 3 and texts[-1] == texts[-2]:
                cut = len(words) - 1
        if cut is None:
            out.append(mention)
            continue
        first_end, second_start = words[cut - 1].end(), words[cut].start()
        out += [mention.part(0, first_end), mention.part(second_start, len(mention.form))]
    return out


# Offices written before a name ("Treasurer David Rousseau") and a byline's job written after
# it ("by Mike Schramm Writer"): news annotation leaves both out of the name. Not "Reporter"
# (an organisation head: "the Hollywood Reporter") nor ranks that are also given names or
# surnames ("General", "Major", "Judge", "Marshal").
_OFFICES = frozenset({"president", "treasurer", "secretary", "senator", "sen.", "rep.", "gov.", "governor",
                      "minister", "chancellor", "chairman", "chairwoman", "mayor", "commissioner",
                      "ambassador", "spokesman", "spokeswoman", "coach", "manager", "director", "attorney"})
_BYLINE_JOBS = frozenset({"writer", "editor", "correspondent", "columnist", "contributor"})


def cut_offices_and_jobs(mentions: list[Mention]) -> list[Mention]:
    """A person's name without an office before it or a byline's job after it, when a name of
    two words or more is left ("Treasurer David Rousseau" -> "David Rousseau", "Richard Mitchell
    Writer" -> "Richard Mitchell"); a person that is only a job ("Writer") is dropped."""
    out = []
    for mention in mentions:
        words = list(re.finditer(r"\S+", mention.form)) if mention.label == "PERSON" else []
        if len(words) == 1 and words[0].group().casefold() in _BYLINE_JOBS:
            continue
        first, last = 0, len(words)
        if len(words) >= 3 and words[0].group().casefold() in _OFFICES:
            first = 1
        if last - first >= 3 and words[-1].group().casefold() in _BYLINE_JOBS:
            last -= 1
        if words and (first, last) != (0, len(words)):
            cut_start, cut_end = words[first].start(), words[last - 1].end()
            mention = mention.part(cut_start, cut_end)
        out.append(mention)
    return out


# Words of two letters or more: a lone "s" is a possessive whose apostrophe was lost
# ("Hancock s"), part of what is written as the name.
_TRAILING_LOWER = re.compile(r"\s+([a-z]{2,})$")
_CUT_LOWER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"})
_ENDS_IN_A_NAME_WORD = re.compile(r"(?:^|\s)[A-Z0-9][^\s]*$")


def cut_trailing_common_words(mentions: list[Mention]) -> list[Mention]:
    """A name without the common words the model ran into after it ("the OHL board of
    governors" -> "OHL", "OHL hockey" -> "OHL", "the CGI Peter Rabbit series" -> "Peter
    Rabbit"): lower-case words, and the function words before them, are cut off its end while a
    capitalised word is left, and what is left ends in one ("Pasta e fagioli" stays whole).
    Titles of works and laws keep theirs (sentence case: "Eat, pray, love"), and so do events
    ("the Iraq war")."""
    out = []
    for mention in mentions:
        form = mention.form
        end = len(form)
        if mention.label in _CUT_LOWER_LABELS:
            while (last := _TRAILING_LOWER.search(form, 0, end)) and any(c.isupper() for c in form[:last.start()]):
                end = last.start()
        if end < len(form) and _ENDS_IN_A_NAME_WORD.search(form, 0, end):
            mention = mention.part(0, end)
        out.append(mention)
    return out
