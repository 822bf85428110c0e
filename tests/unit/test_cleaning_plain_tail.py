"""Plain text: a page that ends without the site's furniture (no footer, no section header, no
row of links) ends in the document's own short lines, a table flattened to a line per cell or
its references, and they go with the article. Invented text throughout."""
from __future__ import annotations

from services.clean.cleaner import clean_text

MENU = ["Home", "Research", "Staff", "Contact Us"]
STUDY = [
    "Two groups of captive otters were observed for six weeks with a video camera and a field notebook.",
    "Each animal was recorded while feeding, resting and playing, and every call was timed by hand.",
    "The table below lists the animals of the first group with their dates of birth and their ages.",
]
# a table flattened to a line per cell; its cells repeat ("years", "Pool A")
TABLE = ["Name", "Born (d/m/y)", "Age, years", "Weight (kg)", "Pool",
         "Rika", "11/03/2015", "8", "12.4", "Pool A",
         "Tomo", "02/07/2018", "5", "10.9", "Pool A",
         "Ilse", "24/12/2019", "3", "9.6", "Pool B"]


def clean(lines: list[str], language: str | None = None) -> tuple[list[str], dict[str, str]]:
    result = clean_text("\n".join(lines), language=language)
    return result.text.splitlines(), {r.text: r.rule for r in result.removed}


def test_a_table_that_ends_the_page_stays_with_its_repeated_cells():
    kept, _ = clean([*MENU, *STUDY, *TABLE])
    assert kept == [*STUDY, *TABLE]


def test_without_it_the_table_goes_as_it_did():
    # a footer's rights line under the table: the page is a site's, and its short lines are judged
    # as ever (the repeated cells as repeats)
    kept, removed = clean([*MENU, *STUDY, *TABLE, "© 2024 Otter Trust. All rights reserved."])
    assert kept == STUDY
    assert removed["Rika"] == "after_main_text"
    assert removed["Pool A"] == "repeated_line"


def test_a_section_header_in_the_tail_keeps_it_out():
    kept, removed = clean([*MENU, *STUDY, "Related Articles", *TABLE])
    assert kept == STUDY
    assert removed["Related Articles"] == "section_header"


def test_the_sites_menu_printed_again_under_the_document_stays_out():
    kept, _ = clean([*MENU, *STUDY, *TABLE, *MENU])
    assert kept == STUDY


def test_menu_entries_ending_the_page_stay_out():
    # most lines read as menu entries (no digit, punctuation, lower-case start or sentence)
    links = ["Otter Trust", "Annual Reports", "Volunteer Days", "Donate Now", "Pool A"]
    kept, _ = clean([*STUDY, *links])
    assert kept == STUDY


def test_the_tail_is_told_by_structure_in_every_language():
    etude = ["Deux groupes de loutres en captivité ont été observés pendant six semaines avec une caméra.",
             "Chaque animal a été suivi pendant ses repas, son repos et ses jeux, et chaque cri a été chronométré.",
             "Le tableau ci-dessous donne les animaux du premier groupe avec leur date de naissance."]
    kept, _ = clean(["Accueil", "Recherche", *etude, *TABLE], language="fr")
    assert kept == [*etude, *TABLE]
