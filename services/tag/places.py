"""Context rules for places the model calls a person.

The model decides a rare name mostly from the name itself, and an unfamiliar town ("Noida")
comes out a person. When the knowledge base knows the name as a place (of any size: a lone
word elsewhere needs a city of a million, ``consistency.correct_places``), a locative
preposition before it settles it: "in Noida", "near Noida", "flights from Noida", unless a
possessive follows ("in Sanaa's old city" is still the city, but "in Jackson's film" the person).
Without the knowledge base the preposition alone is not enough: on news pages "in Batman
costumes", "in Safari", "in Tony", "in Russell fashion" outnumbered the places.

A decided mention outvotes the name's other mentions in ``consistency.unify_labels``.
"""
from __future__ import annotations

import re
from typing import Callable

from services.tag.brackets import agency_datelines
from services.tag.consistency import Mention, replace_spans

_ONLY_PLACES_BEFORE = re.compile(r"(?:^|\s)(?:in|near)\s+$", re.IGNORECASE)
_ALSO_PEOPLE_BEFORE = re.compile(r"(?:^|\s)(?:from|to|outside|around|across|via|towards?)\s+$", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"\s?['’]s?\b")
# Head nouns of buildings, rooms and roads: a name ending in one is a facility (OntoNotes FAC;
# a place in CoNLL-2003 and Universal NER), whatever the model made of its first words
# ("Orchestra Hall", "the Met Garage" ORG). Not "House" (Random House, the White House) nor
# "Center" (the National Hurricane Center): organisations take those as often.
_FACILITY_HEADS = frozenset({"hall", "station", "airport", "bridge", "bridges", "stadium", "garage",
                             "square", "street", "avenue", "road", "ballroom", "museum", "palace"})


def relabel_places_by_context(model_text: str, mentions: list[Mention],
                              is_place: Callable[[str], bool]) -> list[Mention]:
    """PERSON mentions right after a locative preposition become GPE; returns ``mentions``."""
    for mention in mentions:
        words = mention.display.split()
        if (mention.label in ("ORG", "PERSON") and not mention.decided and len(words) > 1
                and words[-1].casefold() in _FACILITY_HEADS):
            mention.label, mention.decided = "FAC", True
            continue
        if mention.decided or mention.label not in ("PERSON", "GPE", "LOC", "ORG"):
            continue
        before = model_text[max(0, mention.start - 12):mention.start]
        if _POSSESSIVE_AFTER.match(model_text, mention.end) or mention.form.endswith(("'s", "’s")):
            continue
        if mention.label == "ORG":
            # "Authorities in Curitiba": a known place after "in" or "near" that no context rule
            # decided a company or a club ("a stake in Sydney Airport") is the place.
            if _ONLY_PLACES_BEFORE.search(before) and is_place(mention.display):
                mention.label, mention.decided = "GPE", True
        elif mention.label != "PERSON":
            # A place after "in" or "near" is the place, whatever a club of its name did
            # elsewhere in the article ("beat Valencia 3-1 in Barcelona").
            mention.decided = bool(_ONLY_PLACES_BEFORE.search(before)) and is_place(mention.display)
        elif is_place(mention.display) and (_ONLY_PLACES_BEFORE.search(before)
                                             or _ALSO_PEOPLE_BEFORE.search(before)):
            mention.label, mention.decided = "GPE", True
    return mentions


# The abbreviations news style writes after a town for a US state or a Canadian province
# (AP style: "Centennial, Colo.", "Yarmouth, N.S."): a closed class.
_STATE_ABBREVIATIONS = ("Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
                        "Mont|Neb|Nev|N\\.H|N\\.J|N\\.M|N\\.Y|N\\.C|N\\.D|Okla|Ore|Pa|R\\.I|S\\.C|S\\.D|Tenn|Vt|"
                        "Va|Wash|W\\.Va|Wis|Wyo|D\\.C|Alta|B\\.C|Man|N\\.B|N\\.S|Ont|Que|Sask|Nfld|P\\.E\\.I")
# A space before the comma too: tokenised text (CoNLL-2003's) writes "Centennial , Colo.".
_STATE_AFTER = re.compile(r"[ \t]?,\s+(?:" + _STATE_ABBREVIATIONS + r")\.(?!\w)")


# A line that opens with capitalised words before a state's abbreviation: a list of towns
# ("Eau Claire, Wis."), or a dateline.
_TOWN_OPENING_A_LINE = re.compile(r"^[ \t]*((?:[A-Z][\w'’.-]*)(?:[ \t][A-Z][\w'’.-]*){0,2})[ \t]?,\s+((?:"
                                  + _STATE_ABBREVIATIONS + r")\.)(?!\w)", re.MULTILINE)
_STATE = re.compile(r"(?:" + _STATE_ABBREVIATIONS + r")\.")
_TOWN_BEFORE = re.compile(r"[A-Z][\w'’.-]*[ \t]?,\s+$")


def towns_before_a_state(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """A name followed by a comma and a state's or province's abbreviation is a town
    ("CENTENNIAL, Colo." ORG -> GPE), decided, so its other mentions follow; a person's full
    name is left alone unless it opens a line (a list of towns: "Eau Claire, Wis."). The
    abbreviation after a town is a place too, and a town the model missed at a line's start
    is added. Returns the mentions by position."""
    starts = {m.start for m in mentions}
    for mention in mentions:
        if mention.decided:
            continue
        if (mention.label != "GPE" and _STATE.fullmatch(mention.form)
                and _TOWN_BEFORE.search(model_text, max(0, mention.start - 40), mention.start)):
            mention.label, mention.decided = "GPE", True
            continue
        if mention.label not in ("ORG", "PERSON", "FAC", "NORP", "LOC"):
            continue
        opens_line = mention.start == 0 or model_text[:mention.start].rstrip(" \t").endswith("\n")
        if mention.label == "PERSON" and len(mention.display.split()) > 1 and not opens_line:
            continue
        if _STATE_AFTER.match(model_text, mention.end):
            mention.label, mention.decided = "GPE", True
    taken = sorted((m.start, m.end) for m in mentions)
    added = []
    for town in _TOWN_OPENING_A_LINE.finditer(model_text):
        start, end = town.span(1)
        if start in starts or any(s < end and start < e for s, e in taken):
            continue
        added.append(Mention(start, end, "GPE", original[start:end], town.group(1), decided=True))
        start, end = town.span(2)
        if not any(s < end and start < e for s, e in taken):
            added.append(Mention(start, end, "GPE", original[start:end], town.group(2), decided=True))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# A kind of place, in lower case, then "of" and a name: "the atoll of Nikumaroro", "the city
# of North Bay", "the port of Marghera". Capitalised ("the City of North Bay approved") it is
# the council's name, and not read.
_PLACE_KIND_OF = re.compile(r"\b(?:island|islands|atoll|city|town|village|province|state|county|region|"
                            r"republic|kingdom|port|capital|suburb|district|borough|municipality|emirate)\s+of\s+$")


def places_after_a_kind_of_place(model_text: str, mentions: list[Mention]) -> list[Mention]:
    """A name after "the city of", "the island of"... is the place (GPE), decided; a person's
    full name is left alone. Returns ``mentions``."""
    for mention in mentions:
        if mention.decided or mention.label not in ("ORG", "PERSON", "FAC", "NORP", "GPE", "LOC"):
            continue
        if mention.label == "PERSON" and len(mention.display.split()) > 1:
            continue
        if _PLACE_KIND_OF.search(model_text, max(0, mention.start - 25), mention.start):
            mention.label, mention.decided = "GPE", True
    return mentions


_NEXT_CAPITALISED = re.compile(r" ([A-Z][a-z]+)\b(?![-'’]\w)")


def extend_to_countries(model_text: str, original: str, mentions: list[Mention],
                        is_country: Callable[[str], bool]) -> list[Mention]:
    """A name the model cut short of a country's name takes the country's next words: "Czech"
    (NORP) + " Republic", "Solomon" + " Islands" -> a GPE, decided, when the knowledge base knows
    the whole as a country and no other mention starts there."""
    starts = {m.start for m in mentions}
    out = []
    for mention in mentions:
        end = mention.end
        for _ in range(2):
            following = _NEXT_CAPITALISED.match(model_text, end)
            if following is None or following.start(1) in starts:
                break
            end = following.end(1)
            if is_country(model_text[mention.start:end]):
                mention = Mention(mention.start, end, "GPE", original[mention.start:end],
                                  model_text[mention.start:end], decided=True)
                break
        out.append(mention)
    return out


# A wire dateline on a line of its own: the town in capitals, its region or country, the date
# ("AL-AIN , United Arab Emirates 1996-12-06", "LONDON 1996-08-30"; Reuters' style, and so
# CoNLL-2003's: one opens every story).
_DATELINE_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}"
_DATELINE_LINE = re.compile(rf"^[ \t]*(?P<place>{_DATELINE_NAME})(?:[ \t]*,[ \t]*(?P<region>{_DATELINE_NAME}))?"
                            r"[ \t]+\d{4}-\d\d-\d\d[ \t]*$", re.MULTILINE)
_PLACE_NAME = re.compile(_DATELINE_NAME)


def _dateline_spans(original: str) -> list[tuple[int, int]]:
    """(start, end) of every dateline's town and region: on a line of their own before a date,
    or before an agency in brackets ("SOFIA, Nov 7 (Reuters) -": the town before the comma)."""
    spans = []
    for line in _DATELINE_LINE.finditer(original):
        spans += [line.span(part) for part in ("place", "region") if line.group(part)]
    for dateline in agency_datelines(original):
        town = _PLACE_NAME.match(original, dateline.start("place"))
        if town and town.end() <= dateline.end("place") and (
                town.end() == dateline.end("place") or original[town.end():dateline.end("place")].lstrip()[:1] == ","):
            spans.append(town.span())
    return spans


def dateline_places(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """A dateline's town and region are places (GPE), decided, in place of what the model made
    of them ("AL-AIN" ORG, "VAL D'ISERE" PERSON, "England 1996-08-30" EVENT, or nothing).
    Run after the article's labels are unified, so that the town of the dateline does not
    outvote a club of the same name in the story ("LEEDS , England" above "Leeds drew 0-0").
    Returns the mentions by position."""
    spans = _dateline_spans(original)
    return replace_spans(mentions, spans, "GPE", original, model_text) if spans else mentions
