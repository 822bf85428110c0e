"""Tagging by language: English (and unknown) to the English tagger, French to the French spaCy
pipeline (fr_core_news_sm, the real model), any other language through untagged.

The English tagger here runs a rule-based stand-in pipeline (tests/unit/test_tagging.py tests
the real English model): what is tested is which tagger an article reaches. The French and
Spanish texts are short news samples written for these tests (our own text).
"""
from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest
import spacy

from services.ingest.normalise import ingest
from services.tag.jsonl import run_jsonl
from services.tag.kb import KnowledgeBase
from services.tag.languages import MODEL_PACKAGES, Taggers
from services.tag.tagger import Tagger
from shared.labels import Outcome

FRENCH = ("Le président Emmanuel Macron a reçu mardi à l'Élysée les dirigeants de la SNCF et d'Air France "
          "pour évoquer la grève qui touche les transports depuis lundi. Selon l'entourage du chef de l'État, "
          "Macron a demandé aux deux entreprises de garantir un service minimum à Lyon et à Marseille.")
SPANISH = ("El presidente del Gobierno, Pedro Sánchez, se reunió este martes en Bruselas con la presidenta "
           "de la Comisión Europea para hablar de la guerra en Ucrania y de los fondos de recuperación.")
ENGLISH = "Donald Trump spoke in Washington on Monday."


@pytest.fixture(scope="module")
def english() -> Tagger:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Donald Trump"},
                                               {"label": "PERSON", "pattern": "Emmanuel Macron"}])
    return Tagger(kb=KnowledgeBase.starter(), nlp=nlp)


@pytest.fixture(scope="module")
def taggers(english) -> Taggers:
    return Taggers(english=english)


def _names(result) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in result.entities}


def test_french_model_is_installed_and_offered(taggers):
    assert MODEL_PACKAGES["fr"] in taggers.packages.values()
    assert taggers.languages() == ["en", "fr"]


def test_french_text_is_tagged_by_the_french_model(taggers):
    result, = taggers.tag_many([(FRENCH, "fr")])
    assert result.outcome == Outcome.PROCESSED
    names = _names(result)
    # The English stand-in knows only two names and no organisation: these come from French NER.
    assert ("Emmanuel Macron", "PERSON") in names
    assert ("SNCF", "ORG") in names
    assert ("Lyon", "GPE") in names and ("Marseille", "GPE") in names  # LOC the KB knows as a city
    for entity in result.entities:
        assert FRENCH[entity.start:entity.end] == entity.text
    # The in-article consistency steps apply: the surname alone resolves to the full name.
    assert {e.canonical for e in result.entities if e.text == "Macron"} == {"Emmanuel Macron"}
    lyon = next(e for e in result.entities if e.text == "Lyon")
    assert lyon.kb_id and lyon.kb_id.startswith("city/")
    assert "fr" in taggers.loaded()


def test_french_pipeline_is_loaded_once(taggers):
    assert taggers.tagger_for("fr") is taggers.tagger_for("fr")


def test_a_language_without_a_model_passes_through_untagged(taggers):
    spanish, german = taggers.tag_many([(SPANISH, "es"), ("Bundeskanzler Olaf Scholz sprach in Berlin.", "de")])
    for result in (spanish, german):
        assert result.outcome == Outcome.UNTAGGED_LANGUAGE
        assert result.entities == [] and result.summary == []


def test_english_and_unknown_language_go_to_the_english_tagger(taggers, english):
    assert taggers.tagger_for(None) is english and taggers.tagger_for("en") is english
    unknown, declared = taggers.tag_many([(ENGLISH, None), (ENGLISH, "en")])
    assert unknown == declared == english.tag(ENGLISH)
    assert _names(unknown) == {("Donald Trump", "PERSON")}  # the stand-in's pattern, nothing French


def test_a_mixed_batch_keeps_its_order(taggers):
    results = taggers.tag_many([(SPANISH, "es"), (ENGLISH, "en"), (FRENCH, "fr"), (ENGLISH, None)])
    assert [r.outcome for r in results] == [Outcome.UNTAGGED_LANGUAGE, Outcome.PROCESSED,
                                            Outcome.PROCESSED, Outcome.PROCESSED]
    assert ("Donald Trump", "PERSON") in _names(results[1]) and ("Donald Trump", "PERSON") in _names(results[3])
    assert ("SNCF", "ORG") in _names(results[2])


def test_a_model_package_that_is_not_installed_means_untagged(english):
    taggers = Taggers(english=english, packages={"fr": "no_such_model_package"})
    assert taggers.languages() == ["en"]
    result, = taggers.tag_many([(FRENCH, "fr")])
    assert result.outcome == Outcome.UNTAGGED_LANGUAGE


def test_a_french_article_from_ingest_to_tagging(taggers):
    """The language ingest decides is the one tagging reads: a producer who says "en" for a
    French story gets it tagged in French."""
    article = ingest(json.dumps({"title": "Grève : Macron reçoit la SNCF", "text": FRENCH,
                                 "language": "en"}).encode(), datetime.now(timezone.utc), 1_000_000)
    assert (article.language, article.declared_language) == ("fr", "en")
    result, = taggers.tag_many([(article.text, article.language)])
    assert ("SNCF", "ORG") in _names(result)


def test_tag_jsonl_routes_by_language(taggers):
    lines = [{"id": "fr", "text": FRENCH, "language": "fr"}, {"id": "es", "text": SPANISH, "language": "es"},
             {"id": "en", "text": ENGLISH}, {"id": "bad", "text": "x", "language": 3}]
    out = io.StringIO()
    status = run_jsonl(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)), out, taggers=taggers)
    rows = {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert status == 1 and "error" in rows["bad"]
    assert {"text": "SNCF", "label": "ORG"}.items() <= next(e for e in rows["fr"]["entities"]
                                                           if e["text"] == "SNCF").items()
    assert "outcome" not in rows["fr"] and "outcome" not in rows["en"]
    assert rows["es"] == {"id": "es", "entities": [], "outcome": "untagged_language"}
    assert rows["en"]["entities"][0]["text"] == "Donald Trump"


def test_the_french_tagger_runs_no_english_wording_rules(taggers):
    # The English rules would make "Stanley Cup" an EVENT (competitions) and cut a byline's
    # "Writer" off the person (offices and jobs); the French model's labels are kept as they are.
    text = "Le Canadien a gagné la Stanley Cup. Le rédacteur Jean Dupont Writer."
    result, = taggers.tag_many([(text, "fr")])
    names = _names(result)
    assert ("Stanley Cup", "PERSON") in names
    assert ("Jean Dupont Writer", "PERSON") in names
