"""Language at ingest: the producer's declaration read as ISO 639-1, the text's language
detected (py3langid, its model in the wheel), and the rule that decides between them.

The non-English texts are short news samples written for these tests (our own text).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from services.ingest.language import MIN_LETTERS, iso_639_1, languages, visible_text
from services.ingest.normalise import ingest
from tests.support import SEED

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
LIMIT = 1_000_000

FRENCH = ("Le tribunal de Marseille a condamné lundi l'ancien maire à deux ans de prison avec sursis "
          "pour détournement de fonds publics. Selon le parquet, plus de 300 000 euros auraient été "
          "versés à une association proche de l'élu. Son avocat a annoncé qu'il ferait appel.")
GERMAN = ("Die Inflation in Deutschland ist im Oktober leicht gesunken. Nach Angaben des Statistischen "
          "Bundesamtes lagen die Verbraucherpreise 2,9 Prozent über dem Vorjahresniveau.")
DANISH = ("Regeringen har tirsdag fremlagt et nyt lovforslag om boligskat. Ifølge finansministeren vil "
          "de fleste husejere betale mindre i skat fra næste år, mens ejere af dyre villaer skal betale mere.")
# Names and figures, hardly a word of any language: no detector can be sure of it.
SHORT_AMBIGUOUS = "PSG 3-1 OM : Mbappé, Dembélé"


def _push(**fields) -> object:
    return ingest(json.dumps(fields).encode(), NOW, LIMIT)


@pytest.mark.parametrize("declared, code", [
    ("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("fre", "fr"), ("fra", "fr"),
    ("French", "fr"), ("en-US", "en"), ("EN", "en"), ("pt-BR", "pt"), ("zh-Hant-TW", "zh"),
    ("sr-Latn", "sr"), ("iw", "he"), (" de ", "de"),
    ("xx", None), ("Klingon", None), ("", None), (None, None), ("haw", None),
])
def test_a_declared_language_is_read_as_iso_639_1(declared, code):
    assert iso_639_1(declared) == code


def test_seed_article_is_english_by_its_text():
    article = ingest((SEED / "article.txt").read_bytes(), NOW, LIMIT)
    assert (article.language, article.declared_language, article.detected_language) == ("en", None, "en")


def test_french_text_is_detected_as_french():
    article = _push(title="Un ancien maire condamné", text=FRENCH)
    assert (article.language, article.declared_language, article.detected_language) == ("fr", None, "fr")


def test_a_matching_declaration_is_kept_in_its_iso_form():
    article = _push(text=FRENCH, language="fr-FR")
    assert (article.language, article.declared_language, article.detected_language) == ("fr", "fr", "fr")


def test_a_wrong_declaration_gives_way_to_clear_text_and_both_are_kept():
    article = _push(text=FRENCH, language="en")
    assert (article.language, article.declared_language, article.detected_language) == ("fr", "en", "fr")
    german = _push(text=GERMAN, language="English")
    assert (german.language, german.declared_language, german.detected_language) == ("de", "en", "de")


def test_a_short_ambiguous_text_keeps_the_declared_language():
    assert sum(c.isalpha() for c in SHORT_AMBIGUOUS) < MIN_LETTERS
    article = _push(text=SHORT_AMBIGUOUS, language="fr")
    assert (article.language, article.declared_language, article.detected_language) == ("fr", "fr", None)
    # Even a short text that is plainly another language is too little to overrule the producer.
    headline = _push(text="Grève à la SNCF : le trafic perturbé jeudi", language="de")
    assert (headline.language, headline.detected_language) == ("de", None)


def test_no_declaration_and_too_little_text_leaves_the_language_unknown():
    article = _push(text=SHORT_AMBIGUOUS)
    assert (article.language, article.declared_language, article.detected_language) == (None, None, None)


def test_a_declaration_within_a_group_the_detector_confuses_is_kept():
    result = languages("nb", None, DANISH, None)
    assert result.detected_language in {"da", "no", "nb"}
    assert (result.language, result.declared_language) == ("nb", "nb")


def test_html_is_detected_from_its_visible_text_not_its_scripts():
    script = "var tracking = {'event': 'page_view', 'language': 'english', 'consent': true};" * 50
    html = (f"<!doctype html><html><head><title>Un ancien maire condamné</title><script>{script}</script>"
            f"<style>body {{ font-family: serif }}</style></head><body><nav>Accueil</nav>"
            f"<article><p>{FRENCH}</p></article></body></html>")
    article = _push(html=html, language="en-GB")
    assert (article.language, article.declared_language, article.detected_language) == ("fr", "en", "fr")
    assert "tracking" not in visible_text(html, 3000)
    assert visible_text(html, 3000).startswith("Accueil Le tribunal de Marseille")



def test_markup_the_standard_parser_chokes_on_is_read_up_to_it():
    """Python 3.11's html.parser raises AssertionError at "<![0": found by the fuzz test."""
    html = f"<html><body><p>{FRENCH}</p><![0 broken</body></html>"
    assert visible_text(html, 1000).startswith("Le tribunal de Marseille")
    article = ingest(json.dumps({"html": html}).encode(), datetime.now(timezone.utc), 10_000_000)
    assert article.language == "fr"
