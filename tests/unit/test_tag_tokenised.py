"""The tagger's rules on tokenised text, as CoNLL-2003 writes it: a space on both sides of every
punctuation mark ("Enron Broadband Services , Inc.", "( IUCN )", `" Atlas Shrugged "`)."""
from __future__ import annotations

import sys
from pathlib import Path

from services.tag.brackets import bracketed_acronyms, dateline_agencies, defined_terms, split_at_brackets
from services.tag.company_forms import extend_company_forms
from services.tag.places import towns_before_a_state
from services.tag.titles import quoted_titles, strip_quotes
from tests.unit.mentions import labels_of, mention_at

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def test_an_acronym_defined_in_spaced_brackets_is_the_name_or_the_term():
    text = "The World Conservation Union ( IUCN ) met . Mobile sales force automation ( SFA ) grows ."
    out = bracketed_acronyms(text, text, [mention_at(text, "World Conservation Union", "ORG")])
    assert [(m.form, m.label, m.decided) for m in out][1:] == [("IUCN", "ORG", True)]
    assert defined_terms(text) == {"SFA", "SFAs"}


def test_a_datelines_agency_in_spaced_brackets_is_an_organisation():
    text = "TEHRAN ( AFP ) - Iran said on Friday ."
    out = dateline_agencies(text, text, [mention_at(text, "TEHRAN", "GPE")])
    assert labels_of(text, out) == [("TEHRAN", "GPE"), ("AFP", "ORG")]


def test_a_cut_at_a_spaced_slash_leaves_no_space_on_the_piece():
    text = "A Florida International University / The Miami Herald poll . Go to / Azurix ."
    mentions = [mention_at(text, "Florida International University /", "ORG"), mention_at(text, "/ Azurix", "ORG")]
    assert labels_of(text, split_at_brackets(mentions)) == [("Florida International University", "ORG"),
                                                           ("Azurix", "ORG")]


def test_a_company_form_after_a_spaced_comma_joins_the_name():
    text = "Enron Broadband Services , Inc. said on Friday ."
    out = extend_company_forms(text, [mention_at(text, "Enron Broadband Services", "ORG")])
    assert [(m.text, m.label, m.decided) for m in out] == [("Enron Broadband Services , Inc.", "ORG", True)]


def test_a_town_before_a_spaced_comma_and_a_state_is_a_place():
    text = "The team from Centennial , Colo. won .\nEau Claire , Wis. 4"
    out = towns_before_a_state(text, text, [mention_at(text, "Centennial", "ORG")])
    assert ("Centennial", "GPE") in labels_of(text, out) and ("Eau Claire", "GPE") in labels_of(text, out)


def test_a_title_in_spaced_quotes_is_a_work_without_the_spaces():
    text = 'She said he had read " Atlas Shrugged " and then " Fifty Shades of Grey , " on the train to work .'
    out = quoted_titles(text, text, [mention_at(text, "Grey", "ORG")])
    assert labels_of(text, out) == [("Atlas Shrugged", "WORK_OF_ART"), ("Fifty Shades of Grey", "WORK_OF_ART")]


def test_a_quote_stripped_off_a_mention_takes_its_space_along():
    text = 'Sightings of " Unidentified Flying Objects " grew .'
    out = strip_quotes([mention_at(text, '" Unidentified Flying Objects "', "WORK_OF_ART")])
    assert labels_of(text, out) == [("Unidentified Flying Objects", "WORK_OF_ART")]


def test_the_tokenised_bench_writes_conll_tokens_and_moves_the_gold_with_them():
    import tokenised_eval

    text = 'Japan\'s coach said: "We didn\'t win." U.S. officials (AP) met George W. Bush in Al-Ain\non 1996-12-06.'
    gold = {(text.index(name), text.index(name) + len(name), label)
            for name, label in (("Japan", "LOC"), ("AP", "ORG"), ("George W. Bush", "PER"), ("Al-Ain", "LOC"),
                                ("pan's", "MISC"))}
    out, moved, left_out = tokenised_eval.tokenise(text, gold)
    assert out == ('Japan \'s coach said : " We did n\'t win . " U.S. officials ( AP ) met George W. Bush in Al-Ain\n'
                   'on 1996-12-06 .')
    assert sorted(out[s:e] for s, e, _ in moved) == ["AP", "Al-Ain", "George W. Bush", "Japan"]
    assert left_out == 1  # "pan's" starts inside a token


def test_the_tokenised_bench_puts_a_sentence_a_line_without_moving_an_offset():
    import tokenised_eval

    text = 'He said " We won . " Then U.S. officials left . Why ? " Because . " ( AP ) came . ok .'
    lines = tokenised_eval.one_sentence_a_line(text)
    assert len(lines) == len(text)
    assert lines.split("\n") == ['He said " We won . "', "Then U.S. officials left .", "Why ?", '" Because . "',
                                 "( AP ) came . ok ."]
