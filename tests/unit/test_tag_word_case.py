"""How English writes a word (services/tag/word_case.py) and its use in case restoration."""
from __future__ import annotations

import pytest

from services.tag.casing import CaseRestorer
from services.tag.kb import KnowledgeBase
from services.tag.tagger import Tagger
from services.tag.word_case import WordCase

# Invented words, in the table's format: one entry a line, most probable first.
TABLE = """{
  ".":-3.0,
  "the":-3.5,
  "agrees":-9.0,
  "don't":-9.5,
  "Quorvex":-10.0,
  "truce":-11.0,
  "NASA":-11.5,
  "iPhone":-12.0,
  "quorvex":-12.5,
  "3pm":-12.8,
  "caf\\u00e9":-13.0,
  "nasa":-13.5,
  "reading":-14.0,
  "TRUCE":-15.0,
  "Reading":-16.0
}"""
# An ordinary paragraph (more than casing.MIN_EVIDENCE_WORDS words) that names nothing in capitals.
BODY = ("The two sides said on Tuesday that the talks had gone well, that the terms would be published "
        "next week, and that nobody expected the deal to change much before the end of the year.")


@pytest.fixture(scope="module")
def words() -> WordCase:
    return WordCase.from_table(TABLE)


def test_a_word_takes_its_most_probable_written_form(words):
    assert words.usual_form("QUORVEX") == "Quorvex"
    assert words.usual_form("TRUCE") == "truce"
    assert words.usual_form("Nasa") == "NASA"
    assert words.usual_form("IPHONE") == "iPhone"
    assert words.usual_form("CAFÉ") == "café"
    assert words.usual_form("READING") == "reading"


def test_words_not_in_the_table_or_not_of_letters_are_unknown(words):
    assert words.usual_form("ZELENSKY") is None
    assert words.usual_form("3PM") is None
    assert words.usual_form("DON") is None


def test_the_shipped_table_knows_names_words_and_acronyms():
    words = WordCase.load()
    assert [words.usual_form(w) for w in ("PUTIN", "MOSCOW", "TRUCE", "SAYS", "NASA", "IPHONE")] == \
        ["Putin", "Moscow", "truce", "says", "NASA", "iPhone"]


def test_a_headline_word_the_article_does_not_use_takes_the_word_list_form(words):
    restorer = CaseRestorer(word_case=words)
    text = "QUORVEX AGREES TRUCE WITH NASA OVER BLARNDOFF\n" + BODY
    restored = restorer.restore(text)
    assert len(restored) == len(text)
    assert restored.splitlines()[0] == "Quorvex agrees truce with NASA over Blarndoff"
    assert restored.splitlines()[1] == BODY


def test_without_the_word_list_unknown_words_stay_lower_case():
    restored = CaseRestorer().restore("QUORVEX AGREES TRUCE WITH NASA OVER BLARNDOFF\n" + BODY)
    assert restored.splitlines()[0] == "Quorvex agrees truce with nasa over blarndoff"


def test_the_article_beats_the_word_list(words):
    text = "THE QUORVEX TRUCE\n" + BODY + " A spokesman for the Truce Council and quorvex fans welcomed it."
    assert CaseRestorer(word_case=words).restore(text).splitlines()[0] == "The quorvex Truce"


def test_the_word_list_goes_before_kb_name_words_and_after_kb_codes(words):
    restorer = CaseRestorer(codes=["TRUCE"], name_words=["Reading", "McQuorvex"], word_case=words)
    text = "NASA AGREES READING TRUCE WITH MCQUORVEX\n" + BODY
    assert restorer.restore(text).splitlines()[0] == "NASA agrees reading TRUCE with McQuorvex"


def test_companies_named_only_in_a_headline_are_found():
    tagger = Tagger(kb=KnowledgeBase.starter())
    body = ("The chancellor said on Tuesday that the agreement with the engineering group would secure "
            "thousands of jobs in the region and help the country meet its climate goals by 2030.")
    text = "VOLKSWAGEN AND BOSCH SIGN BATTERY PACT\n" + body
    headline = {(e.text, e.label) for e in tagger.tag(text).entities if e.end <= text.index("\n")}
    assert {("VOLKSWAGEN", "ORG"), ("BOSCH", "ORG")} <= headline
