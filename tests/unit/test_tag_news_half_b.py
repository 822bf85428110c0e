"""Rules read on the news dev set's half B (docs/tagging.md, fourth round): offices and bylines
at a person's edges, storms named after a sentence's first word, players and their clubs,
competitions, works named after their kind."""
from __future__ import annotations

from services.tag.places import extend_to_countries
from services.tag.spans import cut_offices_and_jobs, cut_trailing_common_words
from services.tag.sport import competitions, players_and_clubs
from services.tag.storms import relabel_storms, storm_names
from services.tag.titles import works_after_a_kind
from tests.unit.mentions import labels_of, mention_at


def test_an_office_before_a_name_and_a_byline_job_after_it_are_cut_off():
    text = ("by Richard Mitchell Writer RSS on Nov 1st\n"
            "said former state Treasurer David Rousseau and Coach Ann Lee.")
    mentions = [mention_at(text, "Richard Mitchell Writer", "PERSON"), mention_at(text, "Writer", "PERSON"),
                mention_at(text, "Treasurer David Rousseau", "PERSON"), mention_at(text, "Coach Ann Lee", "PERSON")]
    assert labels_of(text, cut_offices_and_jobs(mentions)) == [
        ("Richard Mitchell", "PERSON"), ("David Rousseau", "PERSON"), ("Ann Lee", "PERSON")]


def test_names_that_would_be_left_with_one_word_or_are_no_person_keep_their_words():
    text = "President Obama met Jane Writer and the Treasurer Department Office."
    mentions = [mention_at(text, "President Obama", "PERSON"), mention_at(text, "Jane Writer", "PERSON"),
                mention_at(text, "Treasurer Department Office", "ORG")]
    assert labels_of(text, cut_offices_and_jobs(mentions)) == [
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
    mentions = [mention_at(text, "Jem Karacan", "PERSON"), mention_at(text, "Ivan Tsvetkov", "PERSON"),
                mention_at(text, "Marquinhos", "ORG"), mention_at(text, "Liverpool", "GPE"),
                mention_at(text, "England", "GPE"), mention_at(text, "Changchun Yatai", "PERSON")]
    result = sorted(players_and_clubs(text, text, mentions, _is_country, _is_place), key=lambda m: m.start)
    assert labels_of(text, result) == [
        ("Reading", "ORG"), ("Jem Karacan", "PERSON"), ("Botev Plovdiv", "ORG"), ("Ivan Tsvetkov", "PERSON"),
        ("Marquinhos", "PERSON"), ("Liverpool", "ORG"), ("England", "GPE"), ("Changchun Yatai", "ORG")]
    assert all(m.decided for m in result if m.label == "ORG")


def test_roles_are_not_read_outside_sport_nor_after_a_word_that_is_no_place():
    office = "Reading manager Ann Lee opened the branch.\nLiverpool manager Ann Lee said sales rose."
    mentions = [mention_at(office, "Liverpool", "GPE")]
    assert labels_of(office, players_and_clubs(office, office, mentions, _is_country, _is_place)) == [
        ("Liverpool", "GPE")]
    sport = "Veteran midfielder Ann Lee scored twice in the 2-1 win."
    assert players_and_clubs(sport, sport, [], _is_country, _is_place) == []


def test_a_name_ending_in_a_competition_word_is_an_event():
    text = "the World Junior A Hockey Challenge, the Ryder Cup, the Europa League and Cup."
    mentions = [mention_at(text, "World Junior A Hockey Challenge", "ORG"), mention_at(text, "Ryder Cup", "PERSON"),
                mention_at(text, "Europa League", "ORG"), mention_at(text, "Cup", "ORG", 1)]
    assert labels_of(text, competitions(mentions)) == [
        ("World Junior A Hockey Challenge", "EVENT"), ("Ryder Cup", "EVENT"), ("Europa League", "ORG"),
        ("Cup", "ORG")]


def test_a_name_after_a_kind_of_work_is_the_work():
    text = ("the PC and Mac game Montas; the 1960s series Topsy & Tim; a book Obama wrote; "
            "In this movie Google and Amazon merge.")
    mentions = [mention_at(text, "Montas", "ORG"), mention_at(text, "Topsy & Tim", "ORG"),
                mention_at(text, "Obama", "PERSON"), mention_at(text, "Google", "ORG")]
    assert labels_of(text, works_after_a_kind(text, mentions)) == [
        ("Montas", "WORK_OF_ART"), ("Topsy & Tim", "WORK_OF_ART"), ("Obama", "PERSON"), ("Google", "ORG")]


def test_common_words_the_model_ran_into_are_cut_off_a_names_end():
    text = "approved by the OHL board of governors; OHL hockey; the CGI Peter Rabbit series; Hancock s; tampa bay."
    mentions = [mention_at(text, "OHL board of governors", "ORG"), mention_at(text, "OHL hockey", "ORG"),
                mention_at(text, "Peter Rabbit series", "PERSON"), mention_at(text, "Hancock s", "ORG"),
                mention_at(text, "tampa bay", "GPE")]
    assert labels_of(text, cut_trailing_common_words(mentions)) == [
        ("OHL", "ORG"), ("OHL", "ORG"), ("Peter Rabbit", "PERSON"), ("Hancock s", "ORG"), ("tampa bay", "GPE")]


def test_a_work_keeps_its_sentence_case_words():
    text = "the book Eat, pray, love"
    mentions = [mention_at(text, "Eat, pray, love", "WORK_OF_ART")]
    assert labels_of(text, cut_trailing_common_words(mentions)) == [("Eat, pray, love", "WORK_OF_ART")]


def test_events_and_names_that_would_end_in_a_common_word_keep_their_words():
    text = "the Iraq war; Pasta e fagioli."
    mentions = [mention_at(text, "Iraq war", "EVENT"), mention_at(text, "Pasta e fagioli", "PERSON")]
    assert labels_of(text, cut_trailing_common_words(mentions)) == [("Iraq war", "EVENT"), ("Pasta e fagioli", "PERSON")]


def test_a_storms_name_read_without_its_storm_word_takes_it():
    text = "When Hurricane Irene hit New Jersey, Irene cut power."
    mentions = [mention_at(text, "Irene", "PERSON"), mention_at(text, "Irene", "PERSON", 1)]
    assert labels_of(text, relabel_storms(text, mentions, text)) == [("Hurricane Irene", "EVENT"), ("Irene", "EVENT")]


def test_a_park_before_a_coach_is_no_club():
    text = "With the help of the Central Park coach Tony Ruiz I ran the marathon in a 2-1 split."
    mentions = [mention_at(text, "Central Park", "LOC")]
    assert labels_of(text, players_and_clubs(text, text, mentions, _is_country, _is_place)) == [("Central Park", "LOC")]


def test_a_name_cut_short_of_a_country_takes_the_countrys_next_words():
    text = "Russia cruised past the Czech Republic 6-1; the Czech Team and Dominican Republic Day."
    mentions = [mention_at(text, "Czech", "NORP"), mention_at(text, "Czech", "NORP", 1),
                mention_at(text, "Dominican", "NORP"), mention_at(text, "Republic Day", "EVENT")]
    countries = {"Czech Republic", "Dominican Republic"}
    assert labels_of(text, extend_to_countries(text, text, mentions, countries.__contains__)) == [
        ("Czech Republic", "GPE"), ("Czech", "NORP"), ("Dominican", "NORP"), ("Republic Day", "EVENT")]


def test_a_grand_prix_and_a_marathon_are_events():
    text = "the Berlin Grand Prix and the Boston Marathon"
    mentions = [mention_at(text, "Berlin Grand Prix", "FAC"), mention_at(text, "Boston Marathon", "ORG")]
    assert labels_of(text, competitions(mentions)) == [("Berlin Grand Prix", "EVENT"), ("Boston Marathon", "EVENT")]


def test_a_name_before_a_country_in_brackets_and_figures_is_an_athlete():
    from services.tag.sport import athletes_with_a_country

    text = ("1. Ludmila Engquist ( Sweden ) 12.60 seconds\n2. Brigita Bukovec (Slovenia) 12.74\n"
            "Deutsche Telekom ( Germany ) said. Real Madrid ( Spain ) 1\nSan Jose ( Costa Rica ) 3\nAjax ( Netherlands ) 2")
    mentions = [mention_at(text, "Ludmila Engquist", "ORG"), mention_at(text, "Brigita Bukovec", "FAC"),
                mention_at(text, "Deutsche Telekom", "ORG"), mention_at(text, "Real Madrid", "ORG"),
                mention_at(text, "San Jose", "GPE"), mention_at(text, "Ajax", "ORG")]
    mentions[3].decided = True  # the club prefix rule's
    out = athletes_with_a_country(text, mentions, is_country=lambda n: n in {"Sweden", "Slovenia", "Germany",
                                                                             "Spain", "Costa Rica", "Netherlands"})
    # No figures after the company's country; a decided club, a place and a one-word club stay.
    assert labels_of(text, out) == [("Ludmila Engquist", "PERSON"), ("Brigita Bukovec", "PERSON"),
                                    ("Deutsche Telekom", "ORG"), ("Real Madrid", "ORG"), ("San Jose", "GPE"),
                                    ("Ajax", "ORG")]
