"""Context rules of the tag service (pure functions, no model): decided labels outvote the
model's, places after locative prepositions, facilities, company and club cues, span edges."""
from __future__ import annotations

from services.tag import consistency
from services.tag.consistency import Mention
from services.tag.orgs import relabel_by_context
from services.tag.places import relabel_places_by_context
from services.tag.spans import join_names, trim_edges
from tests.unit.mentions import mentions_in_order


def test_a_decided_label_outvotes_the_models_and_keeps_its_own():
    mentions = [Mention(0, 6, "GPE", "Bolton", "Bolton"), Mention(20, 26, "GPE", "Bolton", "Bolton"),
                Mention(40, 46, "ORG", "Bolton", "Bolton", decided=True),
                Mention(60, 66, "GPE", "Bolton", "Bolton", decided=True)]
    consistency.unify_labels(mentions)
    # Two undecided GPE mentions follow the decided ones (a tie: the first decided, ORG); the
    # decided GPE ("in Bolton") stays the town.
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG", "GPE"]


def test_known_place_after_a_locative_preposition_is_a_place():
    text = ("Offices in Noida and flights from Noida. A letter from Bill. In Jackson's film. "
            "Dressed in Batmanx costumes.")
    mentions = mentions_in_order(text, [("Noida", "PERSON"), ("Noida", "PERSON"), ("Bill", "PERSON"),
                                ("Jackson", "PERSON"), ("Batmanx", "PERSON")])
    relabel_places_by_context(text, mentions, is_place=lambda n: n in {"Noida", "Jackson"})
    assert [(m.label, m.decided) for m in mentions] == [("GPE", True), ("GPE", True), ("PERSON", False),
                                                        ("PERSON", False), ("PERSON", False)]


def test_known_place_after_in_is_decided_so_a_club_of_its_name_does_not_take_it():
    text = "Barcelona beat Valencia 3-1 in Barcelona."
    mentions = mentions_in_order(text, [("Barcelona", "ORG"), ("Valencia", "GPE"), ("Barcelona", "GPE")])
    mentions[0].decided = True
    relabel_places_by_context(text, mentions, is_place=lambda n: n in {"Barcelona", "Valencia"})
    consistency.unify_labels(mentions)
    assert [m.label for m in mentions] == ["ORG", "GPE", "GPE"]


def test_building_and_road_names_are_facilities_but_not_house_or_center():
    text = "Orchestra Hall, Webster Hall, Random House and the National Hurricane Center."
    mentions = mentions_in_order(text, [("Orchestra Hall", "ORG"), ("Webster Hall", "PERSON"), ("Random House", "ORG"),
                                ("National Hurricane Center", "ORG")])
    relabel_places_by_context(text, mentions, is_place=lambda n: False)
    assert [m.label for m in mentions] == ["FAC", "FAC", "ORG", "ORG"]


def test_company_cues_shares_stakes_and_appositions():
    text = ("Vexo's shares rose. Investors bought shares in AJPL. Quorra, the Swiss drugs maker, "
            "gained. Bolton, the Lancashire club, lost. Smith, the company's chairman, spoke. "
            "Greg's revenue grew. London shares fell.")
    mentions = mentions_in_order(text, [("Vexo", "PERSON"), ("AJPL", "GPE"), ("Quorra", "GPE"), ("Bolton", "GPE"),
                                ("Smith", "PERSON"), ("Greg", "PERSON"), ("London", "GPE")])
    places = {"Bolton", "London"}
    relabel_by_context(text, mentions, is_country=lambda n: False, is_place=lambda n: n in places)
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG", "ORG", "PERSON", "PERSON", "GPE"]
    assert all(m.decided for m in mentions[:4])


def test_county_and_city_are_clubs_only_in_an_article_with_a_score():
    places = {"Los Angeles", "Manchester"}
    quiet = "Los Angeles County sheriff's deputies and Manchester City council met."
    mentions = mentions_in_order(quiet, [("Los Angeles County", "GPE"), ("Manchester City", "GPE")])
    relabel_by_context(quiet, mentions, is_country=lambda n: False, is_place=lambda n: n in places)
    assert [m.label for m in mentions] == ["GPE", "GPE"]
    sport = "Manchester City won 2-0 at home."
    mentions = mentions_in_order(sport, [("Manchester City", "GPE")])
    relabel_by_context(sport, mentions, is_country=lambda n: False, is_place=lambda n: n in places)
    assert [m.label for m in mentions] == ["ORG"]


def test_a_city_beside_a_match_verb_with_a_score_between_or_a_preposition_is_the_club():
    text = ("Bayern were held to a 1-1 draw by Hamburg, Feyenoord drew 0-0 with Utrecht, "
            "Cleveland beat Texas 4-2 and Seattle won at Boston.\nSeattle is wet and Boston won a bid.")
    forms = [("Hamburg", "GPE"), ("Utrecht", "GPE"), ("Seattle", "GPE"), ("Boston", "GPE"),
             ("Seattle", "GPE"), ("Boston", "GPE")]
    mentions = mentions_in_order(text, forms)
    places = {"Hamburg", "Utrecht", "Seattle", "Boston"}
    relabel_by_context(text, mentions, is_country=lambda n: False, is_place=lambda n: n in places)
    # the second line has no score: its town and its bid stay places
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG", "ORG", "GPE", "GPE"]
    assert all(m.decided for m in mentions[:4])


def test_a_name_that_speaks_is_no_place_unless_it_is_one_or_the_article_calls_it_a_person():
    text = ("Interfax quoted Gazprom as saying exports would fall. Digia confirmed the sale. "
            "Israel said it would talk. Midwood told me so, Tom Midwood added.")
    mentions = mentions_in_order(text, [("Gazprom", "GPE"), ("Digia", "GPE"), ("Israel", "GPE"),
                                        ("Midwood", "GPE"), ("Tom Midwood", "PERSON")])
    relabel_by_context(text, mentions, is_country=lambda n: n == "Israel", is_place=lambda n: n == "Israel")
    assert [m.label for m in mentions] == ["ORG", "ORG", "GPE", "GPE", "PERSON"]


def test_articles_and_trailing_function_words_are_cut_off_names():
    text = "He joined an Iranian Opposition Group and Google, Inc. of Mountain View; North Korea ’s bomb."
    mentions = mentions_in_order(text, [("an Iranian Opposition Group", "ORG"), ("Google, Inc. of", "ORG"),
                                ("North Korea ’s", "GPE")])
    out = trim_edges(mentions)
    assert [(m.form, m.text) for m in out] == [("Iranian Opposition Group",) * 2, ("Google, Inc.",) * 2,
                                               ("North Korea",) * 2]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_a_persons_name_cut_in_two_is_joined_but_not_two_names_or_title_case_lines():
    text = ("the piano lessons that Mrs. Lynda Mcmanus taught me; please email Sean Figaro about them.\n"
            "Coach: Melanie King Brandon Luna\nObama Wins Vote In Ohio")
    mentions = mentions_in_order(text, [("Lynda", "PERSON"), ("Mcmanus", "PERSON"), ("Sean", "PERSON"),
                                ("Melanie King", "PERSON"), ("Brandon Luna", "PERSON"), ("Obama", "PERSON")])
    out = join_names(text, text, mentions)
    assert [m.text for m in out] == ["Lynda Mcmanus", "Sean Figaro", "Melanie King", "Brandon Luna", "Obama"]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_club_prefix_before_a_place_and_a_lone_v_make_clubs():
    text = "Dynamo Kiev host Real Madrid. Essex v Kent at Chelmsford. Pakistan v New Zealand. Roe v. Wade."
    mentions = mentions_in_order(text, [("Dynamo Kiev", "GPE"), ("Real Madrid", "PERSON"), ("Essex", "GPE"), ("Kent", "GPE"),
                                ("Chelmsford", "GPE"), ("Pakistan", "GPE"), ("New Zealand", "GPE"),
                                ("Roe", "PERSON"), ("Wade", "PERSON")])
    places = {"Kiev", "Madrid", "Essex", "Kent", "Chelmsford", "Pakistan", "New Zealand"}
    relabel_by_context(text, mentions, is_country=lambda n: n in {"Pakistan", "New Zealand"},
                       is_place=lambda n: n in places)
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG", "ORG", "GPE", "GPE", "GPE", "PERSON", "PERSON"]


def test_names_greeted_and_signing_a_letter_are_persons():
    from services.tag.letters import add_letter_names

    text = ("Dear Nina,\nHere is the file.\nThanks,\nTraci\nPriscilla,\nI do not find the term.\n"
            "Regards,\nVince Kaminski\nThanks,\nSee you in Paris.\nHi all,\nParis,\nthe city of light.\nthanks\nbob\n")
    vince = text.index("Vince Kaminski")
    mentions = [Mention(vince, vince + 14, "PERSON", "Vince Kaminski", "Vince Kaminski")]
    out = add_letter_names(text, text, mentions, is_place=lambda n: n == "Paris")
    assert [(m.text, m.label) for m in out] == [("Nina", "PERSON"), ("Traci", "PERSON"), ("Priscilla", "PERSON"),
                                                ("Vince Kaminski", "PERSON")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_headline_slug_is_dropped_and_a_dateline_pair_is_two_places():
    from services.tag.spans import drop_slugs, split_place_pairs

    text = "CRICKET - ESSEX V KENT .\nCHELMSFORD , England 1996-08-30\nNikon - a lens maker."
    mentions = mentions_in_order(text, [("CRICKET", "GPE"), ("CHELMSFORD , England", "ORG"), ("Nikon", "ORG")])
    out = drop_slugs(text, text, mentions, is_place=lambda n: False)
    assert [m.text for m in out] == ["CHELMSFORD , England", "Nikon"]  # "Nikon" is on an ordinary line
    out = split_place_pairs(out, is_place=lambda n: n in {"CHELMSFORD", "England"})
    assert [(m.text, m.label) for m in out] == [("CHELMSFORD", "GPE"), ("England", "GPE"), ("Nikon", "ORG")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_england_scotland_and_wales_are_countries_in_the_starter_kb():
    from services.tag.kb import KnowledgeBase

    kb = KnowledgeBase.starter()
    assert [kb.lookup(name, "GPE").id for name in ("England", "Scotland", "Wales")] == [
        "country/GB-ENG", "country/GB-SCT", "country/GB-WLS"]


def test_a_city_the_model_calls_a_person_is_its_club_beside_a_score_and_a_match_verb():
    text = "Leeds drew 0-0 with Chelsea. Leeds Smith drew 0-0 with them.\nNoida drew a crowd."
    mentions = mentions_in_order(text, [("Leeds", "PERSON"), ("Chelsea", "ORG"), ("Leeds Smith", "PERSON"),
                                        ("Noida", "PERSON")])
    relabel_by_context(text, mentions, is_country=lambda n: False, is_place=lambda n: n in {"Leeds", "Noida"})
    # A full name stays a person; without a score in the sentence a place is left alone.
    assert [(m.form, m.label) for m in mentions] == [("Leeds", "ORG"), ("Chelsea", "ORG"),
                                                     ("Leeds Smith", "PERSON"), ("Noida", "PERSON")]


def test_a_datelines_town_and_region_are_places_and_do_not_spread():
    from services.tag.places import dateline_places

    text = ("CRICKET - COUNTY SCORES .\nVAL D'ISERE , France 1996-12-06\nCHESTER-LE-STREET , England 1996-08-30\n"
            "Leeds drew .\nSOFIA, Nov 7 (Reuters) - Talks.\nSmith said on 1996-12-06 that.\nLeeds 1996-12-06 2")
    mentions = mentions_in_order(text, [("VAL D'ISERE", "PERSON"), ("CHESTER-LE-STREET ,", "ORG"),
                                        ("England 1996-08-30", "EVENT"), ("Leeds", "ORG"), ("SOFIA", "ORG"),
                                        ("Reuters", "ORG"), ("Smith", "PERSON")])
    out = dateline_places(text, text, mentions)
    # The story's "Leeds" keeps its label; a sentence with a date in it, or a line with more
    # than a place and a date, is no dateline.
    assert [(m.form, m.label) for m in out] == [
        ("VAL D'ISERE", "GPE"), ("France", "GPE"), ("CHESTER-LE-STREET", "GPE"), ("England", "GPE"),
        ("Leeds", "ORG"), ("SOFIA", "GPE"), ("Reuters", "ORG"), ("Smith", "PERSON")]


def test_a_known_place_the_model_calls_an_organisation_after_in_is_the_place_unless_decided():
    text = "Authorities in Curitiba said so. A stake in Sydney rose. Shares of Curitiba fell."
    mentions = mentions_in_order(text, [("Curitiba", "ORG"), ("Sydney", "ORG"), ("Curitiba", "ORG")])
    mentions[1].decided = True  # "a stake in": a context rule's company
    relabel_places_by_context(text, mentions, is_place=lambda n: n in {"Curitiba", "Sydney"})
    assert [(m.label, m.decided) for m in mentions] == [("GPE", True), ("ORG", True), ("ORG", False)]
