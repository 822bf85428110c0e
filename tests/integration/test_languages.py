"""Articles in other languages through the running pipeline: ingest decides the language, tag
uses the French model for French and passes a language without a model on untagged, and
search filters and facets by language. The texts are our own short news samples."""
from __future__ import annotations

import asyncio
import json
import uuid

from shared.client.partitions import end_offsets
from tests.support import Pipeline, eventually, read_since

FRENCH = (
    "Le président Emmanuel Macron a reçu mardi à l'Élysée le chancelier allemand pour préparer le "
    "prochain sommet européen.\n"
    "Les deux dirigeants ont évoqué la défense commune, l'énergie et la situation en Ukraine, selon "
    "un communiqué publié dans la soirée.\n"
    "La SNCF a par ailleurs annoncé une grève des contrôleurs à Lyon et à Marseille pour le week-end."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch in Berlin einen neuen Haushaltsentwurf vorgestellt, der "
    "deutlich höhere Ausgaben für Verteidigung und Infrastruktur vorsieht.\n"
    "Der Finanzminister sagte, die Schuldenbremse werde trotz der zusätzlichen Investitionen "
    "eingehalten, während die Opposition scharfe Kritik übte."
)


def tag_outcomes(pipeline: Pipeline) -> dict[str, float]:
    counts: dict[str, float] = {}
    for line in pipeline.metrics_text("tag").splitlines():
        if line.startswith('newsflow_messages_total{') and 'service="tag"' in line:
            outcome = line.split('outcome="')[1].split('"')[0]
            counts[outcome] = counts.get(outcome, 0) + float(line.rsplit(" ", 1)[1])
    return counts


def test_a_french_article_is_fr_and_tagged_by_the_french_model_and_german_passes_untagged(pipeline):
    marker = f"languages-{uuid.uuid4().hex[:8]}"
    start = asyncio.run(end_offsets(pipeline.bootstrap, "news.tagged"))
    untagged_before = tag_outcomes(pipeline).get("untagged_language", 0)
    french_url, german_url = f"https://lang.example/{marker}/fr", f"https://lang.example/{marker}/de"
    pipeline.push(json.dumps({"title": f"{marker} Sommet", "text": FRENCH, "url": french_url,
                              "source": marker}).encode(),  # no declared language: the text says it
                  json.dumps({"title": f"{marker} Haushalt", "text": GERMAN, "url": german_url,
                              "source": marker, "language": "en"}).encode())  # declared wrong

    def tagged() -> dict[str, dict] | None:
        found = {m["url"]: m for m in asyncio.run(read_since(pipeline.bootstrap, "news.tagged", start))
                 if m.get("source") == marker}
        return found if len(found) == 2 else None

    articles = eventually(tagged, timeout=120, what="both articles on news.tagged")
    french, german = articles[french_url], articles[german_url]

    assert french["language"] == "fr" and french["detected_language"] == "fr"
    assert french["declared_language"] is None
    people = {e["canonical"] for e in french["entities"] if e["label"] == "PERSON"}
    places = {e["canonical"] for e in french["entities"] if e["label"] in ("GPE", "LOC")}
    assert "Emmanuel Macron" in people and {"Lyon", "Marseille"} <= places

    assert german["language"] == "de" and german["declared_language"] == "en"
    assert german["detected_language"] == "de"
    assert german["entities"] == []
    assert tag_outcomes(pipeline).get("untagged_language", 0) >= untagged_before + 1

    ingested = {line.split('language="')[1].split('"')[0]: float(line.rsplit(" ", 1)[1])
                for line in pipeline.metrics_text("ingest").splitlines()
                if line.startswith("newsflow_articles_total{")}
    assert ingested.get("fr", 0) >= 1 and ingested.get("de", 0) >= 1


    # Search: the language filter and facet.
    eventually(lambda: pipeline.search(source=marker).json()["total"] == 2, timeout=120, what="both searchable")
    french_only = pipeline.search(source=marker, language="fr").json()
    assert [hit["url"] for hit in french_only["hits"]] == [french_url]
    assert french_only["hits"][0]["language"] == "fr"
    facet = {row["language"]: row["count"] for row in pipeline.search(source=marker).json()["languages"]}
    assert facet == {"fr": 1, "de": 1}
