"""Common words the model took for names: "Laughter", "Kindest regards", "LMAO", "solidarity".

The model leans on capitals and on a word's shape, so an ordinary word written the way a
sentence's first word is written ("Jackass.", "(Laughter.)", "Unbeaten Bulgaria have..."), a
word typed in capitals for emphasis or as chat ("VERYYYY good", "LMAO"), or a lower-case
word it met as a name in training ("expressed solidarity with") comes out as a name. English
itself says which words these are: how the language usually writes the word (word_case.py,
from spaCy's cased Reddit word probabilities). A one-word mention is dropped when

- English usually writes the word in lower case (and it is no stop word: "US" is "us" there,
  nor a place the knowledge base knows: "Reading", "Nice");
- this mention gives no evidence of a name: it is written in lower case, or it opens a
  sentence (where every word is capitalised), or it is a word of four letters or more in
  capitals (outside shouted lines, which case restoration has already re-cased for the model;
  shorter ones are acronyms too often: "UN", "SEC", "EMU" are "un", "sec", "emu" on Reddit);
- and the article never otherwise writes the word as a name: capitalised (or in capitals)
  where a sentence does not start. "Ride was born in Los Angeles" keeps Ride: the article
  writes "Sally Ride" and "said Ride".

So is a phrase typed in lower case whose every word is a stop word or a word English writes
in lower case ("a great mani pedi"; not "tampa bay", which English capitalises).

Only names are read (dates and times, "this week", stay). A mention a context rule or a table
decided is kept ("Reading midfielder Jem Karacan"), and so
is one on a line case restoration re-cased: there the case is the restorer's guess, not the
writer's ("UN" in a shouted line becomes "un" for the model, which still finds it).
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import NAME_LABELS, Mention
from services.tag.word_case import WordCase

# Shorter words in capitals are acronyms too often, whatever Reddit writes: "UN" ("un"), "SEC",
# "EMU", "ESA" (all lower case there).
MIN_SHOUTED_LETTERS = 4
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# A run of word characters and hyphens: a word stands alone when it is a whole run.
_RUN = re.compile(r"[\w-]+")
# What may stand between a sentence's end (or a line's start) and its first word.
_OPENERS = " \t\"'“‘(["
_SENTENCE_ENDS = "\n.!?:;…"
# "Ms. Chambers", "St. Louis", "U.S. Army": a period after a short capitalised abbreviation or
# an initial ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b(?:[A-Za-z]\.)+[A-Za-z]?)\.$")


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is a sentence's or a line's first word."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i < 0:
        return True
    if text[i] not in _SENTENCE_ENDS:
        return False
    return text[i] != "." or not _ABBREVIATION.search(text, max(0, i - 6), i + 1)


def _name_uses(model_text: str, words: set[str]) -> dict[str, set[int]]:
    """Where the article writes each of ``words`` (case-folded) as a name: capitalised or in
    capitals, where no sentence starts. One pass over the text, so a long article with many
    candidates costs no more than a short one per character."""
    uses: dict[str, set[int]] = {word: set() for word in words}
    for run in _RUN.finditer(model_text):
        found = run.group()
        key = found.casefold()
        if key in uses and not found.islower() and not opens_sentence(model_text, run.start()):
            uses[key].add(run.start())
    return uses


def _shows_no_name(model_text: str, mention: Mention) -> bool:
    form = mention.form
    if form.isupper():
        return len(form) >= MIN_SHOUTED_LETTERS
    return form.islower() or opens_sentence(model_text, mention.start)


def _common_phrase(form: str, word_case: WordCase) -> bool:
    """Whether ``form`` is words of letters typed in lower case, more than one, each a stop word or
    a word English writes in lower case ("i wan na meet girls", "bay area"; not "tampa bay")."""
    words = form.split()
    if len(words) < 2 or not form.islower() or not all(_LETTERS.fullmatch(word) for word in words):
        return False
    return all(word in STOP_WORDS or (word_case.usual_form(word) or "X").islower() for word in words)


def drop_common_words(model_text: str, mentions: list[Mention], word_case: WordCase,
                      is_place: Callable[[str], bool]) -> list[Mention]:
    """The mentions without the common words the model took for names (see the module)."""
    dropped, candidates = set(), []
    for index, mention in enumerate(mentions):
        form = mention.form
        if mention.label not in NAME_LABELS or mention.decided or mention.text != form:
            continue
        if _common_phrase(form, word_case):
            dropped.add(index)
        elif (_LETTERS.fullmatch(form) and form.casefold() not in STOP_WORDS
              and _shows_no_name(model_text, mention)):
            usual = word_case.usual_form(form)
            if usual is not None and usual.islower() and not is_place(form):
                candidates.append(index)
    if candidates:
        uses = _name_uses(model_text, {mentions[i].form.casefold() for i in candidates})
        dropped.update(i for i in candidates if not uses[mentions[i].form.casefold()] - {mentions[i].start})
    return [mention for index, mention in enumerate(mentions) if index not in dropped]
