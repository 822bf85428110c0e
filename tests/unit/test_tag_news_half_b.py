"""Rules read on the news dev set's half B (docs/tagging.md, fourth round): offices and bylines
at a person's edges, storms named after a sentence's first word, players and their clubs,
competitions, works named after their kind."""
from __future__ import annotations

from services.tag.consistency import Mention
from services.tag.places import extend_to_countries
from services.tag.spans import cut_offices_and_jobs, cut_trailing_common_words
from services.tag.sport import competitions, players_and_clubs
from services.tag.storms import relabel_storms, storm_names
from services.tag.titles import works_after_a_kind


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


def _is_country(name: str) -> bool:
    return name in {"England", "Bulgaria"}


def _is_place(name: str) -> bool:
    return name in {"England", "Bulgaria", "Reading", "Plovdiv", "Liverpool"}


def test_a_name_before_a_players_role_is_the_club_and_after_it_the_player():
    text = ("Reading midfielder Jem Karacan is out after the 1-0 defeat.\n"
            "Botev Plovdiv striker Ivan Tsvetkov and Brazilian-born midfielder Marquinhos return.\n"
            "Liverpool manager Brendan Rodgers, England striker Wayne Rooney and Chinese club Changchun Yatai.")
    mentions = [_mention(text, "Jem Karacan", "PERSON"), _mention(text, "Ivan Tsvetkov", "PERSON"),
                _mention(text, "Marquinhos", "ORG"), _mention(text, "Liverpool", "GPE"),
                _mention(text, "England", "GPE"), _mention(text, "Changchun Yatai", "PERSON")]
    result = sorted(players_and_clubs(text, text, mentions, _is_country, _is_place), key=lambda m: m.start)
    assert _labels(text, result) == [
        ("Reading", "ORG"), ("Jem Karacan", "PERSON"), ("Botev Plovdiv", "ORG"), ("Ivan Tsvetkov", "PERSON"),
        ("Marquinhos", "PERSON"), ("Liverpool", "ORG"), ("England", "GPE"), ("Changchun Yatai", "ORG")]
    assert all(m.decided for m in result if m.label == "ORG")


def test_roles_are_not_read_outside_sport_nor_after_a_word_that_is_no_place():
    office = "Reading manager Ann Lee opened the branch.\nLiverpool manager Ann Lee said sales rose."
    mentions = [_mention(office, "Liverpool", "GPE")]
    assert _labels(office, players_and_clubs(office, office, mentions, _is_country, _is_place)) == [
        ("Liverpool", "GPE")]
    sport = "Veteran midfielder Ann Lee scored twice in the 2-1 win."
    assert players_and_clubs(sport, sport, [], _is_country, _is_place) == []


def test_a_name_ending_in_a_competition_word_is_an_event():
    text = "the World Junior A Hockey Challenge, the Ryder Cup, the Europa League and Cup."
    mentions = [_mention(text, "World Junior A Hockey Challenge", "ORG"), _mention(text, "Ryder Cup", "PERSON"),
                _mention(text, "Europa League", "ORG"), _mention(text, "Cup", "ORG", 1)]
    assert _labels(text, competitions(mentions)) == [
        ("World Junior A Hockey Challenge", "EVENT"), ("Ryder Cup", "EVENT"), ("Europa League", "ORG"),
        ("Cup", "ORG")]


def test_a_name_after_a_kind_of_work_is_the_work():
    text = ("the PC and Mac game Montas; the 1960s series Topsy & Tim; a book Obama wrote; "
            "In this movie Google and Amazon merge.")
    mentions = [_mention(text, "Montas", "ORG"), _mention(text, "Topsy & Tim", "ORG"),
                _mention(text, "Obama", "PERSON"), _mention(text, "Google", "ORG")]
    assert _labels(text, works_after_a_kind(text, mentions)) == [
        ("Montas", "WORK_OF_ART"), ("Topsy & Tim", "WORK_OF_ART"), ("Obama", "PERSON"), ("Google", "ORG")]


def test_common_words_the_model_ran_into_are_cut_off_a_names_end():
    text = "approved by the OHL board of governors; OHL hockey; the CGI Peter Rabbit series; Hancock s; tampa bay."
    mentions = [_mention(text, "OHL board of governors", "ORG"), _mention(text, "OHL hockey", "ORG"),
                _mention(text, "Peter Rabbit series", "PERSON"), _mention(text, "Hancock s", "ORG"),
                _mention(text, "tampa bay", "GPE")]
    assert _labels(text, cut_trailing_common_words(mentions)) == [
        ("OHL", "ORG"), ("OHL", "ORG"), ("Peter Rabbit", "PERSON"), ("Hancock s", "ORG"), ("tampa bay", "GPE")]


def test_a_work_keeps_its_sentence_case_words():
    text = "the book Eat, pray, love"
    mentions = [_mention(text, "Eat, pray, love", "WORK_OF_ART")]
    assert _labels(text, cut_trailing_common_words(mentions)) == [("Eat, pray, love", "WORK_OF_ART")]


def test_events_and_names_that_would_end_in_a_common_word_keep_their_words():
    text = "the Iraq war; Pasta e fagioli."
    mentions = [_mention(text, "Iraq war", "EVENT"), _mention(text, "Pasta e fagioli", "PERSON")]
    assert _labels(text, cut_trailing_common_words(mentions)) == [("Iraq war", "EVENT"), ("Pasta e fagioli", "PERSON")]


def test_a_storms_name_read_without_its_storm_word_takes_it():
    text = "When Hurricane Irene hit New Jersey, Irene cut power."
    mentions = [_mention(text, "Irene", "PERSON"), _mention(text, "Irene", "PERSON", 1)]
    assert _labels(text, relabel_storms(text, mentions, text)) == [("Hurricane Irene", "EVENT"), ("Irene", "EVENT")]


def test_a_park_before_a_coach_is_no_club():
    text = "With the help of the Central Park coach Tony Ruiz I ran the marathon in a 2-1 split."
    mentions = [_mention(text, "Central Park", "LOC")]
    assert _labels(text, players_and_clubs(text, text, mentions, _is_country, _is_place)) == [("Central Park", "LOC")]


def test_a_name_cut_short_of_a_country_takes_the_countrys_next_words():
    text = "Russia cruised past the Czech Republic 6-1; the Czech Team and Dominican Republic Day."
    mentions = [_mention(text, "Czech", "NORP"), _mention(text, "Czech", "NORP", 1),
                _mention(text, "Dominican", "NORP"), _mention(text, "Republic Day", "EVENT")]
    countries = {"Czech Republic", "Dominican Republic"}
    assert _labels(text, extend_to_countries(text, text, mentions, countries.__contains__)) == [
        ("Czech Republic", "GPE"), ("Czech", "NORP"), ("Dominican", "NORP"), ("Republic Day", "EVENT")]
