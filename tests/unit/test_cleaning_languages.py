"""The article's language (issue 16): the rules that rely on English wording apply only to English
(or an unknown language); the structural rules apply to every language. The French and German
news text here was written for these tests."""
from __future__ import annotations

import io
import json

import pytest

from services.clean.cleaner import clean_html, clean_text
from services.clean.jsonl import run_jsonl
from services.clean.rules import ENGLISH_WORDING, Rule, is_english

FRENCH = [
    "La Commission nationale de l'informatique et des libertés a annoncé jeudi une amende contre "
    "un grand moteur de recherche, accusé de déposer des traceurs sans le consentement des internautes.",
    "Selon le régulateur, refuser les traceurs publicitaires demandait plusieurs clics, alors qu'un "
    "seul suffisait pour les accepter, ce qui contrevient aux règles européennes.",
    "L'entreprise dispose de trois mois pour modifier son bandeau, faute de quoi elle devra payer "
    "une astreinte de cent mille euros par jour de retard.",
    "Un porte-parole du groupe a indiqué que la société étudiait la décision et qu'elle envisageait "
    "de faire appel devant le Conseil d'État dans les prochaines semaines.",
    "Les associations de défense des consommateurs ont salué une sanction qu'elles jugent exemplaire, "
    "tout en regrettant la lenteur de la procédure ouverte il y a deux ans.",
]
#: a French subheading with an English word that a wording rule knows ("cookies": legal_notice)
FRENCH_SUBHEADING = "Cookies : un bandeau jugé trompeur"
FRENCH_NAV = ["Accueil", "Politique", "Économie", "Société"]
FRENCH_LINK_ROW = "Politique | International | Économie | Sport | Culture"
FRENCH_HEADLINES = ["Grève des contrôleurs aériens ce week-end", "Le prix du gazole recule pour la troisième semaine",
                    "Tempête sur la Bretagne, des milliers de foyers privés d'électricité",
                    "Le Sénat adopte le projet de loi sur l'eau"]

GERMAN = [
    "Mehrere große Zeitungsverlage haben am Montag in Berlin Klage gegen einen Anbieter von "
    "Sprachmodellen eingereicht, der ihre Artikel ohne Erlaubnis verwendet haben soll.",
    "Die Verlage verlangen Schadensersatz in Millionenhöhe und fordern, dass die betroffenen Texte "
    "aus den Trainingsdaten entfernt werden.",
    "Das Unternehmen wies die Vorwürfe zurück und erklärte, die Nutzung öffentlich zugänglicher "
    "Texte sei nach geltendem Recht zulässig.",
]
GERMAN_SUBHEADING = "Copyright-Streit vor Gericht"  # "copyright": legal_notice


def rules_of(result) -> dict[str, str]:
    return {r.text: r.rule for r in result.removed}


def test_english_or_unknown_language_turns_the_wording_rules_on():
    assert all(is_english(code) for code in (None, "en", "EN", "en-GB"))
    assert not any(is_english(code) for code in ("fr", "de", "es", "zh"))


def test_english_wording_rules_do_not_fire_on_french_but_structural_rules_do():
    text = "\n".join(FRENCH_NAV + [FRENCH_LINK_ROW] + FRENCH[:2] + [FRENCH_SUBHEADING] + FRENCH[2:]
                     + FRENCH_HEADLINES + FRENCH_NAV)
    # the wording rules would take the subheading for a cookie notice
    assert rules_of(clean_text(text))[FRENCH_SUBHEADING] == Rule.LEGAL_NOTICE
    french = clean_text(text, language="fr")
    assert french.text.splitlines() == FRENCH[:2] + [FRENCH_SUBHEADING] + FRENCH[2:]
    removed = rules_of(french)
    assert not ENGLISH_WORDING & set(removed.values()), removed
    assert removed[FRENCH_LINK_ROW] == Rule.HEADLINE_LIST
    assert {removed[h] for h in FRENCH_HEADLINES} == {Rule.HEADLINE_LIST}
    assert removed["Politique"] == Rule.REPEATED_LINE  # the menu again under the article
    assert [r.rule for r in french.removed[:4]] == [Rule.BEFORE_MAIN_TEXT] * 4


def test_a_french_thread_is_found_by_its_dated_and_timed_stamps():
    comments = [("Marie, le 12/03/2024 à 14:32", "Enfin une décision, il était temps que le régulateur agisse."),
                ("Paul, le 12/03/2024 à 15:05", "Cent mille euros par jour, c'est peu pour une entreprise pareille."),
                ("Claire, le 13/03/2024 à 09:17", "Je refuse toujours les traceurs, mais c'est vraiment pénible.")]
    thread = [line for pair in comments for line in pair]
    result = clean_text("\n".join(FRENCH + thread), language="fr")
    assert result.text.splitlines() == FRENCH
    assert {rules_of(result)[line] for line in thread} == {Rule.READER_COMMENTS}


def test_english_wording_rules_do_not_fire_on_german():
    text = "\n".join(GERMAN[:1] + [GERMAN_SUBHEADING] + GERMAN[1:] + ["Impressum", "Datenschutz"])
    assert rules_of(clean_text(text))[GERMAN_SUBHEADING] == Rule.LEGAL_NOTICE
    german = clean_text(text, language="de")
    assert german.text.splitlines() == GERMAN[:1] + [GERMAN_SUBHEADING] + GERMAN[1:]
    assert set(rules_of(german).values()) == {Rule.AFTER_MAIN_TEXT}


def test_a_copyright_mark_goes_in_any_language():
    # "©" is no wording: a French rights line under the article goes as legal_notice
    rights = "© AFP 2024 — Tous droits de reproduction réservés"
    result = clean_text("\n".join(FRENCH + [rights]), language="fr")
    assert result.text.splitlines() == FRENCH
    assert rules_of(result)[rights] == Rule.LEGAL_NOTICE


FRENCH_PAGE = """<html lang="fr"><head><title>La CNIL sanctionne un moteur de recherche</title></head>
<body><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>La CNIL sanctionne un moteur de recherche</h1>
<p>{0}</p><p>{1}</p><h2>{subheading}</h2><p>{2}</p><p>{3}</p><p>{4}</p></article>
<footer>Mentions légales</footer></body></html>"""


def test_html_mode_keeps_the_french_subheading_only_for_french():
    page = FRENCH_PAGE.format(*FRENCH, subheading=FRENCH_SUBHEADING)
    assert rules_of(clean_html(page))[FRENCH_SUBHEADING] == Rule.LEGAL_NOTICE
    french = clean_html(page, language="fr")
    assert FRENCH_SUBHEADING in french.text.splitlines()
    assert all(paragraph in french.text for paragraph in FRENCH)
    assert not ENGLISH_WORDING & {r.rule for r in french.removed}


def test_the_batch_command_passes_the_declared_language_through():
    """Too short for the detector: the producer's language alone decides."""
    content = "\n".join([FRENCH_SUBHEADING, "Le régulateur a sanctionné un moteur de recherche."])
    lines = [json.dumps({"id": "fr", "text": content, "language": "fr"}), json.dumps({"id": "unknown", "text": content})]
    out = io.StringIO()
    run_jsonl(io.StringIO("\n".join(lines) + "\n"), out)
    french, unknown = (json.loads(line) for line in out.getvalue().splitlines())
    assert FRENCH_SUBHEADING in french["text"].splitlines()
    assert {"text": FRENCH_SUBHEADING, "rule": "legal_notice"} in unknown["removed"]


@pytest.mark.parametrize("field", ["text", "html"])
def test_the_batch_command_cleans_by_the_language_ingest_detects(field):
    content = (FRENCH_PAGE.format(*FRENCH, subheading=FRENCH_SUBHEADING) if field == "html"
               else "\n".join(FRENCH[:2] + [FRENCH_SUBHEADING] + FRENCH[2:]))
    lines = [json.dumps({"id": "fr", field: content, "language": "fr"}),
             json.dumps({"id": "undeclared", field: content})]  # ingest's detector reads it as French
    out = io.StringIO()
    run_jsonl(io.StringIO("\n".join(lines) + "\n"), out)
    for row in (json.loads(line) for line in out.getvalue().splitlines()):
        assert FRENCH_SUBHEADING in row["text"].splitlines(), row["id"]
        assert not ENGLISH_WORDING & {r["rule"] for r in row["removed"]}, row["id"]
