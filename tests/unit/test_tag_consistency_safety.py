"""Document consistency made safer (issue 15, fifth round): a split vote is not a majority, a
name labelled two ways is not spread, and a word that begins an organisation's full name is
that organisation. Invented sentences."""
from __future__ import annotations

from services.tag import consistency
from services.tag.consistency import Mention


def _m(start, label, form):
    return Mention(start, start + len(form), label, form, form)


def test_split_vote_leaves_each_mention_its_own_label():
    mentions = [_m(0, "ORG", "Quorvel"), _m(20, "NORP", "Quorvel"), _m(40, "NORP", "Quorvel"),
                _m(60, "GPE", "Quorvel"), _m(80, "ORG", "Quorvel")]
    consistency.unify_labels(mentions)
    assert [m.label for m in mentions] == ["ORG", "NORP", "NORP", "GPE", "ORG"]


def test_clear_majority_still_unifies():
    mentions = [_m(0, "ORG", "Quorvel"), _m(20, "NORP", "Quorvel"), _m(40, "ORG", "Quorvel")]
    consistency.unify_labels(mentions)
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG"]


def test_name_labelled_two_ways_is_not_propagated_but_a_clear_one_is():
    text = "Quorvel and Brenmoor met. Quorvel said so. Quorvel again. Brenmoor too. Brenmoor left."
    mentions = [_m(0, "ORG", "Quorvel"), _m(12, "ORG", "Brenmoor"), _m(26, "NORP", "Quorvel"),
                _m(58, "ORG", "Brenmoor")]
    out = consistency.propagate(text, text, mentions)
    added = [(m.start, m.form, m.label) for m in out if (m.start, m.form) not in {(x.start, x.form) for x in mentions}]
    assert added == [(72, "Brenmoor", "ORG")]


def test_word_beginning_an_organisation_name_is_that_organisation():
    mentions = [_m(0, "ORG", "Skylark Airways"), _m(30, "PERSON", "Skylark"), _m(50, "PERSON", "Skylark")]
    consistency.unify_labels(mentions)
    assert [m.label for m in mentions] == ["ORG", "ORG", "ORG"]


def test_organisation_head_rule_spares_nationalities_people_and_known_places():
    mentions = [_m(0, "ORG", "Veloran Navy"), _m(20, "NORP", "Veloran"),
                _m(40, "ORG", "Dana Foundation"), _m(60, "PERSON", "Dana Whitcombe"), _m(80, "PERSON", "Dana"),
                _m(100, "ORG", "Oslo Group"), _m(120, "PERSON", "Oslo")]
    consistency.unify_labels(mentions, lambda name, label: name == "Oslo" and label == "GPE")
    assert [m.label for m in mentions] == ["ORG", "NORP", "ORG", "PERSON", "PERSON", "ORG", "PERSON"]


def test_acronym_defined_after_lower_case_words_is_a_term_not_a_name():
    from services.tag.brackets import defined_terms, drop_defined_terms

    text = ("Nurses measured the resting heart rate (RHR) of each runner. The Northern Rowing League (NRL) "
            "paid for it. A high RHR was rare; the NRL said so. Both used wide-area networks (WANs).")
    assert defined_terms(text) == {"RHR", "RHRs", "WANs", "WAN"}
    mentions = [_m(text.index("RHR"), "ORG", "RHR"), _m(text.index("NRL"), "ORG", "NRL"),
                _m(text.index("A high RHR") + 7, "ORG", "RHR"), _m(text.index("WANs"), "ORG", "WANs")]
    assert [m.form for m in drop_defined_terms(text, mentions)] == ["NRL"]



def test_time_zone_after_a_clock_time_is_not_an_organisation():
    from services.tag.spans import drop_time_zones

    text = "Filed 11:05am CET by Rona Pike. Updated 6.40 p.m. AEST, the WHO said, at 9:00 in FIFA House."
    forms = ["11:05am CET", "AEST", "WHO", "FIFA House"]
    mentions = [_m(text.index(form), "ORG", form) for form in forms]
    assert [m.form for m in drop_time_zones(text, mentions)] == ["WHO", "FIFA House"]


def test_names_joined_by_a_slash_are_cut_but_codes_and_apertures_are_not():
    from services.tag.brackets import split_at_brackets

    mentions = [_m(0, "GPE", "Dunmore/Carrick/Ashby"), _m(30, "ORG", "Tallow College/"),
                _m(50, "ORG", "AC/DC"), _m(60, "PRODUCT", "Lumix f/2")]
    assert [(m.start, m.form) for m in split_at_brackets(mentions)] == [
        (0, "Dunmore"), (8, "Carrick"), (16, "Ashby"), (30, "Tallow College"), (50, "AC/DC"), (60, "Lumix f/2")]


def test_list_of_towns_before_state_abbreviations():
    from services.tag.places import towns_before_a_state

    text = "New coverage:\n  Glen Arbor, Mich.\n  Pell Lake, Wis.\nShe met Dana Ortiz, Calif. native, in Brill, Ind."
    mentions = [_m(text.index("Pell Lake"), "PERSON", "Pell Lake"), _m(text.index("Wis."), "ORG", "Wis."),
                _m(text.index("Dana Ortiz"), "PERSON", "Dana Ortiz"), _m(text.index("Ind."), "ORG", "Ind.")]
    out = towns_before_a_state(text, text, mentions)
    assert [(m.form, m.label) for m in out] == [
        ("Glen Arbor", "GPE"), ("Mich.", "GPE"), ("Pell Lake", "GPE"), ("Wis.", "GPE"),
        ("Dana Ortiz", "PERSON"), ("Ind.", "GPE")]


def test_name_before_a_dotted_version_is_a_product_with_its_version():
    from services.tag.products import versioned_products

    text = ("Upgrade to Quillon 3.2.1 today. Quillon said Route 9 and Virginia 13 are open. Marna Vale 2.5 km\n"
            "Belgium 7.5 (7.7)\nKestrel Corp 2.5 percent")
    mentions = [_m(text.index("Quillon"), "ORG", "Quillon"), _m(text.index("Quillon said"), "ORG", "Quillon"),
                _m(text.index("Virginia"), "GPE", "Virginia"), _m(text.index("Marna"), "PERSON", "Marna Vale"),
                _m(text.index("Belgium"), "GPE", "Belgium"), _m(text.index("Kestrel"), "ORG", "Kestrel Corp")]
    out = versioned_products(text, text, mentions)
    assert [(m.form, m.label) for m in out] == [("Quillon 3.2.1", "PRODUCT"), ("Quillon", "ORG"),
                                                 ("Virginia", "GPE"), ("Marna Vale", "PERSON"),
                                                 ("Belgium", "GPE"), ("Kestrel Corp", "ORG")]
