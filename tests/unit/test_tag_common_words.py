"""Common words the model took for names are dropped (services/tag/common_words.py; issue 15,
seventh round). Invented sentences and an invented word table."""
from __future__ import annotations

import pytest

from services.tag.common_words import drop_common_words, opens_sentence
from services.tag.consistency import Mention
from services.tag.word_case import WordCase

# Most probable form first, as in spaCy's table: these words are usually lower case in English...
TABLE = """{
  "giggles":-9.0, "Giggles":-10.0,
  "sooo":-9.5,
  "lolz":-9.6, "LOLZ":-11.0,
  "harmony":-9.7,
  "drizzle":-9.8, "Drizzle":-12.0,
  "sec":-9.9,
  "ena":-10.2,
  "bramble":-10.3,
  "reading":-10.4,
  "Quorvel":-10.5,
  "RFP":-10.6
}"""


@pytest.fixture(scope="module")
def words() -> WordCase:
    return WordCase.from_table(TABLE)


def _mention(text: str, form: str, label: str = "ORG", nth: int = 0, original: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    end = start + len(form)
    return Mention(start, end, label, (original or text)[start:end], form)


def _kept(text, mentions, words, places=(), original=None):
    return [m.form for m in drop_common_words(text, mentions, words, lambda name: name in places)]


def test_a_common_word_opening_a_sentence_is_no_name(words):
    text = "The minister spoke for an hour.\n(Giggles.)\nSooo, that was it. Bramble hedges line the road."
    mentions = [_mention(text, "Giggles", "PERSON"), _mention(text, "Sooo", "PERSON"), _mention(text, "Bramble")]
    assert _kept(text, mentions, words) == []


def test_a_lower_case_word_and_a_long_word_in_capitals_are_no_names(words):
    text = "Workers marched in harmony with the union, LOLZ. The engine ran for 20 sec at full power."
    mentions = [_mention(text, "harmony"), _mention(text, "LOLZ"), _mention(text, "sec")]
    assert _kept(text, mentions, words) == []


def test_a_word_the_article_writes_as_a_name_elsewhere_is_kept(words):
    text = "Drizzle reported record sales. Analysts said Drizzle would expand. Giggles opened in May."
    mentions = [_mention(text, "Drizzle"), _mention(text, "Drizzle", nth=1), _mention(text, "Giggles")]
    assert _kept(text, mentions, words) == ["Drizzle", "Drizzle"]


def test_short_acronyms_rare_words_and_usual_names_are_kept(words):
    # "ENA" is "ena" in the table, but three letters in capitals are an acronym as often;
    # "Quorvel" is usually capitalised, "Zembra" is not in the table at all, "RFP" is usually
    # in capitals.
    text = "It was ENA that bid. Quorvel agreed. Zembra left. The RFP was late."
    mentions = [_mention(text, "ENA"), _mention(text, "Quorvel"), _mention(text, "Zembra"), _mention(text, "RFP")]
    assert _kept(text, mentions, words) == ["ENA", "Quorvel", "Zembra", "RFP"]


def test_a_known_place_a_decided_mention_and_a_re_cased_word_are_kept(words):
    text = "Reading won the cup. Giggles said so.\nharmony pact signed"
    reading, giggles = _mention(text, "Reading"), _mention(text, "Giggles")
    giggles.decided = True
    # On a shouted line ("HARMONY PACT SIGNED") the lower case is case restoration's guess.
    harmony = _mention(text, "harmony", original=text.replace("harmony pact signed", "HARMONY PACT SIGNED"))
    assert _kept(text, [reading, giggles, harmony], words, places={"Reading"}) == ["Reading", "Giggles", "harmony"]


def test_a_word_after_a_title_or_an_initial_does_not_open_a_sentence():
    text = "Talks with Ms. Bramble and the U.S. Drizzle team. It ended. Giggles: Yes"
    assert not opens_sentence(text, text.index("Bramble"))
    assert not opens_sentence(text, text.index("Drizzle"))
    assert opens_sentence(text, text.index("Giggles"))
    assert opens_sentence(text, text.index("Yes"))
    assert opens_sentence(text, 0)


def test_a_phrase_of_common_words_typed_in_lower_case_is_no_name(words):
    # "quorvel" is usually capitalised, so "quorvel harmony" may be a name typed carelessly.
    text = "we went for a giggles sooo night, then quorvel harmony"
    mentions = [_mention(text, "giggles sooo", "PERSON"), _mention(text, "quorvel harmony", "GPE")]
    assert _kept(text, mentions, words) == ["quorvel harmony"]


def test_dates_and_times_are_not_names_to_drop(words):
    text = "Sooo, the giggles sooo lasted all day."
    mentions = [_mention(text, "Sooo", "DATE"), _mention(text, "giggles sooo", "TIME")]
    assert _kept(text, mentions, words) == ["Sooo", "giggles sooo"]
