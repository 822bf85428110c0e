"""Wire sport copy as CoNLL-2003's Reuters prints it: a cricket scorecard's batting lines,
fixtures in headlines (services/tag/results.py, services/tag/spans.py; pure functions, no
model). Invented lines in the agencies' form."""
from __future__ import annotations

from services.tag.results import (
    drop_figures,
    relabel_table_names,
    scorers_in_brackets,
    split_at_dismissals,
    split_at_numbers,
    table_lines,
)
from services.tag.spans import split_fixtures
from tests.unit.mentions import labels_of, mentions_in_order

BATTING = ("England first innings\n"
           "M. Atherton b Waqar Younis 31\n"
           "N. Hussain c Ijaz Ahmed b Wasim Akram 12\n"
           "G. Thorpe lbw b Mushtaq Ahmed 54\n")


def test_a_persons_name_never_holds_a_number_but_a_clubs_or_products_may():
    text = "M. Atherton b Waqar Younis 31 and Schalke 04 won, Windows 95 sold; by Jon Brodkin - Nov 9, 2012."
    mentions = mentions_in_order(text, [("Waqar Younis 31", "PERSON"), ("Schalke 04", "ORG"), ("Windows 95", "PRODUCT"),
                                        ("Jon Brodkin - Nov 9", "PERSON")])
    out = split_at_numbers(mentions, [], is_country=lambda n: False, is_place=lambda n: False)
    # a day's number after a month stays with it: "Nov 9" is a date, read as one later
    assert labels_of(text, out) == [("Waqar Younis", "PERSON"), ("Schalke 04", "ORG"), ("Windows 95", "PRODUCT"),
                                    ("Jon Brodkin", "PERSON"), ("Nov 9", "PERSON")]


def test_a_name_run_across_a_dismissal_is_the_fielder_and_the_bowler():
    mentions = mentions_in_order(BATTING, [("Ijaz Ahmed b Wasim", "PERSON"), ("lbw b Mushtaq Ahmed", "PERSON")])
    out = split_at_dismissals(BATTING, BATTING, mentions)
    # the bowler takes the rest of his name up to the runs
    assert labels_of(BATTING, out) == [("Ijaz Ahmed", "PERSON"), ("Wasim Akram", "PERSON"), ("Mushtaq Ahmed", "PERSON")]


def test_a_b_outside_a_batting_line_cuts_nothing():
    text = "Plan b Alpha Group said on Monday it would appeal.\nGroup c Beta Holdings won the bid."
    mentions = mentions_in_order(text, [("Plan b Alpha Group", "ORG"), ("Group c Beta Holdings", "ORG")])
    assert split_at_dismissals(text, text, mentions) == mentions


def test_two_sides_joined_by_v_are_two_mentions_and_a_country_is_the_place():
    text = ("CRICKET - ENGLAND V PAKISTAN SCOREBOARD .\nESSEX V KENT\nRoe v. Wade and Roe vs. Wade were cited; "
            "Batman v Superman opened.")
    countries = {"ENGLAND", "PAKISTAN"}
    mentions = mentions_in_order(text, [("ENGLAND V PAKISTAN", "ORG"), ("ESSEX V KENT", "ORG"), ("Roe v. Wade", "PERSON"),
                                        ("Roe vs. Wade", "LAW"), ("Batman v Superman", "WORK_OF_ART")])
    out = split_fixtures(mentions, is_country=lambda n: n in countries)
    assert labels_of(text, out) == [("ENGLAND", "GPE"), ("PAKISTAN", "GPE"), ("ESSEX", "ORG"), ("KENT", "ORG"),
                                    ("Roe v. Wade", "PERSON"), ("Roe vs. Wade", "LAW"),
                                    ("Batman v Superman", "WORK_OF_ART")]


def test_figures_in_tables_and_a_tie_break_are_no_dates_and_a_column_header_is_no_name():
    text = ("EASTERN DIVISION\nW L PCT GB\nNEW YORK 74 57 .565 -\nBALTIMORE 70 61 .534 4\n"
            "Thomas Muster beat Jan Siemerink 7-6 ( 7-3 ) 6-3\nThe talks resume on 7-3 , the minister said .")
    mentions = mentions_in_order(text, [("EASTERN DIVISION", "ORG"), ("W L", "ORG"), ("NEW YORK", "ORG"),
                                        ("74 57", "DATE"), ("BALTIMORE", "ORG"), ("70 61", "DATE"),
                                        ("Thomas Muster", "PERSON"), ("7-3", "DATE"), ("7-3", "DATE")])
    out = drop_figures(text, mentions, table_lines(text, text))
    # a lone "7-3" away from other scores may be a date (March 7): it stays
    assert labels_of(text, out) == [("EASTERN DIVISION", "ORG"), ("NEW YORK", "ORG"), ("BALTIMORE", "ORG"),
                                    ("Thomas Muster", "PERSON"), ("7-3", "DATE")]


def test_a_soccer_summarys_scorers_are_people_and_its_sides_teams():
    text = ("Summary of Dutch first division soccer matches played on Sunday :\n"
            "Ajax Amsterdam 1 ( Arnold Scholten 34th ) NAC Breda 0 . Halftime 1-0 . Attendance 50,000 .\n"
            "Roda JC Kerkrade 2 ( Gerald Sibon 12th , Eric van der Luer 78th pen ) Fortuna Sittard 0 .\n")
    mentions = mentions_in_order(text, [("Dutch", "NORP"), ("Sunday", "DATE"), ("Ajax Amsterdam", "ORG"),
                                        ("NAC Breda", "ORG"), ("Roda JC Kerkrade", "PERSON"),
                                        ("Gerald Sibon 12th", "ORG"), ("Eric", "PERSON"), ("Fortuna Sittard", "PERSON")])
    lines = table_lines(text, text)
    assert len(lines) == 2  # the particles of "van der Luer" are no ordinary words
    outside = "Spain 2 , Italy 1 , France 0 ,"
    assert scorers_in_brackets(outside, outside, [], [(0, len(outside))]) == []  # sides, not scorers
    out = relabel_table_names(text, text, mentions, lines, is_country=lambda n: False)
    out = scorers_in_brackets(text, text, out, lines)
    # "Halftime 1-0" is no team the model missed
    assert labels_of(text, out) == [("Dutch", "NORP"), ("Sunday", "DATE"), ("Ajax Amsterdam", "ORG"),
                                    ("Arnold Scholten", "PERSON"), ("NAC Breda", "ORG"),
                                    ("Roda JC Kerkrade", "ORG"), ("Gerald Sibon", "PERSON"),
                                    ("Eric van der Luer", "PERSON"), ("Fortuna Sittard", "ORG")]
