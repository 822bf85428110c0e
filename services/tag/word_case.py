"""How English usually writes a word: "PUTIN" -> "Putin", "NASA" -> "NASA", "TRUCE" -> "truce".

Case restoration (casing.py) asks it about a word of a shouted line that the article does not
write anywhere else. The source is spaCy's English word probabilities, as the
``spacy-lookups-data`` package (MIT) ships them: log-probabilities of the 1M most frequent
strings, case kept, estimated on Reddit comments (the table spaCy v2 models carried), listed
most probable first. For each word of letters (~400,000 after case-folding) its first, so most
probable, written form wins: lower case, title case, capitals, or a mixed form ("iPhone").

Kept compact because a tag worker's peak memory counts: one 64-bit hash per entry in a sorted
numpy array and one byte for its form (~5 MB), the mixed forms in a dict. As a dict of Python
strings the table costs ~130 MB, and the memory freed after building it is not given back.
"""
from __future__ import annotations

import gzip
import json
import re
from array import array
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

import numpy as np

LOOKUPS_PACKAGE = "spacy_lookups_data"
TABLE = "data/en_lexeme_prob.json.gz"
_LOWER, _TITLE, _UPPER, _MIXED = range(4)
_ENTRY = re.compile(r'^\s*"((?:[^"\\\W\d_]|\\u[0-9a-fA-F]{4})+)"\s*:\s*(-?[0-9.eE+-]+)', re.MULTILINE)
_LETTERS = re.compile(r"[^\W\d_]+")


def _form_class(word: str) -> int:
    if word.islower():
        return _LOWER
    if word.isupper() and len(word) > 1:
        return _UPPER
    if word[:1].isupper() and word[1:].islower() or len(word) == 1:
        return _TITLE
    return _MIXED


class WordCase:
    """The usual written form of English words; ``usual_form`` answers None for a word the
    table does not hold (a rare word, or a name newer than the table, such as "Zelensky")."""

    def __init__(self, forms: Iterable[str]) -> None:
        """``forms``: written forms of words, most probable first; a word's first form wins."""
        hashes, classes, mixed = array("q"), array("B"), {}
        for form in forms:
            key = form.casefold()
            hashes.append(hash(key))
            classes.append(_form_class(form))
            if classes[-1] == _MIXED:
                mixed.setdefault(key, form)
        order = np.argsort(np.frombuffer(hashes, dtype=np.int64), kind="stable")
        self._hashes = np.frombuffer(hashes, dtype=np.int64)[order]
        self._classes = np.frombuffer(classes, dtype=np.uint8)[order]
        self._mixed = mixed

    @classmethod
    def from_table(cls, text: str) -> "WordCase":
        """From the table's JSON text (one ``"string": log-probability`` entry a line, most
        probable first), keeping words of letters only."""
        return cls(word for word in (_decode(entry.group(1)) for entry in _ENTRY.finditer(text))
                   if _LETTERS.fullmatch(word))

    @classmethod
    def load(cls, package: str = LOOKUPS_PACKAGE) -> "WordCase":
        with gzip.open(resources.files(package) / TABLE, "rt", encoding="utf-8") as table:
            return cls.from_table(table.read())

    def usual_form(self, word: str) -> Optional[str]:
        key = word.casefold()
        wanted = hash(key)
        index = int(np.searchsorted(self._hashes, wanted))
        if index == len(self._hashes) or self._hashes[index] != wanted:
            return None
        form = self._classes[index]
        if form == _LOWER:
            return word.lower()
        if form == _UPPER:
            return word.upper()
        if form == _TITLE:
            return word[:1].upper() + word[1:].lower()
        return self._mixed.get(key)


@lru_cache(maxsize=1)
def english_word_case() -> WordCase:
    """The shipped table, read once per process (every Tagger built in it shares it)."""
    return WordCase.load()


def _decode(word: str) -> str:
    return json.loads(f'"{word}"') if "\\" in word else word
