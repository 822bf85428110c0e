"""People called by their first name alone, which the model calls organisations.

With no surname and no title beside it, a first name is a word the model has rarely seen as
a person, and in mail, forum posts and reviews it often comes out ORG ("forward to Brant",
"Mercedes and Dan are very thorough", "The owner Karla is welcoming"). A list of given names
settles it: a one-word ORG mention that is a given name is a person.

The list is the US Census Bureau's 1990 first names (male and female; public domain), as the
``names`` package (MIT) ships them. Guards, because some given names are also companies and
clubs ("Chelsea", "Mercedes", "Jordan"):

- not in an article about sport (a score, or "match", "league"...), where a one-word ORG is
  most often a club;
- not a place the knowledge base knows, not written in capitals ("ABBY" is an acronym as
  often), not a stop word;
- not when the article also writes the word as part of a longer organisation name
  ("Mercedes-Benz", "Chelsea FC"), nor when a context rule decided the mention;
- not in a list with an organisation that is not a given name ("Ford, BMW, Mercedes, Audi").
"""
from __future__ import annotations

import re
from importlib import resources
from typing import Callable, Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import Mention
from services.tag.orgs import about_sport

NAMES_PACKAGE = "names"
_FILES = ("dist.male.first", "dist.female.first")
# What stands between two items of a list: "Ford, BMW", "BMW and Mercedes", "Coke / Pepsi".
_LIST_GAP = re.compile(r"\s*(?:,|&|/|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?")


def load_given_names(package: str = NAMES_PACKAGE) -> frozenset[str]:
    """The given names of the census lists, case-folded (one name a line, first column)."""
    root = resources.files(package)
    found = set()
    for name in _FILES:
        for line in root.joinpath(name).read_text(encoding="ascii").splitlines():
            if line.strip():
                found.add(line.split()[0].casefold())
    return frozenset(found)


def _org_words(mentions: Iterable[Mention]) -> set[str]:
    """Words of the article's organisation names of more than one word."""
    words = set()
    for mention in mentions:
        parts = mention.display.replace("-", " ").split()
        if mention.label == "ORG" and len(parts) > 1:
            words.update(part.casefold() for part in parts)
    return words


def _is_candidate(mention: Mention, given_names: frozenset[str]) -> bool:
    name = mention.display
    folded = name.casefold()
    return (mention.label == "ORG" and not mention.decided and " " not in name and "-" not in name
            and name[:1].isupper() and not name.isupper() and folded in given_names and folded not in STOP_WORDS)


def _listed_with_org(model_text: str, ordered: list[Mention], index: int, given_names: frozenset[str]) -> bool:
    """Whether the mention at ``index`` is in a list beside an ORG that is not a given name."""
    mention = ordered[index]
    neighbours = []
    if index:
        neighbours.append((ordered[index - 1], ordered[index - 1].end, mention.start))
    if index + 1 < len(ordered):
        neighbours.append((ordered[index + 1], mention.end, ordered[index + 1].start))
    return any(low <= high and neighbour.label == "ORG" and not _is_candidate(neighbour, given_names)
               and _LIST_GAP.fullmatch(model_text, low, high) for neighbour, low, high in neighbours)


def relabel_given_names(model_text: str, mentions: list[Mention], given_names: frozenset[str],
                        is_place: Callable[[str], bool]) -> list[Mention]:
    """One-word ORG mentions that are given names become PERSON; returns ``mentions``."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    candidates = [i for i, mention in enumerate(ordered) if _is_candidate(mention, given_names)]
    # Whether the article is about sport is read only when there is something to decide.
    if not candidates or about_sport(model_text):
        return mentions
    in_org_names = _org_words(mentions)
    found = [i for i in candidates if ordered[i].display.casefold() not in in_org_names
             and not is_place(ordered[i].display) and not _listed_with_org(model_text, ordered, i, given_names)]
    for i in found:
        ordered[i].label = "PERSON"
    return mentions
