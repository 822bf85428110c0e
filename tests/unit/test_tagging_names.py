"""Given names the model calls organisations (services/tag/given_names.py), with the census
lists the names package ships."""
from __future__ import annotations

from services.tag.given_names import load_given_names, relabel_given_names
from services.tag.orgs import about_sport
from tests.unit.mentions import mentions_in_order

GIVEN = load_given_names()



def test_the_census_lists_are_read_from_the_package():
    assert len(GIVEN) > 5000
    assert {"james", "karla", "traci", "brant"} <= GIVEN
    assert not {"google", "enron", "the"} & GIVEN


def test_a_first_name_alone_tagged_org_is_a_person():
    text = "Go ahead and forward to Brant. The owner Karla is welcoming. Enron sold it."
    mentions = mentions_in_order(text, [("Brant", "ORG"), ("Karla", "ORG"), ("Enron", "ORG")])
    relabel_given_names(text, mentions, GIVEN, is_place=lambda n: False)
    assert [m.label for m in mentions] == ["PERSON", "PERSON", "ORG"]


def test_companies_clubs_places_and_acronyms_named_like_people_stay():
    text = ("Ford, BMW, Mercedes and Audi offer it. Chelsea FC and Chelsea. In Victoria. "
            "KARLA said. Sharon Group bought it.")
    mentions = mentions_in_order(text, [("Ford", "ORG"), ("BMW", "ORG"), ("Mercedes", "ORG"), ("Audi", "ORG"),
                                ("Chelsea FC", "ORG"), ("Chelsea", "ORG"), ("Victoria", "ORG"), ("KARLA", "ORG"),
                                ("Sharon", "ORG")])
    mentions[-1].decided = True
    relabel_given_names(text, mentions, GIVEN, is_place=lambda n: n == "Victoria")
    # Mercedes sits in a list with BMW and Audi; Chelsea is a word of "Chelsea FC"; Victoria
    # is a known place; KARLA is in capitals; Sharon was decided by a context rule.
    assert all(m.label == "ORG" for m in mentions)


def test_not_in_an_article_about_sport():
    text = "Jordan lost 2-1 to Iraq. Karla said so."
    mentions = mentions_in_order(text, [("Jordan", "ORG"), ("Karla", "ORG")])
    assert about_sport(text)
    relabel_given_names(text, mentions, GIVEN, is_place=lambda n: False)
    assert [m.label for m in mentions] == ["ORG", "ORG"]
