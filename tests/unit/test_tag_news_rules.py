"""Rules read on real news (the news dev set, docs/tagging.md): quoted titles and more."""
from __future__ import annotations

from services.tag.consistency import Mention
from services.tag.titles import quoted_titles


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
