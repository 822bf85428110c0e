"""Storms named like people: "Hurricane Rita ... Rita packed winds of 240 km/h".

Once an article has said "Hurricane Rita" (or Typhoon, Cyclone, Superstorm, Tropical Storm,
Winter Storm), the name alone is the storm, an event, not a person or an organisation: the
model, reading "Rita" in a sentence, says PERSON ("Rita was extremely dangerous"), or ORG
("the kind of pain Sandy would inflict"). Not when a capitalised word comes before the storm
word, where it is part of another name ("the US National Hurricane Center", "Carolina
Hurricanes"), unless that word is a function word opening the sentence ("When Hurricane Irene
hit", "After Typhoon Haiyan").
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import Mention

_STORM = re.compile(r"\b(?:Hurricane|Typhoon|Cyclone|Superstorm|Tropical\s+Storm|Winter\s+Storm)\s+([A-Z][a-z]+)\b")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w.'’-]*)[ \t]+$")
_RELABELLED = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"})


def storm_names(model_text: str) -> set[str]:
    """The names of the storms the article introduces."""
    names = set()
    for found in _STORM.finditer(model_text):
        before = _CAPITALISED_BEFORE.search(model_text, max(0, found.start() - 40), found.start())
        if before is None or before.group(1).casefold() in STOP_WORDS:
            names.add(found.group(1))
    return names


_STORM_WORD_BEFORE = re.compile(r"(?:Hurricane|Typhoon|Cyclone|Superstorm|Tropical\s+Storm|Winter\s+Storm)\s+$")


def relabel_storms(model_text: str, mentions: list[Mention], original: str | None = None) -> list[Mention]:
    """Mentions of a named storm ("Rita", "Hurricane Rita") become EVENT, decided; a name the
    model read without its storm word takes it ("Hurricane" + "Irene"); returns ``mentions``."""
    names = storm_names(model_text)
    if not names:
        return mentions
    original = model_text if original is None else original
    ends = {m.end for m in mentions}
    for mention in mentions:
        words = mention.display.split()
        if mention.label in _RELABELLED and words and words[-1] in names and (
                len(words) == 1 or _STORM.fullmatch(mention.display)):
            mention.label, mention.decided = "EVENT", True
            word = _STORM_WORD_BEFORE.search(model_text, max(0, mention.start - 20), mention.start)
            if len(words) == 1 and word and not any(word.start() < end <= mention.start for end in ends):
                mention.start = word.start()
                mention.text, mention.form = original[mention.start:mention.end], model_text[mention.start:mention.end]
    return mentions
