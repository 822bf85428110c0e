"""The tag service's logic: seed entities, in-article consistency, the KB, shouted lines, bad input."""
from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pytest

from services.tag import consistency
from services.tag.casing import CaseRestorer, is_shouted
from services.tag.consistency import Mention
from services.tag.jsonl import run_jsonl
from services.tag.kb import KBEntry, KnowledgeBase
from services.tag.tagger import CHUNK_CHARS, Tagger, split_text
from tests.support import SEED as SEED_DIR

SEED = json.loads((SEED_DIR / "expected.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(kb=KnowledgeBase.starter())


@pytest.fixture(scope="module")
def seed_result(tagger):
    return tagger.tag(SEED["clean_text"])


def _by_text(result, text):
    return [e for e in result.entities if e.text == text]


# --- the seed article -------------------------------------------------------------------------

@pytest.mark.parametrize("required", SEED["entities_required"], ids=lambda r: r["text"])
def test_seed_required_entities_found_with_label_and_canonical(seed_result, required):
    found = _by_text(seed_result, required["text"])
    assert found, f"{required['text']!r} not tagged"
    assert any(e.label in required["labels"] for e in found), [e.label for e in found]
    if "canonical" in required:
        assert all(e.canonical == required["canonical"] for e in found)


def test_seed_offsets_point_into_clean_text(seed_result):
    text = SEED["clean_text"]
    for entity in seed_result.entities:
        assert text[entity.start:entity.end] == entity.text


def test_seed_no_entity_from_boilerplate(seed_result):
    for entity in seed_result.entities:
        for forbidden in SEED["entities_forbidden_from_boilerplate"]:
            assert forbidden not in entity.text and forbidden != entity.canonical


def test_seed_summary_counts_mentions(seed_result):
    summary = {(s.canonical, s.label): s.mentions for s in seed_result.summary}
    putin = [e for e in seed_result.entities if e.canonical == "Putin" and e.label == "PERSON"]
    assert summary[("Putin", "PERSON")] == len(putin) == SEED["clean_text"].count("Putin")
    assert summary[("Volodymyr Zelensky", "PERSON")] == 2
    assert sum(summary.values()) == len(seed_result.entities)


# --- consistency ------------------------------------------------------------------------------

def test_later_partial_mention_resolves_to_full_name(tagger):
    text = ("Ukrainian President Volodymyr Zelensky met aides on Monday.\n"
            "Later, Zelensky told reporters the talks went well, and Zelensky left for Kyiv.")
    result = tagger.tag(text)
    zelensky = [e for e in result.entities if "Zelensky" in e.text]
    assert len(zelensky) == 3
    assert {e.canonical for e in zelensky} == {"Volodymyr Zelensky"}
    assert {e.label for e in zelensky} == {"PERSON"}
    assert [(s.canonical, s.mentions) for s in result.summary if s.label == "PERSON"] == [("Volodymyr Zelensky", 3)]


def _m(start, label, form):
    return Mention(start, start + len(form), label, form, form)


def test_partial_name_takes_nearest_earlier_full_name_when_ambiguous():
    mentions = [_m(0, "PERSON", "John Smith"), _m(20, "PERSON", "Smith"),
                _m(40, "PERSON", "Jane Smith"), _m(60, "PERSON", "Smith")]
    consistency.resolve_canonicals(mentions)
    assert [m.canonical for m in mentions] == ["John Smith", "John Smith", "Jane Smith", "Jane Smith"]


def test_acronym_and_determiner_resolve_to_organisation_name():
    mentions = [_m(0, "ORG", "the Shanghai Cooperation Organization"), _m(50, "ORG", "SCO")]
    consistency.resolve_canonicals(mentions)
    assert [m.canonical for m in mentions] == ["Shanghai Cooperation Organization"] * 2


def test_same_surface_gets_majority_label_and_surname_becomes_person():
    mentions = [_m(0, "GPE", "Washington"), _m(20, "ORG", "Washington"), _m(40, "GPE", "Washington"),
                _m(60, "PERSON", "Olena Kovalenko"), _m(90, "ORG", "Kovalenko")]
    consistency.unify_labels(mentions)
    assert [m.label for m in mentions] == ["GPE", "GPE", "GPE", "PERSON", "PERSON"]


def test_missed_repeat_of_a_tagged_name_is_added():
    text = "Kovalenko spoke first. Reporters asked Kovalenko again."
    mentions = [Mention(0, 9, "PERSON", "Kovalenko", "Kovalenko")]
    out = consistency.propagate(text, text, mentions)
    assert [(m.start, m.text, m.label) for m in out] == [(0, "Kovalenko", "PERSON"), (39, "Kovalenko", "PERSON")]


def test_propagation_respects_word_boundaries_and_existing_spans():
    text = "Russia and Russian troops. Russia's army. New Russia Party."
    mentions = [Mention(0, 6, "GPE", "Russia", "Russia"), Mention(42, 58, "ORG", "New Russia Party", "New Russia Party")]
    out = consistency.propagate(text, text, mentions)
    assert [(m.start, m.end) for m in out] == [(0, 6), (27, 33), (42, 58)]


# --- knowledge base ---------------------------------------------------------------------------

def test_us_and_dotted_us_become_united_states(tagger):
    result = tagger.tag("Trade between the US and China fell, and U.S. exports to the United States of America "
                        "partners slowed.")
    places = [e for e in result.entities if e.label == "GPE" and e.text != "China"]
    assert {e.text for e in places} == {"US", "U.S.", "the United States of America"}
    assert {e.canonical for e in places} == {"United States"}
    assert {e.kb_id for e in places} == {"country/US"}
    assert all(e.external_id == "geonames:6252001" for e in places)


def test_kb_lookup_rules():
    kb = KnowledgeBase.starter()
    assert kb.lookup("U.S.", "GPE").canonical == "United States"
    assert kb.lookup("us", "GPE") is None  # codes match only in capitals
    assert kb.lookup("Britain", "LOC").canonical == "United Kingdom"  # GPE and LOC are one family
    assert kb.lookup("Kiev", "GPE").canonical == "Kyiv"
    assert kb.lookup("London", "GPE").external_id == "geonames:2643743"  # the largest London wins
    assert kb.lookup("Moscow", "PERSON") is None


def test_user_kb_file_merges_over_starter(tmp_path, monkeypatch):
    path = tmp_path / "kb.jsonl"
    path.write_text("# my entities\n" + json.dumps({
        "id": "org/un", "canonical": "United Nations", "label": "ORG", "aliases": ["U.N."],
        "codes": ["UN"], "external_id": "wikidata:Q1065"}) + "\n" + json.dumps({
        "id": "city/524901", "canonical": "Moskva", "label": "GPE", "aliases": ["Moscow"]}) + "\n")
    kb = KnowledgeBase.load(path, base=KnowledgeBase.starter())
    assert kb.lookup("the United Nations", "ORG").external_id == "wikidata:Q1065"
    assert kb.lookup("UN", "ORG").id == "org/un"
    assert kb.lookup("Moscow", "GPE").canonical == "Moskva"  # same id: the user's entry replaces it
    assert kb.lookup("United States", "GPE").id == "country/US"  # the starter is still there

    from shared.settings import get_settings
    monkeypatch.setenv("NEWSFLOW_KB_PATH", str(path))
    get_settings.cache_clear()
    try:
        assert KnowledgeBase.default().lookup("U.N.", "ORG").id == "org/un"
    finally:
        get_settings.cache_clear()


def test_kb_rejects_entries_without_required_fields(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "label": "ORG"}) + "\n")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        KnowledgeBase.load(path)


def test_kb_entry_json_round_trip():
    entry = KBEntry("country/FR", "France", "GPE", ("French Republic",), ("FR", "FRA"), "geonames:3017382",
                    population=66_987_244)
    assert KBEntry.from_json(entry.to_json()) == entry


def test_surname_that_is_a_small_city_alias_stays_a_person(tagger):
    # The starter knows "Bush" as an alternate name of a city of about 136,000 people: too small
    # for a lone "Bush" to mean it. Kyiv (about 3 million) is big enough.
    assert tagger.kb.lookup("Bush", "GPE") is not None
    assert not tagger._is_major_place("Bush")
    assert tagger._is_major_place("Kyiv") and tagger._is_major_place("France")


# --- shouted lines ----------------------------------------------------------------------------

def test_shouted_line_detection():
    assert is_shouted("PUTIN AND XI TO MEET IN MOSCOW")
    assert not is_shouted("Putin and Xi to meet in Moscow")
    assert not is_shouted("The UN and NATO met in the US.")
    assert is_shouted("ÉTAT DE SIÈGE À PARIS") and not is_shouted("État de siège à Paris")


def test_shouted_line_detection_counts_every_letter_as_the_definition_says():
    """ASCII lines are counted on their bytes, others letter by letter: both must give what
    the definition gives (at least three capitals, at most one lower-case letter in ten)."""
    def by_definition(line):
        upper = sum(char.isupper() for char in line)
        lower = sum(char.islower() for char in line)
        return upper >= 3 and lower * 10 <= upper
    rng = random.Random(15)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabc ÉÀéàΣσ1-,'"
    lines = ["".join(rng.choice(letters[:k]) for _ in range(rng.randint(0, 40)))
             for k in (26, 28, 29, 30, len(letters)) for _ in range(400)]
    lines += ["ABCDEFGHIJ" + "k" * n for n in range(3)] + ["ÀBCDEFGHIJ" + "k" * n for n in range(3)]
    assert [is_shouted(line) for line in lines] == [by_definition(line) for line in lines]
    assert sum(map(is_shouted, lines)) > 100  # both answers are well represented


def test_case_restoration_uses_the_article_and_keeps_length():
    kb = KnowledgeBase.starter()
    restorer = CaseRestorer(kb.code_keys(), kb.name_words())
    text = ("ZELENSKY SAYS US WILL SEND MORE AID\n"
            "KYIV, May 4 (Reuters) - Ukrainian President Volodymyr Zelensky said on Sunday that the "
            "U.S. would send more aid soon, and that he would say more once the aid had arrived in full.")
    restored = restorer.restore(text)
    assert len(restored) == len(text)
    assert restored.splitlines()[0] == "Zelensky says US will send more aid"
    assert restored.splitlines()[1].startswith("Kyiv, May 4 (Reuters)")
    assert restored.splitlines()[1][4:] == text.splitlines()[1][4:]


def test_caps_headline_entities_found_and_consistent(tagger):
    text = ("PUTIN AND XI TO MEET IN MOSCOW AS UKRAINE TRUCE LOOMS\n"
            "MOSCOW, May 4 (AFP) - Russian President Vladimir Putin will host Chinese leader Xi Jinping "
            "in Moscow next week, the Kremlin said, as a truce in Ukraine nears.")
    result = tagger.tag(text)
    headline = {e.text: e for e in result.entities if e.end <= text.index("\n")}
    assert {"PUTIN", "XI", "MOSCOW", "UKRAINE"} <= set(headline)
    assert headline["PUTIN"].label == "PERSON" and headline["PUTIN"].canonical == "Vladimir Putin"
    assert headline["XI"].canonical == "Xi Jinping"
    assert headline["MOSCOW"].label == "GPE" and headline["MOSCOW"].canonical == "Moscow"
    dateline = [e for e in result.entities if e.start == text.index("MOSCOW,")]
    assert dateline and dateline[0].canonical == "Moscow"
    for entity in result.entities:
        assert text[entity.start:entity.end] == entity.text


# --- bad input --------------------------------------------------------------------------------

def test_bad_inputs_give_valid_results(tagger):
    texts = ["", "   \n\n ", "東京は日本の首都です。プーチン大統領が訪問した。",
             "Привет, как дела? Всё хорошо.", "it was a quiet day and nothing much happened at all.",
             "\x00\ufffd\u200b!!!", "A" * 5000]
    results = tagger.tag_many(texts)
    assert len(results) == len(texts)
    for text, result in zip(texts, results):
        for entity in result.entities:
            assert text[entity.start:entity.end] == entity.text
    assert results[0].entities == [] and results[0].summary == []
    assert results[1].entities == []
    assert results[4].entities == []


def test_article_over_spacy_max_length_is_split_and_offsets_shift():
    # A rule-based pipeline stands in for the model (the statistical one takes a minute per MB;
    # bench/tag_bench.py times it): what is tested is the splitting and the offset shift.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Volodymyr Zelensky"}])
    tagger = Tagger(kb=KnowledgeBase(), nlp=nlp)
    paragraph = "Volodymyr Zelensky met officials in Kyiv on Monday. Zelensky then flew home.\n\n"
    text = paragraph * (nlp.max_length // len(paragraph) + 10)
    assert len(text) > nlp.max_length
    result = tagger.tag(text)
    assert len(result.entities) == 2 * text.count(paragraph)
    last = result.entities[-1]
    assert last.start > nlp.max_length and last.text == "Zelensky" and text[last.start:last.end] == last.text
    assert [(s.canonical, s.mentions) for s in result.summary] == [("Volodymyr Zelensky", len(result.entities))]


def test_split_text_cuts_on_paragraphs_and_covers_everything():
    text = ("word " * 300 + "\n\n") * 50
    pieces = split_text(text, limit=CHUNK_CHARS // 5)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= CHUNK_CHARS // 5 for _, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


# --- JSON lines -------------------------------------------------------------------------------

def test_run_jsonl_contract(tagger):
    lines = [json.dumps({"id": "a", "text": "Donald Trump spoke in Washington."}), "",
             "not json", json.dumps({"id": "b", "text": ""}), json.dumps({"id": "c", "text": 3})]
    out = io.StringIO()
    status = run_jsonl(io.StringIO("\n".join(lines) + "\n"), out, tagger=tagger, batch_size=2)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 1
    assert [row.get("id") for row in rows] == ["a", None, "b", "c"]
    assert rows[0]["entities"][0] == {"start": 0, "end": 12, "label": "PERSON", "text": "Donald Trump",
                                      "canonical": "Donald Trump"}
    assert "error" in rows[1] and rows[2] == {"id": "b", "entities": []} and "error" in rows[3]


def test_run_jsonl_gives_a_lone_surrogate_an_error_row_and_tags_the_rest(tagger):
    lines = ['{"id": "s", "text": "Angela Merkel met \\ud800 Emmanuel Macron."}',
             json.dumps({"id": "ok", "text": "Donald Trump spoke in Washington."})]
    out = io.StringIO()
    status = run_jsonl(io.StringIO("\n".join(lines) + "\n"), out, tagger=tagger)
    bad, ok = (json.loads(line) for line in out.getvalue().splitlines())
    assert status == 1
    assert bad["id"] == "s" and "lone surrogate" in bad["error"] and "entities" not in bad
    assert [e["text"] for e in ok["entities"]] == ["Donald Trump", "Washington"]


def test_run_jsonl_matches_tag_many(tagger):
    texts = [SEED["clean_text"], "Zelensky met Xi in Beijing."]
    out = io.StringIO()
    stdin = io.StringIO("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    assert run_jsonl(stdin, out, tagger=tagger) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = tagger.tag_many(texts)
    for row, result in zip(rows, expected):
        assert [(e["start"], e["end"], e["label"], e["canonical"]) for e in row["entities"]] == \
            [(e.start, e.end, e.label, e.canonical) for e in result.entities]


# --- the evaluation harness -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ner_eval.txt", "ner_sports_business.txt"])
def test_eval_annotations_parse_to_consistent_spans(name):
    import ner_eval

    docs = ner_eval.load(ner_eval.DATA.with_name(name))
    assert len(docs) >= 7
    for text, gold in docs:
        assert "[" not in text or "]" not in text
        for start, end, label in gold:
            span = text[start:end]
            assert span == span.strip() and span and label in {"PER", "LOC", "ORG", "MISC"}


def test_iob2_reader_finds_tokens_in_sentence_text(tmp_path):
    import ner_eval

    path = tmp_path / "dev.iob2"
    path.write_text("# newdoc id = d1\n# sent_id = s1\n# text = I flew Air Asia to Kuala Lumpur.\n"
                    "1\tI\tO\n2\tflew\tO\n3\tAir\tB-ORG\n4\tAsia\tI-ORG\n5\tto\tO\n6\tKuala\tB-LOC\n"
                    "7\tLumpur\tI-LOC\n8\t.\tO\n\n# sent_id = s2\n# text = Bye Ann\n1\tBye\tO\n2\tAnn\tB-PER\n\n"
                    "# newdoc id = d2\n# sent_id = s3\n# text = Hi\n1\tHi\tO\n\n")
    docs = ner_eval.load_iob2(path)
    assert len(docs) == 2
    text, gold = docs[0]
    assert text == "I flew Air Asia to Kuala Lumpur.\nBye Ann"
    assert sorted((text[s:e], label) for s, e, label in gold) == [
        ("Air Asia", "ORG"), ("Ann", "PER"), ("Kuala Lumpur", "LOC")]
    assert docs[1] == ("Hi", set())


def test_one_word_person_known_as_place_becomes_place_unless_part_of_a_name():
    mentions = [_m(0, "PERSON", "Kyiv"), _m(10, "PERSON", "Lloyd Austin"), _m(30, "PERSON", "Austin")]
    consistency.correct_places(mentions, lambda name: name in {"Kyiv", "Austin"})
    assert [m.label for m in mentions] == ["GPE", "PERSON", "PERSON"]


# --- results tables and context rules ---------------------------------------------------------

def _entities(result):
    return [(e.text, e.label) for e in result.entities if e.label not in {"DATE", "TIME"}]


def test_results_table_names_are_clubs_and_scores_are_cut_off(tagger):
    text = ("SOCCER - ENGLISH LEAGUE RESULTS .\nLONDON 1997-02-08\nResults of matches on Saturday :\n"
            "Arsenal 2 Leeds 0\nSouthampton 0 Newcastle 2\nBolton 4 Portsmouth 1\n"
            "Standings ( played , won , points ) :\nBolton 29 18 62\nBarnsley 29 15 53\n")
    found = _entities(tagger.tag(text))
    for club in ("Arsenal", "Leeds", "Southampton", "Newcastle", "Bolton", "Portsmouth", "Barnsley"):
        assert (club, "ORG") in found, (club, found)
    assert ("LONDON", "GPE") in found
    assert all(not any(ch.isdigit() for ch in name) for name, _ in found), found


def test_scorers_in_brackets_are_not_teams():
    from services.tag.results import relabel_table_names, table_lines

    text = "Feyenoord 2 ( Kalou 27 , Van Gastel 90 ) Twente 1 ( Hoogma 25 )"
    kalou = Mention(text.index("Kalou"), text.index("Kalou") + 5, "PERSON", "Kalou", "Kalou")
    out = relabel_table_names(text, text, [kalou], table_lines(text, text), lambda name: False)
    assert [(m.text, m.label) for m in out] == [("Feyenoord", "ORG"), ("Kalou", "PERSON"), ("Twente", "ORG")]


def test_countries_in_results_stay_places_and_golfers_stay_people(tagger):
    text = ("Results of the group matches on Friday :\nJapan 2 Syria 1\nChina 0 Uzbekistan 2\n"
            "Leading scores after the second round :\n134 Greg Norman 66 68\n137 Craig Parry 70 67\n")
    found = dict(_entities(tagger.tag(text)))
    assert {found.get(c) for c in ("Japan", "Syria", "China", "Uzbekistan")} == {"GPE"}
    assert found.get("Greg Norman") == "PERSON" and found.get("Craig Parry") == "PERSON"


def test_results_line_detection():
    from services.tag.results import table_lines

    text = "Bolton 4 Portsmouth 1\nTesla to cut 10 percent of jobs\nJapan beat Syria 2-1 on Friday ."
    assert table_lines(text, text) == [(0, 21)]
    shouted = "TESLA TO CUT 10 PERCENT OF JOBS"
    assert table_lines("Tesla to cut 10 percent of jobs", shouted) == []
    standings = "Barnsley 29 15 53\n111 Market Place Ste 500 Baltimore, MD 21202"
    assert table_lines(standings, standings) == [(0, 17)]
    # The leader's dash for "games behind" counts; a headline's slug dash does not make a table.
    leader = "MIAMI 14 4 .778 -\nSoccer - Leeds 2 - Chelsea"
    assert table_lines(leader, leader) == [(0, 17)]


def test_split_keeps_numbers_in_names_outside_tables_and_drops_dash_set_off_words():
    from services.tag.results import split_at_numbers

    text = "Stay at the Super 8 motel. Brandon Luna - Analyst. Soccer - Japan. Chelsea 2-0 win."
    mentions = [Mention(text.index(f), text.index(f) + len(f), label, f, f) for f, label in
                [("Super 8", "ORG"), ("Brandon Luna - Analyst", "PERSON"), ("Soccer - Japan", "ORG"),
                 ("Chelsea 2-0", "ORG")]]
    out = split_at_numbers(mentions, [], is_country=lambda n: n == "Japan", is_place=lambda n: n == "Japan")
    assert [(m.text, m.label) for m in out] == [("Super 8", "ORG"), ("Brandon Luna", "PERSON"),
                                                ("Japan", "GPE"), ("Chelsea", "ORG")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_context_rules_for_agencies_companies_and_clubs():
    from services.tag.orgs import relabel_by_context

    text = ("The Kommersant newspaper said Vexo Holdings would bid. The Iranian news agency agreed.\n"
            "Barcelona beat Valencia 3-1 in Barcelona on Sunday, and Japan beat Syria 2-1.")
    forms = [("Kommersant", "PERSON"), ("Vexo Holdings", "PERSON"), ("Iranian", "NORP"),
             ("Barcelona", "GPE"), ("Valencia", "GPE"), ("Japan", "GPE"), ("Syria", "GPE")]
    mentions = [Mention(text.index(f), text.index(f) + len(f), label, f, f) for f, label in forms]
    mentions.append(Mention(text.rindex("Barcelona"), text.rindex("Barcelona") + 9, "GPE", "Barcelona", "Barcelona"))
    relabel_by_context(text, mentions, is_country=lambda n: n in {"Japan", "Syria"},
                       is_place=lambda n: n in {"Japan", "Syria", "Barcelona", "Valencia"})
    assert [m.label for m in mentions] == ["ORG", "ORG", "NORP", "ORG", "ORG", "GPE", "GPE", "GPE"]


def test_place_with_a_club_word_is_a_club_unless_the_whole_is_a_place():
    from services.tag.orgs import relabel_by_context

    text = "Manchester City and Ipswich Town fans met in Kansas City and Cape Town."
    forms = ["Manchester City", "Ipswich Town", "Kansas City", "Cape Town"]
    mentions = [Mention(text.index(f), text.index(f) + len(f), "GPE", f, f) for f in forms]
    places = {"Manchester", "Ipswich", "Kansas City", "Cape Town", "Kansas", "Cape"}
    relabel_by_context(text, mentions, is_country=lambda n: False, is_place=lambda n: n in places)
    assert [m.label for m in mentions] == ["ORG", "ORG", "GPE", "GPE"]


def test_dateline_place_cut_from_an_organisation_is_the_place(tagger):
    from services.tag.results import split_at_numbers

    text = "LONDON 1996-08-30"
    out = split_at_numbers([Mention(0, 17, "ORG", text, text)], [], lambda n: False, lambda n: n == "LONDON")
    assert [(m.text, m.label) for m in out] == [("LONDON", "GPE")]


def test_addresses_and_file_names_are_not_entities(tagger):
    text = ("Please write to press@acme-widgets.com or see www.acmewidgets.com and Report2001.pdf "
            "for details, Acme Widgets Inc said in London.")
    found = [e.text for e in tagger.tag(text).entities]
    assert not any("@" in t or "www." in t or ".pdf" in t for t in found), found
    assert "London" in found


def test_courtesy_title_is_not_part_of_the_name(tagger):
    text = "Dr. Anna Kowalczyk met Mr Peter Lindqvist in Oslo on Monday."
    people = [e.text for e in tagger.tag(text).entities if e.label == "PERSON"]
    assert "Anna Kowalczyk" in people and "Peter Lindqvist" in people, people
    assert not any(p.startswith(("Dr", "Mr")) for p in people)


def test_an_initial_and_a_surname_before_figures_in_a_results_line_are_a_player():
    from services.tag.results import people_with_initials, relabel_table_names, table_lines
    from tests.unit.mentions import mention_at

    text = ("Somerset 83 and 174 ( P. Simmons 4-38 ) , Leicestershire 296 .\n"
            "Glamorgan 259 ( H. Morris 69 ; D.J. Cullinan 44 )\nA. Background 2 of the report .")
    lines = table_lines(text, text)
    mentions = relabel_table_names(text, text, [mention_at(text, "H. Morris", "ORG")], lines, lambda name: False)
    out = people_with_initials(text, text, mentions, lines)
    people = [(m.form, m.decided) for m in out if m.label == "PERSON"]
    # Not outside a results line ("A. Background 2").
    assert people == [("P. Simmons", True), ("H. Morris", True), ("D.J. Cullinan", True)]
