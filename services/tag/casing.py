"""Case restoration for lines written in capitals, so headlines and datelines do not fool NER.

A statistical NER model leans on capitalisation: in "PUTIN AND XI TO MEET IN MOSCOW" every
word looks like a name, or none does, and the model misses most of them. Before
tagging, each such line is rewritten in the case the words have elsewhere in the same
article ("Putin and Xi to meet in Moscow"). The rewrite keeps every character's position
(a word whose case change would alter its length is left alone), so the model's offsets are
offsets into the original text and the entity text is cut from the original.

Each word of a shouted line takes, in order of preference:
1. its most frequent form in the article's other lines, not counting sentence-initial words
   (they are capitalised whatever they are);
2. lower case, if it is an English stop word ("AND", "TO", "IN");
3. capitals, if it is a code the knowledge base knows ("UK", "USA");
4. the form English most often writes it in (word_case.py: "TRUCE" -> "truce", "PUTIN" ->
   "Putin", "NASA" -> "NASA");
5. the capitalisation of a knowledge-base name it is a word of ("MOSCOW" -> "Moscow");
6. otherwise title case: a word too rare for the English word list is most often a name
   ("ZELENSKY" -> "Zelensky").
The word list goes before the knowledge base's name words, which hold common words too
(places called "Reading", "Mobile", "Nice"). Without the word list (``word_case=None``) step 4
is skipped and step 6 is lower case, or title case when the article has too little ordinary
text to learn from (a story written entirely in capitals, as old wire copy is).
The first letter of the line is then capitalised, as in a sentence.

A dateline ("KYIV, May 4 (Reuters) -", "AL-AIN 1996-12-06") is a run of capitalised words at
the start of a line, before a comma, bracket, dash or date: it is re-cased the same way, except
that an unknown word there is a place name, so it falls back to title case, and the English
word list is not asked ("READING, England"). So is a shouted byline ("BY JOHN F. BURNS").
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Optional

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.word_case import WordCase

_WORD = re.compile(r"[^\W\d_]+")
_LINE = re.compile(r"[^\n]+")
# Fewer ordinary (not shouted) words than this and the article is treated as all capitals.
MIN_EVIDENCE_WORDS = 20
_SENTENCE_END = set(".!?:;\"'“‘(")
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z'’.\-]+(?:[ ][A-Z][A-Z'’.\-]+)*)(?=[ ]*(?:,|\(|-|–|—|\d{4}))", re.MULTILINE)
_BYLINE = re.compile(r"[ \t]*BY\s", re.IGNORECASE)
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def is_shouted(line: str) -> bool:
    """A line whose letters are (almost) all capitals, with at least three of them."""
    if line.isascii():
        # Counted in C: how many letters bytes.translate deletes from the line.
        data = line.encode("ascii")
        upper = len(data) - len(data.translate(None, _ASCII_UPPER))
        lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    else:
        upper = sum(map(str.isupper, line))
        lower = sum(map(str.islower, line))
    return upper >= 3 and lower * 10 <= upper


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in _SENTENCE_END


class CaseRestorer:
    """Rewrites shouted lines; ``codes`` and ``name_words`` come from the knowledge base,
    ``word_case`` (how English writes its words) from spacy-lookups-data (word_case.py)."""

    def __init__(self, codes: Iterable[str] = (), name_words: Iterable[str] = (),
                 word_case: Optional[WordCase] = None) -> None:
        self.codes = frozenset(codes)
        self.word_case = word_case
        words: dict[str, str] = {}
        for word in name_words:
            key = word.casefold()
            if key not in STOP_WORDS and word[:1].isupper():
                words.setdefault(key, word)
        self.name_words = words

    def restore(self, text: str) -> str:
        """``text`` with shouted lines in ordinary case; the same length, the same offsets."""
        regions = self._regions(text)
        if not regions:
            return text
        evidence, count = self._evidence(text, regions)
        chars = list(text)
        for start, end, names in regions:
            if names:
                fallback = str.title
            else:
                fallback = str.lower if count >= MIN_EVIDENCE_WORDS else str.title
            first = True
            for word in _WORD.finditer(text, start, end):
                form = self._form(word.group(), evidence, fallback, names)
                if first and form[:1].islower():
                    form = form[:1].upper() + form[1:]
                first = False
                if len(form) == len(word.group()):
                    chars[word.start():word.end()] = form
        return "".join(chars)

    @staticmethod
    def _regions(text: str) -> list[tuple[int, int, bool]]:
        """(start, end, holds_names) of every shouted line and every dateline, in order; a
        dateline and a byline ("BY JOHN F. BURNS") hold names."""
        regions = []
        for line in _LINE.finditer(text):
            if is_shouted(line.group()):
                regions.append((line.start(), line.end(), bool(_BYLINE.match(line.group()))))
                continue
            dateline = _DATELINE.match(text, line.start(), line.end())
            if dateline and sum(c.isupper() for c in dateline.group(1)) >= 2:
                regions.append((dateline.start(1), dateline.end(1), True))
        return regions

    def _form(self, word: str, evidence: dict[str, Counter], fallback, names: bool) -> str:
        key = word.casefold()
        seen = evidence.get(key)
        if seen:
            return seen.most_common(1)[0][0]
        if key in STOP_WORDS:
            return word.lower()
        if word in self.codes:
            return word
        # A dateline's or byline's unknown word is a name, whatever else English uses it for
        # ("READING, England"; "BY JOHN BURNS").
        use_words = self.word_case is not None and not names
        usual = self.word_case.usual_form(word) if use_words else None
        if usual is not None:
            return usual
        known: Optional[str] = self.name_words.get(key)
        if known is not None:
            return known
        if use_words:
            # A word English does not write often enough to be listed is most likely a name.
            return word[:1].upper() + word[1:].lower()
        return fallback(word)

    @staticmethod
    def _evidence(text: str, regions: list) -> tuple[dict[str, Counter], int]:
        """How each word is written outside the regions and not at a sentence start; dotted
        abbreviations count for their letters ("U.S." is evidence that "US" is written so)."""
        evidence: dict[str, Counter] = defaultdict(Counter)
        # Only the words of the regions are ever looked up: the others' evidence is not kept.
        wanted = {word.casefold() for start, end, _ in regions for word in _WORD.findall(text, start, end)}
        count = 0
        position = 0
        for start, end, _ in regions + [(len(text), len(text), False)]:
            for word in _WORD.finditer(text, position, start):
                count += 1
                key = word.group().casefold()
                if key in wanted and not _sentence_initial(text, word.start()):
                    evidence[key][word.group()] += 1
            for dotted in _DOTTED.finditer(text, position, start):
                letters = dotted.group().replace(".", "")
                if letters.casefold() in wanted:
                    evidence[letters.casefold()][letters] += 1
            position = end
        return evidence, count
