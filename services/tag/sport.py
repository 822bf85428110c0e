"""Players and their clubs in sport copy: "Reading midfielder Jem Karacan", "Chinese club
Changchun Yatai", "Brazilian-born midfielder Marquinhos".

News writes a player as club, position, name. The model reads each name alone, so a club named
after its town is a place or nothing ("Reading"), and an unfamiliar player's name an
organisation ("Marquinhos"). In an article about sport (``orgs.about_sport``):

- a name right before a lower-case role (midfielder, striker, goalkeeper, captain, manager,
  coach...) is the club, decided; a run of capitalised words the model did not tag is taken
  when the knowledge base knows it, or its last word, as a place ("Botev Plovdiv"). A country
  is left alone (a national team is named by its country: "England striker");
- a name right after such a role is a person, decided;
- a name right after a lower-case "club" is the club ("Chinese club Changchun Yatai").

Results print an athlete with a country in brackets and a time, a distance or points after it
("1. Ludmila Engquist ( Sweden ) 12.60 seconds"), and the model calls many of them
organisations: such a name of two or three words is a person (``athletes_with_a_country``). A
club named with its country is decided a club first when its name says so ("Real Madrid");
places (a town and its country) are left alone.
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import Mention
from services.tag.orgs import about_sport

_ROLES = ("midfielder|striker|defender|goalkeeper|keeper|winger|forward|full-back|fullback|centre-back|"
          "center-back|playmaker|captain|manager|coach|boss|quarterback|pitcher|batsman|bowler")
_ROLE_AFTER = re.compile(rf" (?:{_ROLES})\b(?![-'’]\w)")
_ROLE_BEFORE = re.compile(rf"(?<![\w-])(?:{_ROLES}) $")
_CLUB_BEFORE = re.compile(r"(?<![\w-])club $")
_CAPITALISED_RUN = re.compile(r"(?<![\w'’.-])(?:[A-Z][\w'’.-]*[ \t]){1,3}$")
# Not LOC or FAC: parks, rivers and stadiums are no clubs ("the Central Park coach Tony Ruiz").
_CLUBS_FROM = frozenset({"GPE", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"})
_PLAYERS_FROM = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})


def players_and_clubs(model_text: str, original: str, mentions: list[Mention],
                      is_country: Callable[[str], bool], is_place: Callable[[str], bool]) -> list[Mention]:
    """Clubs before a player's role or after "club", players after a role; returns the
    mentions, with the clubs the model missed added."""
    if not (_ROLE_AFTER.search(model_text) or _CLUB_BEFORE.search(model_text)) or not about_sport(model_text):
        return mentions
    for mention in mentions:
        before = model_text[max(0, mention.start - 20):mention.start]
        one_word_person = mention.label == "PERSON" and " " not in mention.display
        club_label = mention.label in _CLUBS_FROM - {"PERSON"} or one_word_person
        if _ROLE_AFTER.match(model_text, mention.end) and club_label and not is_country(mention.display):
            mention.label, mention.decided = "ORG", True
        elif _ROLE_BEFORE.search(before) and mention.label in _PLAYERS_FROM and not is_place(mention.display):
            mention.label, mention.decided = "PERSON", True
        elif _CLUB_BEFORE.search(before) and mention.label != "ORG" and not is_country(mention.display):
            mention.label, mention.decided = "ORG", True
    return mentions + _untagged_clubs(model_text, original, mentions, is_country, is_place)


def _untagged_clubs(model_text: str, original: str, mentions: list[Mention],
                    is_country: Callable[[str], bool], is_place: Callable[[str], bool]) -> list[Mention]:
    covered = sorted((m.start, m.end) for m in mentions)
    added = []
    for role in _ROLE_AFTER.finditer(model_text):
        run = _CAPITALISED_RUN.search(model_text, max(0, role.start() - 60), role.start() + 1)
        if run is None:
            continue
        words = list(re.finditer(r"\S+", run.group()))
        while words and words[0].group().casefold() in STOP_WORDS:
            words.pop(0)
        if not words:
            continue
        start, end = run.start() + words[0].start(), run.start() + words[-1].end()
        name = model_text[start:end]
        last = words[-1].group()
        if any(a < end and start < b for a, b in covered) or is_country(name) or is_country(last):
            continue
        if is_place(name) or (len(words) > 1 and is_place(last)):
            added.append(Mention(start, end, "ORG", original[start:end], name, decided=True))
    return added


# Words that end a competition's name ("the World Cup", "the World Junior A Hockey Challenge",
# "the Ryder Cup"): an event, MISC in news annotation, which the model calls an organisation.
# Not "League" (an organisation as often: "the National Football League"), "Games" (game
# makers: "Rockstar Games"), "Open" or "Series" (a university, a TV series).
_COMPETITION_ENDS = frozenset({"cup", "championship", "championships", "trophy", "tournament", "challenge",
                               "olympics", "prix", "marathon"})
_COMPETITIONS_FROM = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def competitions(mentions: list[Mention]) -> list[Mention]:
    """A name of two words or more ending in a competition word is an EVENT, decided; returns
    ``mentions``."""
    for mention in mentions:
        words = mention.display.split()
        if len(words) > 1 and words[-1].casefold() in _COMPETITION_ENDS and mention.label in _COMPETITIONS_FROM:
            mention.label, mention.decided = "EVENT", True
    return mentions


# A country in brackets, then figures: "( Sweden ) 12.60", "(U.S.) 3:32.12".
_COUNTRY_IN_BRACKETS = re.compile(r"[ \t]*\([ \t]?([A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,3})[ \t]?\)(?=[ \t]+\d)")
_ATHLETES_FROM = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART"})


def athletes_with_a_country(model_text: str, mentions: list[Mention],
                            is_country: Callable[[str], bool]) -> list[Mention]:
    """A name of two or three capitalised words right before a country in brackets and figures
    is a person, decided; returns ``mentions``."""
    candidates = [m for m in mentions if m.label in _ATHLETES_FROM and not m.decided
                  and 2 <= len(words := m.display.split()) <= 3 and all(w[:1].isupper() for w in words)]
    for mention in candidates:
        country = _COUNTRY_IN_BRACKETS.match(model_text, mention.end)
        if country and is_country(country.group(1)):
            mention.label, mention.decided = "PERSON", True
    return mentions
