"""Tagging by language: each article goes to the spaCy pipeline of its language, when one is
installed, or passes through untagged.

- English, and an article whose language is unknown (None), go to the English ``Tagger``:
  today's model and all its rules, unchanged.
- A language in ``MODEL_PACKAGES`` whose package is installed goes to a ``ModelTagger`` over
  that pipeline (its ``ner`` component only), loaded on the language's first article, once.
- Any other language: ``TagResult(outcome=Outcome.UNTAGGED_LANGUAGE)``, no entities; the
  article goes on (it is not a fault of the input).

What a ``ModelTagger`` keeps of the English tagger, and why:

- kept, as they read structure and not wording: paragraph chunking, names cut at a line break,
  addresses dropped, the in-article consistency steps (one label per name, missed repeats of a
  tagged name, the fullest form as canonical) and the knowledge-base lookup (places and
  organisations whose names are the same in every language: "Paris", "Ukraine", "SNCF");
- left out, as they read English: case restoration (English stop words), courtesy titles
  ("Mr", "Dr"), results tables and scores, organisations recognised by English context words;
- labels: the French model's WikiNER labels are mapped to the English scheme the index facets
  on (PER -> PERSON; LOC -> GPE when the knowledge base knows the place as a country or city,
  else LOC; ORG, MISC kept), so ``label=PERSON`` finds people in every language.
"""
from __future__ import annotations

import importlib.util
import threading
from importlib import resources
from pathlib import Path
from typing import Optional

from services.tag.consistency import Mention
from services.tag.kb import KnowledgeBase
from services.tag.tagger import _ADDRESS, Tagger, TagResult
from shared.labels import Outcome

ENGLISH = "en"
# Language (ISO 639-1) -> the hash-pinned spaCy pipeline package (requirements-model.txt).
MODEL_PACKAGES = {"fr": "fr_core_news_sm"}
# The pipelines' own labels -> the English model's (OntoNotes) labels the index already holds.
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def load_pipeline(package: str):
    """A spaCy pipeline package's ``ner`` component alone (its NER has its own embedding
    layer, as the English model's does, so nothing else is needed)."""
    import spacy

    root = Path(str(resources.files(package)))
    path = next(p.parent for p in root.glob("*/config.cfg"))
    components = spacy.util.load_meta(path / "meta.json")["pipeline"]
    return spacy.load(path, exclude=[name for name in components if name != "ner"])


class ModelTagger(Tagger):
    """Another language's pipeline with the language-neutral steps of the English tagger."""

    def __init__(self, nlp, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.nlp = nlp
        self._kb_cache: dict[tuple[str, str], object] = {}

    def _model_text(self, text: str) -> str:
        return text

    def _mention(self, label: str, form: str, start: int, original: str) -> Optional[Mention]:
        if not form or _ADDRESS.search(form):
            return None
        label = LABELS.get(label, label)
        if label == "LOC" and self._is_known(form, "GPE"):
            label = "GPE"
        end = start + len(form)
        return Mention(start, end, label, original[start:end], form)

    def _wording_rules(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        return mentions

    def _read_context(self, model_text: str, mentions: list[Mention]) -> None:
        pass

    def _organisation_heads(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        return mentions

    def _naming_rules(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        # English wording and English given names; the cut at brackets (language-neutral) stays.
        return mentions


class Taggers:
    """The tagger of each language, made on first use and kept; one knowledge base for all."""

    def __init__(self, english: Optional[Tagger] = None,
                 packages: Optional[dict[str, str]] = None) -> None:
        self.english = english if english is not None else Tagger()
        wanted = MODEL_PACKAGES if packages is None else packages
        self.packages = {language: package for language, package in wanted.items() if installed(package)}
        self._others: dict[str, ModelTagger] = {}
        self._lock = threading.Lock()

    def languages(self) -> list[str]:
        """The languages that get tagged (besides articles of unknown language)."""
        return sorted({ENGLISH, *self.packages})

    def loaded(self) -> list[str]:
        """The languages whose pipeline is in memory now."""
        return sorted({ENGLISH, *self._others})

    def tagger_for(self, language: Optional[str]) -> Optional[Tagger]:
        """The tagger of ``language`` (loaded now if it was not), or None when none is installed."""
        if language is None or language == ENGLISH:
            return self.english
        package = self.packages.get(language)
        if package is None:
            return None
        with self._lock:
            if language not in self._others:
                self._others[language] = ModelTagger(load_pipeline(package), self.english.kb)
            return self._others[language]

    def load_all(self) -> None:
        """Load every installed language's pipeline now (a worker's start), not on first use."""
        for language in self.packages:
            self.tagger_for(language)

    def tag_many(self, articles: list[tuple[str, Optional[str]]]) -> list[TagResult]:
        """One result per (text, language), in order: each language's articles are tagged as one
        batch by its tagger; an article in a language without a model gets an empty result with
        outcome UNTAGGED_LANGUAGE."""
        results: list[Optional[TagResult]] = [None] * len(articles)
        by_language: dict[Optional[str], list[int]] = {}
        for index, (_, language) in enumerate(articles):
            by_language.setdefault(language, []).append(index)
        for language, indexes in by_language.items():
            tagger = self.tagger_for(language)
            if tagger is None:
                for index in indexes:
                    results[index] = TagResult(outcome=Outcome.UNTAGGED_LANGUAGE)
                continue
            for index, result in zip(indexes, tagger.tag_many([articles[i][0] for i in indexes])):
                results[index] = result
        return results
