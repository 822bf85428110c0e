"""Storms named like people (services/tag/storms.py)."""
from __future__ import annotations

from services.tag.consistency import Mention
from services.tag.storms import relabel_storms, storm_names


def _mention(text: str, form: str, label: str, position: int = 0) -> Mention:
    start = text.index(form, position)
    return Mention(start, start + len(form), label, form, form)


def test_a_storm_the_article_names_is_an_event_not_a_person_or_organisation():
    text = ("Hurricane Rita threatened Texas. The US National Hurricane Center said Rita was dangerous. "
            "Rita Ora sang. Sandy said so.")
    mentions = [_mention(text, "Hurricane Rita", "ORG"), _mention(text, "Texas", "GPE"),
                _mention(text, "US National Hurricane Center", "ORG"), _mention(text, "Rita", "PERSON", 60),
                _mention(text, "Rita Ora", "PERSON"), _mention(text, "Sandy", "PERSON")]
    relabel_storms(text, mentions)
    # "Center" is not a storm (a capitalised word before "Hurricane"); "Rita Ora" is a full
    # name, not the storm; Sandy is named as no storm here.
    assert [m.label for m in mentions] == ["EVENT", "GPE", "ORG", "EVENT", "PERSON", "PERSON"]
    assert mentions[0].decided and mentions[3].decided


def test_storm_words_inside_other_names_name_no_storm():
    assert storm_names("The Carolina Hurricanes won. Tropical Storm Debby and Typhoon Haiyan.") == {"Debby", "Haiyan"}
    assert storm_names("The National Hurricane Center warned.") == set()
