"""Context rules for organisations the model calls something else.

A small statistical model decides a name mostly from the name itself, so an agency with an
unfamiliar name ("Interfax") comes out a person and a club named after its city a place. The
words next to the name often settle it, and these rules read them (pure functions over one
article's mentions; the re-cased text is read, so a shouted headline counts too):

- **media**: a name right before "news agency", "agency", "newspaper", "daily"... or
  right after "newspaper", "daily", "news agency"... is the outlet ("the Interfax news agency",
  "the newspaper Al-Ahram");
- **companies**: a name ending in a company form ("Inc", "Corp", "Ltd", "Plc", "AG", "GmbH",
  "Airlines") is a company; so is a name whose shares are spoken of ("Vexo's shares", "Vexo
  shares fell", "a stake in Vexo"), and a name in apposition with a kind of company or outlet
  ("Vexo, the Swiss drugs maker,"); known places are not (markets: "London shares fell");
- **clubs**: in a line with a score ("2-1") within ``spans.LINE_WINDOW`` characters, a city's
  name right before or after "beat",
  "drew with", "lost to", "v" or "against" is the club ("Bolton beat Portsmouth 4-1"), and so
  is one after "won at", "a draw by", "victory over", "held by", "away to", a score allowed
  between ("Cleveland beat Texas 4-2 and Seattle won at Boston", "held to a 1-1 draw by
  Hamburg", "drew 0-0 with Utrecht", "lost 2-1 to Leeds"); and a
  place's name followed by a word clubs take ("United", "City", "Rovers", "Wanderers",
  "Athletic", "Town", "County", "FC"...) is a club ("Manchester City"), unless the whole
  is itself a known place ("Kansas City", "Cape Town"); "City", "Town" and "County" also name
  a unit of government ("Los Angeles County sheriff's deputies"), so only in an article about
  sport (a score, or "match", "league", "cup", "fans", "goal"...). A known place after a word
  clubs put first ("Real Madrid", "Dynamo Kiev", "Hapoel Haifa") is a club, and so is a place
  beside a lone "v", score or not ("Essex v Kent"), or in apposition with "club", "side",
  "team" ("Bolton, the Lancashire club,").

A decided mention outvotes the model's label for the name's other mentions
(``consistency.unify_labels``).

A nationality (NORP) or a country is never changed: "the Iranian news agency" stays Iranian,
and a national team is named by its country. One label per name across the article
(``consistency.unify_labels``, run after) carries a decision to the name's other mentions.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Callable

from services.tag.consistency import Mention
from services.tag.spans import line_around

_MEDIA_AFTER = re.compile(r"\s+(?:news\s+agency|agency|newspaper|daily|weekly|magazine)\b", re.IGNORECASE)
_MEDIA_BEFORE = re.compile(r"\b(?:newspaper|daily|weekly|news\s+agency|agency|magazine|broadcaster)\s+$",
                           re.IGNORECASE)
# Legal forms, and two trades that only companies name themselves by. Not "Bank" (West Bank)
# nor "Group" (a group of people, of states).
_COMPANY_FORMS = frozenset({"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "ag", "sa",
                            "nv", "gmbh", "llc", "holdings", "airlines", "airways"})
_SCORE_IN_SENTENCE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")
_MATCH_VERB_AFTER = re.compile(r"\s+(?:beat|beats|drew|draw|lost|won|defeated|v|vs\.?|held|thrashed|edged|"
                               r"were\s+(?:held|beaten|crushed))\b")
_MATCH_VERB_BEFORE = re.compile(r"\b(?:beat|beats|(?:drew|draw)\s+(?:\d{1,3}-\d{1,3}\s+)?with|defeated|v|vs\.?|"
                                r"against|held|thrashed|edged|to\s+play|at\s+home\s+to|away\s+to|"
                                r"(?:won|lost|drew|draw|win|victory|defeat)\s+(?:\d{1,3}-\d{1,3}\s+)?(?:at|over|by|to)|"
                                r"(?:beaten|held)\s+by)\s+$")
# A name that speaks is a person or an organisation: one the model calls a place that is no
# known place is an organisation ("Gazprom said", "quoted Gazprom as saying").
_SPEAKS_AFTER = re.compile(r"(?:\s+'s)?\s+(?:said|says|told|announced|reported|added|denied|confirmed)\b"
                           r"|\s+(?:as\s+saying|spokes(?:man|woman|person))\b")
_QUOTED_BEFORE = re.compile(r"\b(?:quoted|according\s+to)\s+$")
# A lone lower-case "v" between two names is a fixture, score or not ("Essex v Kent"); "vs" is
# also a court case's ("Roe vs. Wade"), so it needs a score.
_FIXTURE_AFTER = re.compile(r"\s+v\.?\s")
_FIXTURE_BEFORE = re.compile(r"(?<![\w.])v\.?\s+$")
_CLUB_WORDS = frozenset({"united", "city", "rovers", "rangers", "wanderers", "athletic", "athletico",
                         "albion", "town", "county", "hotspur", "fc", "f.c.", "afc", "sc", "ac"})
# An apposition naming what kind of organisation a name is: "Vexo, the Swiss drugs maker,";
# "Bolton, the Lancashire club". The head noun is the apposition's last word before a comma,
# a full stop or a relative pronoun, so "Smith, the company's chairman," is not one.
_APPOSITION = re.compile(r"\s?,\s+(?:a|an|the)\s+(?:[\w'’&-]+\s+){0,4}?([a-z]+)"
                         r"(?=\s*(?:[,.;:)]|$|\s+(?:that|which|said|says)\b))")
_COMPANY_HEADS = frozenset({"company", "firm", "group", "maker", "manufacturer", "producer", "bank", "insurer",
                            "carrier", "airline", "retailer", "chain", "operator", "conglomerate", "giant",
                            "monopoly", "utility", "exporter", "importer", "distributor", "brokerage", "subsidiary",
                            "newspaper", "daily", "weekly", "agency", "broadcaster", "federation", "association"})
_CLUB_HEADS = frozenset({"club", "side", "team"})
# Money words that only a company has: "Vexo's shares", "Vexo shares fell", "a stake in Vexo".
_MONEY_AFTER_POSSESSIVE = re.compile(r"\s*['’]s\s+(?:shares|stock|shareholders|profits?|earnings|revenues?|"
                                     r"turnover|subsidiary|chief\s+executive)\b")
# A person has revenue too ("Greg's revenue"): only shares make a "person" a company.
_SHARES_POSSESSIVE = re.compile(r"\s*['’]s\s+(?:shares|stock|shareholders|subsidiary)\b")
_SHARES_MOVED = re.compile(r"\s+(?:shares|stock)\s+(?:rose|fell|closed|gained|lost|jumped|slipped|eased|dropped|"
                           r"climbed|edged|firmed|ended|were|traded)\b")
_MONEY_BEFORE = re.compile(r"\b(?:shares\s+(?:in|of)|stake\s+in|takeover\s+of|merger\s+with|subsidiary\s+of|"
                           r"unit\s+of|shareholders\s+(?:in|of))\s+$")
# Words clubs put before their city ("Real Madrid", "Dynamo Kiev", "Hapoel Haifa"): with a
# known place after them, the whole is the club.
_CLUB_PREFIXES = frozenset({"real", "atletico", "sporting", "racing", "deportivo", "dynamo", "dinamo", "spartak",
                            "lokomotiv", "cska", "hapoel", "maccabi", "beitar", "olympique", "bayern", "borussia",
                            "inter", "ac", "fc", "afc", "sc", "standard", "steaua", "rapid", "union", "hertha"})
# Of those, the words that are nothing but a club's: the place after them need not be known
# ("Hapoel Beersheva").
_CLUB_ONLY_PREFIXES = frozenset({"atletico", "deportivo", "dynamo", "dinamo", "spartak", "lokomotiv", "cska",
                                 "hapoel", "maccabi", "beitar", "olympique", "borussia", "steaua", "hertha"})
# Club words that also name a unit of government ("Los Angeles County sheriff's deputies"):
# a club only in an article about sport, one with a score or a word only sport uses.
_SPORT_WORD = re.compile(r"\b(?:match|matches|league|cup|fans|goals?|striker|stadium|derby|championship|"
                         r"tournament|kick-off|coach)\b", re.IGNORECASE)
_ADMIN_WORDS = frozenset({"city", "town", "county"})
_CHANGEABLE = frozenset({"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def about_sport(model_text: str) -> bool:
    """Whether an article is about sport: it has a score or a word only sport uses."""
    return bool(_SCORE_IN_SENTENCE.search(model_text) or _SPORT_WORD.search(model_text))


def relabel_by_context(model_text: str, mentions: list[Mention],
                       is_country: Callable[[str], bool], is_place: Callable[[str], bool]) -> list[Mention]:
    """Relabel mentions to ORG where the words beside them say so; returns ``mentions``."""
    # Asked at most once, and only for a county's or a city's club: it searches the whole text.
    sporting = cache(lambda: about_sport(model_text))
    # the names and surnames the model calls people in the article: one of them that speaks is
    # the person ("Midwood told me"), though the model calls one mention a place
    people = cache(lambda: {name.casefold() for m in mentions if m.label == "PERSON"
                            for name in (m.display, m.display.split()[-1])})
    for mention in mentions:
        if mention.label not in _CHANGEABLE or is_country(mention.display):
            continue
        words = mention.display.split()
        after = model_text[mention.end:mention.end + 20]
        line_start, line_end = line_around(model_text, mention.start, mention.end)
        before = model_text[max(line_start, mention.start - 30):mention.start]
        one_person = mention.label == "PERSON" and len(words) > 1
        place = is_place(mention.display)
        after_long = model_text[mention.end:min(line_end, mention.end + 80)]
        if not one_person and not is_place(mention.display) and (
                _MEDIA_AFTER.match(after) or _MEDIA_BEFORE.search(before)):
            mention.label, mention.decided = "ORG", True
        elif len(words) > 1 and words[-1].casefold() in _COMPANY_FORMS:
            mention.label, mention.decided = "ORG", True
        elif (len(words) > 1 and words[-1].casefold() in _CLUB_WORDS and mention.label != "PERSON"
              and is_place(" ".join(words[:-1])) and not is_place(mention.display)
              and (words[-1].casefold() not in _ADMIN_WORDS or sporting())):
            mention.label, mention.decided = "ORG", True
        elif len(words) > 1 and not place and (words[0].casefold() in _CLUB_ONLY_PREFIXES or (
                words[0].casefold() in _CLUB_PREFIXES and is_place(" ".join(words[1:])))):
            mention.label, mention.decided = "ORG", True
        elif not place and not one_person and (_SHARES_POSSESSIVE.match(after_long) or (
                mention.label != "PERSON" and _MONEY_AFTER_POSSESSIVE.match(after_long))
                or _SHARES_MOVED.match(after_long) or _MONEY_BEFORE.search(before)):
            mention.label, mention.decided = "ORG", True
        elif not one_person and (apposition := _APPOSITION.match(after_long)) and (
                apposition.group(1) in _CLUB_HEADS or (apposition.group(1) in _COMPANY_HEADS and not place)):
            mention.label, mention.decided = "ORG", True
        elif mention.label in ("GPE", "LOC") and not place and (
                _SPEAKS_AFTER.match(after_long) or _QUOTED_BEFORE.search(before)) and \
                mention.display.casefold() not in people():
            mention.label, mention.decided = "ORG", True
        elif (mention.label in ("GPE", "LOC") or (mention.label == "PERSON" and len(words) == 1 and place)) and (
                (_SCORE_IN_SENTENCE.search(model_text, line_start, line_end)
                 and (_MATCH_VERB_AFTER.match(after) or _MATCH_VERB_BEFORE.search(before)))
                or _FIXTURE_AFTER.match(after) or _FIXTURE_BEFORE.search(before)):
            mention.label, mention.decided = "ORG", True
    return mentions


# Head nouns that end an organisation's name ("the X Prize Foundation", "JMP Securities",
# "NBC Sports", "the Hollywood Reporter"): a closed class of words that name a kind of
# organisation when capitalised after a name. Not "Group" or "Bank" (see _COMPANY_FORMS), nor
# "House" or "Center" (buildings as often), nor "Police" (a city's police is not a name), nor
# "League" (a competition as often: "the Europa League").
_EXTENDABLE = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT"})
_ORG_HEADS = frozenset({"foundation", "institute", "university", "college", "council", "committee",
                        "association", "society", "commission", "ministry", "department", "agency",
                        "authority", "federation", "confederation", "union", "party",
                        "corporation", "securities", "sports", "reporter", "navy", "army"})
_HEAD_AFTER = re.compile(r" ([A-Z][a-z]+)\b(?![-'’]\w)")


def extend_to_organisation_heads(model_text: str, original: str, mentions: list[Mention],
                                 is_country: Callable[[str], bool]) -> list[Mention]:
    """A name followed by a capitalised organisation head takes it ("JMP" + " Securities",
    "Hollywood" + " Reporter", "U.S." + " Navy"), and a name of two or more words ending in
    one is an organisation whatever the model said ("X Prize Foundation" MISC); both decided.
    Only names are extended, not dates ("Sept. 11" + " Commission"), titles or laws.
    A person's name stays a person unless it took a head ("Sally Ride" + " Science" is not
    read: "Science" is not a head); a country alone is never changed."""
    starts = {m.start for m in mentions}
    result = []
    for mention in mentions:
        end = mention.end
        while (head := _HEAD_AFTER.match(model_text, end)) and head.group(1).casefold() in _ORG_HEADS \
                and head.start(1) not in starts:
            end = head.end(1)
        words = mention.display.split()
        if end > mention.end and mention.label in _EXTENDABLE:
            result.append(Mention(mention.start, end, "ORG", original[mention.start:end],
                                  model_text[mention.start:end], decided=True))
            continue
        if (len(words) > 1 and words[-1].casefold() in _ORG_HEADS and mention.label not in ("ORG", "PERSON")
                and not mention.decided and not is_country(mention.display)):
            mention.label, mention.decided = "ORG", True
        result.append(mention)
    return result
