"""Plain text: a list that the end of the article announces with a colon ("The areas are:") is
the article's, though its items are short lines that score as menu entries would. Invented text
throughout."""
from __future__ import annotations

from services.clean.cleaner import clean_text

STORY = [
    "The transport ministry said on Tuesday that it would pay for new night bus routes in six regions next year.",
    "Officials said the routes were chosen where late-shift workers now depend on taxis or on lifts from friends.",
    "Operators will be asked to bid for each route, and the first buses are expected to run from the spring.",
]
ANNOUNCE = "The regions chosen for the first routes are:"
ITEMS = ["Northfield, with 14 stops", "Lower Valley (two routes)", "Eastport and its harbour, from May",
         "Kellin: 3 routes, 22 stops", "the old mill towns, west of the river"]
MENU = ["Home", "News", "Sport", "Contact Us"]


def clean(lines: list[str], language: str | None = None) -> tuple[list[str], dict[str, str]]:
    result = clean_text("\n".join(lines), language=language)
    return result.text.splitlines(), {r.text: r.rule for r in result.removed}


def test_the_items_a_colon_announces_stay_and_the_menu_after_them_goes():
    kept, removed = clean([*MENU, *STORY, ANNOUNCE, *ITEMS, *MENU])
    assert kept == [*STORY, ANNOUNCE, *ITEMS]
    assert removed["Home"] == "repeated_line"  # the second menu is still judged outside the article


def test_without_the_announcing_line_the_short_lines_stay_outside():
    kept, _ = clean([*MENU, *STORY, *ITEMS, *MENU])
    assert kept == STORY


def test_the_list_ends_at_the_first_line_that_reads_as_a_menu_entry():
    # "Eastport Harbour District" has no digit, no punctuation, no lower-case start
    items = ["Northfield, with 14 stops", "Eastport Harbour District", "Kellin: 3 routes, 22 stops"]
    kept, _ = clean([*STORY, ANNOUNCE, *items, "Weather"])
    assert kept == [*STORY, ANNOUNCE, items[0]]


def test_a_forms_labels_announce_nothing():
    form = ["Send this story to a friend:", "Your name:", "Their email (required):", "Message:"]
    kept, _ = clean([*STORY, *form, "Sent on 3 March"])
    assert kept == STORY


def test_a_list_may_be_announced_by_the_line_after_the_article():
    kept, _ = clean([*STORY, "Routes:", *ITEMS, *MENU])
    assert kept == [*STORY, "Routes:", *ITEMS]


def test_a_section_header_or_boilerplate_ends_the_list():
    kept, removed = clean([*STORY, ANNOUNCE, *ITEMS[:2], "Related stories", "Bus fares rise by 5% in April"])
    assert kept == [*STORY, ANNOUNCE, *ITEMS[:2]]
    assert removed["Related stories"] == "section_header"


def test_lists_are_told_by_structure_in_every_language():
    story = ["Le ministère des transports a annoncé mardi qu'il financera de nouvelles lignes de bus de nuit.",
             "Les lignes ont été choisies là où les travailleurs de nuit dépendent aujourd'hui des taxis.",
             "Les exploitants seront invités à répondre à un appel d'offres pour chaque ligne dès le printemps."]
    items = ["Lille, 14 arrêts", "Rouen (deux lignes)", "Brest : 3 lignes, 22 arrêts"]
    kept, _ = clean(["Accueil", "Sport", *story, "Les régions choisies sont :", *items, "Accueil", "Sport"],
                    language="fr")
    assert kept == [*story, "Les régions choisies sont :", *items]


def test_a_list_may_be_announced_by_the_articles_own_last_paragraph():
    announcing = ("The ministry said the money would come from the regional transport budget, and that the "
                  "regions had been chosen after a survey of late-shift workers last winter, which found them here:")
    kept, _ = clean([*MENU, *STORY, announcing, *ITEMS, *MENU])
    assert kept == [*STORY, announcing, *ITEMS]
