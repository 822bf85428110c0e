"""Rules read on real news (the news dev set, docs/tagging.md): quoted titles and more."""
from __future__ import annotations

import pytest

from services.tag.consistency import Mention
from services.tag.kb import KnowledgeBase
from services.tag.tagger import Tagger
from services.tag.titles import quoted_titles


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(kb=KnowledgeBase.starter())


def _mention(text: str, surface: str, label: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), label, surface, surface)


def _labels(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.label) for m in mentions]


def test_quoted_title_is_a_work_and_replaces_the_names_inside():
    text = ("Hotel replaces Bibles with 'Fifty Shades of Grey'\nThe hotel put “Fifty Shades of Grey,” "
            "in every room, after \"Harry Potter and the Deathly Hallows — Part 2.\"")
    mentions = [_mention(text, "Grey", "ORG", 1), _mention(text, "Harry Potter", "PERSON")]
    assert _labels(text, quoted_titles(text, text, mentions)) == [
        ("Fifty Shades of Grey", "WORK_OF_ART"),
        ("Harry Potter and the Deathly Hallows — Part 2", "WORK_OF_ART")]


def test_quotes_that_are_not_titles_are_left_alone():
    text = ("Willard Describes Arrest as 'Much More PG'\n"  # a title-case line: a headline's quote
            "He said \"Wait til u hear my version\" and 'shrunken and unsightly'.\n"
            "From: \"Les Spahnn\" <les@example.com>, \"Townsend, George\" and Women's 'Day'.")
    mentions = [_mention(text, "Les Spahnn", "PERSON")]
    assert _labels(text, quoted_titles(text, text, mentions)) == [("Les Spahnn", "PERSON")]


def test_name_takes_a_following_organisation_head_and_a_name_ending_in_one_is_an_organisation():
    from services.tag.orgs import extend_to_organisation_heads

    text = ("JMP Securities analyst said so to the Hollywood Reporter. The X Prize Foundation "
            "offers awards. Sept. 11 Commission member. Mark Harding Foundation. Paris Police said.")
    mentions = [_mention(text, "JMP", "ORG"), _mention(text, "Hollywood", "GPE"),
                _mention(text, "X Prize Foundation", "WORK_OF_ART"), _mention(text, "Sept. 11", "DATE"),
                _mention(text, "Paris", "GPE")]
    result = extend_to_organisation_heads(text, text, mentions, is_country=lambda name: False)
    assert _labels(text, result) == [
        ("JMP Securities", "ORG"), ("Hollywood Reporter", "ORG"), ("X Prize Foundation", "ORG"),
        ("Sept. 11", "DATE"), ("Paris", "GPE")]
    assert all(m.decided for m in result[:3])


def test_extended_organisation_in_a_tagged_article(tagger):
    text = ("NEW YORK (AP) - NBC Sports anchor Bob Costas says he will speak.\n"
            "Costas has been the lead host of NBC's Olympics coverage for 20 years, NBC said.")
    labels = {(e.text, e.label) for e in tagger.tag(text).entities}
    assert ("NBC Sports", "ORG") in labels and ("NBC", "ORG") in labels


def test_name_before_a_state_abbreviation_is_a_town():
    from services.tag.places import towns_before_a_state

    text = "CENTENNIAL, Colo. - Police said. Mary Smith, Calif. native. Ford, Calif (sic). Apple, Inc."
    mentions = [_mention(text, "CENTENNIAL", "ORG"), _mention(text, "Mary Smith", "PERSON"),
                _mention(text, "Ford", "ORG"), _mention(text, "Apple", "ORG")]
    assert _labels(text, towns_before_a_state(text, mentions)) == [
        ("CENTENNIAL", "GPE"), ("Mary Smith", "PERSON"), ("Ford", "ORG"), ("Apple", "ORG")]


def test_quotes_at_the_edges_of_a_name_are_cut_off():
    from services.tag.titles import strip_quotes

    text = "a book by Ayn Rand — ‘Atlas Shrugged’ was; Holmes' lawyer; '' here"
    mentions = [_mention(text, "Atlas Shrugged’", "WORK_OF_ART"), _mention(text, "Holmes'", "PERSON"),
                _mention(text, "''", "ORG")]
    assert _labels(text, strip_quotes(mentions)) == [("Atlas Shrugged", "WORK_OF_ART"), ("Holmes", "PERSON")]


def test_a_name_written_twice_in_a_row_is_two_mentions():
    from services.tag.spans import split_repeated_names

    text = "David Birrell David Birrell's lawyer; astronaut Sally Ride Ride also; Darin Darin Fisher; Sirhan Sirhan"
    mentions = [_mention(text, "David Birrell David Birrell", "PERSON"), _mention(text, "Sally Ride Ride", "PERSON"),
                _mention(text, "Darin Darin Fisher", "PERSON"), _mention(text, "Sirhan Sirhan", "PERSON")]
    assert _labels(text, split_repeated_names(mentions)) == [
        ("David Birrell", "PERSON"), ("David Birrell", "PERSON"), ("Sally Ride", "PERSON"), ("Ride", "PERSON"),
        ("Darin Darin Fisher", "PERSON"), ("Sirhan Sirhan", "PERSON")]


def test_name_after_a_kind_of_place_is_the_place():
    from services.tag.places import places_after_a_kind_of_place

    text = "near the Kiribati atoll of Nikumaroro. The City of North Bay approved; the town of Mary Smith; " \
           "the port of Marghera"
    mentions = [_mention(text, "Nikumaroro", "ORG"), _mention(text, "North Bay", "ORG"),
                _mention(text, "Mary Smith", "PERSON"), _mention(text, "Marghera", "PERSON")]
    assert _labels(text, places_after_a_kind_of_place(text, mentions)) == [
        ("Nikumaroro", "GPE"), ("North Bay", "ORG"), ("Mary Smith", "PERSON"), ("Marghera", "GPE")]
