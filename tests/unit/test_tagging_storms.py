"""Storms named like people (services/tag/storms.py)."""
from __future__ import annotations

from services.tag.storms import relabel_storms, storm_names
from tests.unit.mentions import mention_at


def test_a_storm_the_article_names_is_an_event_not_a_person_or_organisation():
    text = ("Hurricane Rita threatened Texas. The US National Hurricane Center said Rita was dangerous. "
            "Rita Ora sang. Sandy said so.")
    mentions = [mention_at(text, "Hurricane Rita", "ORG"), mention_at(text, "Texas", "GPE"),
                mention_at(text, "US National Hurricane Center", "ORG"), mention_at(text, "Rita", "PERSON", after=60),
                mention_at(text, "Rita Ora", "PERSON"), mention_at(text, "Sandy", "PERSON")]
    relabel_storms(text, mentions)
    # "Center" is not a storm (a capitalised word before "Hurricane"); "Rita Ora" is a full
    # name, not the storm; Sandy is named as no storm here.
    assert [m.label for m in mentions] == ["EVENT", "GPE", "ORG", "EVENT", "PERSON", "PERSON"]
    assert mentions[0].decided and mentions[3].decided


def test_storm_words_inside_other_names_name_no_storm():
    assert storm_names("The Carolina Hurricanes won. Tropical Storm Debby and Typhoon Haiyan.") == {"Debby", "Haiyan"}
    assert storm_names("The National Hurricane Center warned.") == set()
