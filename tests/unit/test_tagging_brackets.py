"""Names cut at brackets and slashes, and acronyms defined in brackets (services/tag/brackets.py)."""
from __future__ import annotations

from services.tag import consistency
from services.tag.brackets import bracketed_acronyms, dateline_agencies, organisation_acronyms, split_at_brackets
from tests.unit.mentions import mention_at


def test_a_name_run_over_a_bracket_or_a_spaced_slash_is_cut_there():
    text = "Worked at Broadway (Random House) and Enron / Azurix, and at Dow (the chemicals group)."
    mentions = [mention_at(text, "Broadway (Random House", "ORG"), mention_at(text, "Enron / Azurix", "ORG"),
                mention_at(text, "Dow (the chemicals group", "ORG")]
    out = split_at_brackets(mentions)
    assert [(text[m.start:m.end], m.label) for m in out] == [
        ("Broadway", "ORG"), ("Random House", "ORG"), ("Enron", "ORG"), ("Azurix", "ORG"), ("Dow", "ORG")]


def test_an_acronym_in_brackets_after_an_organisation_or_its_initials_is_that_name():
    text = ("The World Conservation Union (IUCN) and the Housing Authority of New Orleans (HANO) met. "
            "IUCN said so. Gigs: Vienna, Arena (AT). John Smith (JS) and Paris (PR).")
    mentions = [mention_at(text, "World Conservation Union", "ORG"), mention_at(text, "IUCN", "NORP"),
                mention_at(text, "Housing Authority of New Orleans", "GPE"), mention_at(text, "Arena", "ORG"),
                mention_at(text, "John Smith", "PERSON"), mention_at(text, "Paris", "GPE")]
    out = bracketed_acronyms(text, text, mentions)
    found = {(text[m.start:m.end], m.label, m.decided) for m in out}
    # The model's NORP for the bracketed IUCN is overruled; HANO spells its name's initials
    # (the name keeps the model's label); a two-letter code after an ORG and letters after a
    # name they do not spell are left alone.
    assert ("IUCN", "ORG", True) in found and ("HANO", "GPE", True) in found
    assert ("JS", "PERSON", True) in found
    assert not {"AT", "PR"} & {text[m.start:m.end] for m in out}
    # The later "IUCN" is found by propagation and takes the definition's label.
    out = consistency.propagate(text, text, out)
    consistency.unify_labels(out)
    assert [m.label for m in out if m.form == "IUCN"] == ["ORG", "ORG"]


def test_the_agency_in_brackets_in_a_dateline_is_an_organisation():
    text = ("TEHRAN (AFP) - A contest opened.\nKYIV, May 4 (Reuters) - Talks.\n"
            "Disney Epic Mickey: Power of Illusion (Demo Version) - Play.\nI went (Home) - then left.")
    original = text
    # Case restoration writes the shouted dateline's agency in lower case for the model.
    model_text = text.replace("TEHRAN (AFP)", "Tehran (afp)")
    reuters = mention_at(text, "Reuters", "PERSON")
    out = dateline_agencies(model_text, original, [mention_at(text, "TEHRAN", "GPE"), reuters])
    assert [(m.text, m.label, m.decided) for m in out] == [("TEHRAN", "GPE", False), ("AFP", "ORG", True),
                                                           ("Reuters", "ORG", True)]


def test_untagged_uses_of_an_organisations_acronym_are_organisations():
    text = ("The Coalition Provisional Authority ran Iraq. Later the CPA left; CPA staff and the "
            "UN stayed. The State Department and the SD.")
    mentions = [mention_at(text, "Coalition Provisional Authority", "ORG"), mention_at(text, "State Department", "ORG")]
    out = organisation_acronyms(text, text, mentions)
    # Two-letter acronyms ("SD") are too ambiguous to take.
    assert [(m.text, m.label) for m in out] == [("Coalition Provisional Authority", "ORG"), ("CPA", "ORG"),
                                                ("CPA", "ORG"), ("State Department", "ORG")]
