"""Rules read on real news (the news dev set, docs/tagging.md): quoted titles and more."""
from __future__ import annotations

import pytest

from services.tag.kb import KnowledgeBase
from services.tag.tagger import Tagger
from services.tag.titles import quoted_titles
from tests.unit.mentions import labels_of, mention_at


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(kb=KnowledgeBase.starter())




def test_quoted_title_is_a_work_and_replaces_the_names_inside():
    text = ("Hotel replaces Bibles with 'Fifty Shades of Grey'\nThe hotel put “Fifty Shades of Grey,” "
            "in every room, after \"Harry Potter and the Deathly Hallows — Part 2.\"")
    mentions = [mention_at(text, "Grey", "ORG", 1), mention_at(text, "Harry Potter", "PERSON")]
    assert labels_of(text, quoted_titles(text, text, mentions)) == [
        ("Fifty Shades of Grey", "WORK_OF_ART"),
        ("Harry Potter and the Deathly Hallows — Part 2", "WORK_OF_ART")]


def test_quotes_that_are_not_titles_are_left_alone():
    text = ("Willard Describes Arrest as 'Much More PG'\n"  # a title-case line: a headline's quote
            "He said \"Wait til u hear my version\" and 'shrunken and unsightly'.\n"
            "From: \"Les Spahnn\" <les@example.com>, \"Townsend, George\" and Women's 'Day'.")
    mentions = [mention_at(text, "Les Spahnn", "PERSON")]
    assert labels_of(text, quoted_titles(text, text, mentions)) == [("Les Spahnn", "PERSON")]


def test_name_takes_a_following_organisation_head_and_a_name_ending_in_one_is_an_organisation():
    from services.tag.orgs import extend_to_organisation_heads

    text = ("JMP Securities analyst said so to the Hollywood Reporter. The X Prize Foundation "
            "offers awards. Sept. 11 Commission member. Mark Harding Foundation. Paris Police said.")
    mentions = [mention_at(text, "JMP", "ORG"), mention_at(text, "Hollywood", "GPE"),
                mention_at(text, "X Prize Foundation", "WORK_OF_ART"), mention_at(text, "Sept. 11", "DATE"),
                mention_at(text, "Paris", "GPE")]
    result = extend_to_organisation_heads(text, text, mentions, is_country=lambda name: False)
    assert labels_of(text, result) == [
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
    mentions = [mention_at(text, "CENTENNIAL", "ORG"), mention_at(text, "Mary Smith", "PERSON"),
                mention_at(text, "Ford", "ORG"), mention_at(text, "Apple", "ORG")]
    assert labels_of(text, towns_before_a_state(text, text, mentions)) == [
        ("CENTENNIAL", "GPE"), ("Mary Smith", "PERSON"), ("Ford", "ORG"), ("Apple", "ORG")]


def test_quotes_at_the_edges_of_a_name_are_cut_off():
    from services.tag.titles import strip_quotes

    text = "a book by Ayn Rand — ‘Atlas Shrugged’ was; Holmes' lawyer; '' here"
    mentions = [mention_at(text, "Atlas Shrugged’", "WORK_OF_ART"), mention_at(text, "Holmes'", "PERSON"),
                mention_at(text, "''", "ORG")]
    assert labels_of(text, strip_quotes(mentions)) == [("Atlas Shrugged", "WORK_OF_ART"), ("Holmes", "PERSON")]


def test_a_name_written_twice_in_a_row_is_twomentions_in_order():
    from services.tag.spans import split_repeated_names

    text = "David Birrell David Birrell's lawyer; astronaut Sally Ride Ride also; Darin Darin Fisher; Sirhan Sirhan"
    mentions = [mention_at(text, "David Birrell David Birrell", "PERSON"), mention_at(text, "Sally Ride Ride", "PERSON"),
                mention_at(text, "Darin Darin Fisher", "PERSON"), mention_at(text, "Sirhan Sirhan", "PERSON")]
    assert labels_of(text, split_repeated_names(mentions)) == [
        ("David Birrell", "PERSON"), ("David Birrell", "PERSON"), ("Sally Ride", "PERSON"), ("Ride", "PERSON"),
        ("Darin Darin Fisher", "PERSON"), ("Sirhan Sirhan", "PERSON")]


def test_name_after_a_kind_of_place_is_the_place():
    from services.tag.places import places_after_a_kind_of_place

    text = "near the Kiribati atoll of Nikumaroro. The City of North Bay approved; the town of Mary Smith; " \
           "the port of Marghera"
    mentions = [mention_at(text, "Nikumaroro", "ORG"), mention_at(text, "North Bay", "ORG"),
                mention_at(text, "Mary Smith", "PERSON"), mention_at(text, "Marghera", "PERSON")]
    assert labels_of(text, places_after_a_kind_of_place(text, mentions)) == [
        ("Nikumaroro", "GPE"), ("North Bay", "ORG"), ("Mary Smith", "PERSON"), ("Marghera", "GPE")]


def test_term_acronym_dropped_by_the_tagger(tagger):
    text = ("Doctors recorded the bone mineral density (BMD) of 300 patients in Leeds. "
            "A low BMD was linked to falls, said Dr Aisha Rahman of Leeds General Infirmary.")
    entities = tagger.tag(text).entities
    assert "BMD" not in {e.text for e in entities}
    assert ("Aisha Rahman", "PERSON") in {(e.text, e.label) for e in entities}
