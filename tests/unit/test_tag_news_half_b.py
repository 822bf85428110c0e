"""Rules read on the news dev set's half B (docs/tagging.md, fourth round): offices and bylines
at a person's edges, storms named after a sentence's first word, and more."""
from __future__ import annotations

from services.tag.consistency import Mention
from services.tag.spans import cut_offices_and_jobs
from services.tag.storms import storm_names


def _mention(text: str, surface: str, label: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), label, surface, surface)


def _labels(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.label) for m in mentions]


def test_an_office_before_a_name_and_a_byline_job_after_it_are_cut_off():
    text = ("by Richard Mitchell Writer RSS on Nov 1st\n"
            "said former state Treasurer David Rousseau and Coach Ann Lee.")
    mentions = [_mention(text, "Richard Mitchell Writer", "PERSON"), _mention(text, "Writer", "PERSON"),
                _mention(text, "Treasurer David Rousseau", "PERSON"), _mention(text, "Coach Ann Lee", "PERSON")]
    assert _labels(text, cut_offices_and_jobs(mentions)) == [
        ("Richard Mitchell", "PERSON"), ("David Rousseau", "PERSON"), ("Ann Lee", "PERSON")]


def test_names_that_would_be_left_with_one_word_or_are_no_person_keep_their_words():
    text = "President Obama met Jane Writer and the Treasurer Department Office."
    mentions = [_mention(text, "President Obama", "PERSON"), _mention(text, "Jane Writer", "PERSON"),
                _mention(text, "Treasurer Department Office", "ORG")]
    assert _labels(text, cut_offices_and_jobs(mentions)) == [
        ("President Obama", "PERSON"), ("Jane Writer", "PERSON"), ("Treasurer Department Office", "ORG")]


def test_a_storm_after_a_sentences_first_function_word_is_named():
    assert storm_names("When Hurricane Irene hit New Jersey. After Typhoon Haiyan passed.") == {"Irene", "Haiyan"}
    assert storm_names("The US National Hurricane Center and Carolina Hurricanes.") == set()
