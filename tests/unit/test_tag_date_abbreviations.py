"""Short month and weekday names the model reads as names are dates (services/tag/spans.py;
issue 15, seventh round). Invented sentences."""
from __future__ import annotations

from services.tag.consistency import Mention
from services.tag.spans import relabel_date_abbreviations, whole_iso_dates


def _labels(text: str, forms: list[tuple[str, str]]) -> list[str]:
    mentions = []
    for form, label in forms:
        start = text.index(form)
        mentions.append(Mention(start, start + len(form), label, form, form))
    relabel_date_abbreviations(text, mentions)
    return [m.label for m in mentions]


def test_a_short_month_with_a_day_is_a_date():
    text = "by Dana Quill - Nov 9, 2026 5:15 pm\nby Ola Brenn - Sept. 14, 2026"
    assert _labels(text, [("Nov 9", "PERSON"), ("Sept.", "ORG")]) == ["DATE", "DATE"]


def test_weekdays_in_a_list_are_dates():
    text = "The games will be on Fri, Sat, or Sun next week."
    assert _labels(text, [("Fri, Sat", "ORG"), ("Sun", "ORG")]) == ["DATE", "DATE"]


def test_the_same_words_alone_stay_names():
    text = "The Sun reported it, Jan Kowal said, and Mar is the town's river. Nov 12:30 is no day."
    assert _labels(text, [("Sun", "ORG"), ("Jan Kowal", "PERSON"), ("Mar", "GPE"), ("Nov", "ORG")]) == \
        ["ORG", "PERSON", "GPE", "ORG"]


def test_an_iso_date_is_one_date_whole():
    text = "MUNICH 1996-08-24\nPlayed 1996-08-23 and on 1996-08-22 Saturday; Route 2024-13-45 and ISBN 2024-01-02-7."
    mentions = []
    for form, label in [("MUNICH", "GPE"), ("1996-08", "DATE"), ("1996-08-22 Saturday", "DATE")]:
        start = text.index(form)
        mentions.append(Mention(start, start + len(form), label, form, form))
    out = whole_iso_dates(text, text, mentions)
    # the cut one made whole, the untagged one added, the longer date and the non-dates left alone
    assert [(m.form, m.label) for m in out] == [("MUNICH", "GPE"), ("1996-08-24", "DATE"), ("1996-08-23", "DATE"),
                                               ("1996-08-22 Saturday", "DATE")]
