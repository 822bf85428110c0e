"""In-article consistency: pure functions over one article's mentions.

A small NER model decides each mention on its own, so one article may call "Zelensky" a
person in one paragraph and miss him in the next, or tag "Washington" GPE twice and ORG once.
A news article is about a few entities it names repeatedly, so the article itself is the best
evidence for each mention. The steps, in the order the tagger runs them:

- ``unify_labels``: the same name (case-insensitively, without "the" or "'s") gets the label
  more than half of its mentions have (a split vote changes nothing); a surname alone gets
  PERSON when the article names the person in full, and a word alone that begins an
  organisation's full name ("Kingfisher" beside "Kingfisher Airlines") gets ORG.
- ``correct_places``: a one-word "person" the knowledge base knows as a place is the place.
- ``propagate``: an occurrence of a name tagged elsewhere in the article (or of a tagged
  person's surname) that the model missed becomes a mention too, when all the name's
  mentions have one label.
- ``resolve_canonicals``: each mention's canonical name is the fullest form of it in the
  article: "Zelensky" -> "Volodymyr Zelensky" (the nearest earlier full name when several
  fit), "SCO" -> "Shanghai Cooperation Organization" (acronyms of organisations).

Offsets are into the text the model saw (the cleaned text with shouted lines re-cased, which
has the same length); ``form`` is the mention in that text, ``text`` the original.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.kb import name_key

# Labels that are names (dates and numbers are neither propagated nor resolved).
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
                         "WORK_OF_ART", "LAW", "LANGUAGE"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_WORD = re.compile(r"\w+")
_ACRONYM_SKIP = {"of", "and", "for", "the", "&", "on", "in", "de"}


@dataclass
class Mention:
    start: int
    end: int
    label: str
    text: str
    form: str
    canonical: str = ""
    kb_id: Optional[str] = None
    external_id: Optional[str] = None
    # Set when a context rule or a results table decided the label: stronger evidence than
    # the model's guess from the name alone, so it outvotes the name's other mentions.
    decided: bool = False

    @property
    def display(self) -> str:
        return display_form(self.form)

    @property
    def key(self) -> str:
        return name_key(self.form)

    def part(self, start: int, end: int) -> "Mention":
        """The mention of ``form[start:end]`` (offsets within this mention), same label and
        decision: a name with its edges cut off, or one of two names the model ran together."""
        return Mention(self.start + start, self.start + end, self.label, self.text[start:end], self.form[start:end],
                       decided=self.decided)


def replace_spans(mentions: list[Mention], spans: list[tuple[int, int]], label: str, original: str,
                  model_text: str) -> list[Mention]:
    """``mentions`` with a decided mention of ``label`` for each of ``spans`` (disjoint (start,
    end) pairs) in place of the mentions overlapping it; by position. Each mention is placed
    among the spans by bisection, so a long article with many spans stays linear."""
    spans = sorted(spans)
    starts = [start for start, _ in spans]

    def overlaps(mention: Mention) -> bool:
        i = bisect.bisect_left(starts, mention.end) - 1  # the last span starting before its end
        return i >= 0 and spans[i][1] > mention.start

    kept = [m for m in mentions if not overlaps(m)]
    added = [Mention(start, end, label, original[start:end], model_text[start:end], decided=True)
             for start, end in spans]
    return sorted(kept + added, key=lambda m: m.start)


@lru_cache(maxsize=8192)  # a batch asks for the same few thousand names again and again
def display_form(form: str) -> str:
    """A name as a facet shows it: single spaces, no leading "the", no trailing "'s"."""
    text = " ".join(form.split())
    return _TRAILING_POSSESSIVE.sub("", _LEADING_THE.sub("", text)).strip() or text


def _tokens(form: str) -> list[str]:
    return display_form(form).split()


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)


def unify_labels(mentions: list[Mention],
                 is_known: Callable[[str, str], bool] = lambda form, label: False) -> list[Mention]:
    """One label per name: the label more than half of its mentions have (a split vote leaves
    each mention its own label), counting only the mentions a context rule decided when the
    name has any; a decided mention keeps its own label ("Barcelona beat Valencia 3-1 in
    Barcelona": the club, then the city)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    decided = {mention.key for mention in mentions if mention.decided}
    for mention in mentions:
        if mention.decided or mention.key not in decided:
            votes[mention.key][mention.label] += 1
    # Decided votes are evidence: their plurality stands (ties: the first decided mention's).
    label_of = {key: counter.most_common(1)[0][0] if key in decided else _clear_majority(counter)
                for key, counter in votes.items()}
    surnames = {_tokens(m.form)[-1].casefold() for m in mentions
                if label_of.get(m.key) == "PERSON" and len(_tokens(m.form)) > 1}
    # "Kingfisher Airlines ... Kingfisher": a word that begins an organisation's full name in the
    # article, alone, is that organisation (unless it is a person's surname or a known place).
    # Only a "person" or a name the model labels two ways: "Israeli" beside "Israeli Defense
    # Forces" stays a nationality, "Venus" beside "Venus Williams" a person.
    org_heads = {_tokens(m.form)[0].casefold() for m in mentions
                 if label_of.get(m.key) == "ORG" and len(_tokens(m.form)) > 1}
    org_heads -= {_tokens(m.form)[0].casefold() for m in mentions
                  if label_of.get(m.key) == "PERSON" and len(_tokens(m.form)) > 1}
    for mention in mentions:
        if mention.decided:
            continue
        label = label_of.get(mention.key) or mention.label
        if (label != "PERSON" and label in NAME_LABELS and mention.key in surnames
                and not is_known(mention.display, label)):
            label = "PERSON"
        elif ((label == "PERSON" or label_of.get(mention.key) is None) and mention.key in org_heads
              and mention.key not in surnames and len(_tokens(mention.form)) == 1
              and not is_known(mention.display, "GPE")):
            label = "ORG"
        mention.label = label
    return mentions


def _clear_majority(votes: Counter) -> Optional[str]:
    """The label most of a name's mentions have, when it is more than half of them; else None.
    A split vote ("Verizon" ORG 4, MISC 5, LOC 2) says the model is unsure, not which label is
    right: spreading the plurality would turn every mention into the same error, so each keeps
    its own. A single mention, or two that agree, is a clear majority."""
    label, count = votes.most_common(1)[0]
    return label if count * 2 > sum(votes.values()) else None


def correct_places(mentions: list[Mention], is_place: Callable[[str], bool]) -> list[Mention]:
    """A one-word "person" the knowledge base knows as a place, and that is not part of a
    person's full name in the article, is the place: a model tags "Kyiv" PERSON."""
    in_full_names = {word.casefold() for m in mentions if m.label == "PERSON"
                     for word in _tokens(m.form) if len(_tokens(m.form)) > 1}
    for mention in mentions:
        words = _tokens(mention.form)
        if (mention.label == "PERSON" and len(words) == 1 and words[0].casefold() not in in_full_names
                and is_place(mention.display)):
            mention.label = "GPE"
    return mentions


def _propagation_forms(mentions: list[Mention]) -> dict[str, str]:
    """Name forms worth looking for again, with their labels: tagged names and surnames."""
    forms: dict[str, str] = {}
    labels: dict[str, set] = defaultdict(set)
    for mention in mentions:
        labels[mention.key].add(mention.label)
    for mention in mentions:
        # A name the article's mentions still label two ways is not spread: which is right is
        # unknown, and a copy of the first label would outvote the others later.
        if mention.label not in NAME_LABELS or len(labels[mention.key]) > 1:
            continue
        candidates = [mention.display]
        words = _tokens(mention.form)
        if mention.label == "PERSON" and len(words) > 1:
            candidates.append(words[-1])
        for form in candidates:
            if (len(form) >= 2 and form[:1].isupper() and form.casefold() not in STOP_WORDS
                    and _WORD.match(form)):
                forms.setdefault(form, mention.label)
    return forms


def propagate(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """Add untagged occurrences of the article's names; returns all mentions by position.

    Scans the text's words once and checks the forms starting with each word, so the cost is
    linear in the text, whatever the number of names (a 1 MB article has thousands).
    """
    forms = _propagation_forms(mentions)
    if not forms:
        return sorted(mentions, key=lambda m: m.start)
    by_first: dict[str, list[str]] = defaultdict(list)
    for form in sorted(forms, key=len, reverse=True):
        by_first[_WORD.match(form).group()].append(form)
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in taken]
    added = []
    for word in _WORD.finditer(model_text):
        candidates = by_first.get(word.group())
        if not candidates:
            continue
        start = word.start()
        if start > 0 and (model_text[start - 1].isalnum() or model_text[start - 1] == "."):
            continue
        for form in candidates:
            end = start + len(form)
            if not model_text.startswith(form, start):
                continue
            if end < len(model_text) and (model_text[end].isalnum() or model_text[end] == "_"):
                continue
            i = bisect.bisect_right(starts, start)
            if (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
                break  # overlaps a mention the model found: the model's span stands
            added.append(Mention(start, end, forms[form], original[start:end], form))
            break
    return sorted(mentions + added, key=lambda m: m.start)


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.casefold() not in _ACRONYM_SKIP and w[:1].isupper())


def resolve_canonicals(mentions: list[Mention]) -> list[Mention]:
    """Set each mention's canonical to the fullest form of its name in the article."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[(mention.key, mention.label)].append(mention)
    # A name's own canonical: its most frequent display form (ties: the first).
    own = {key: Counter(m.display for m in group).most_common(1)[0][0] for key, group in groups.items()}
    # Only a person's or an organisation's name has fuller forms; each is compared with the
    # names of its own label only.
    words_by_label: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(dict)
    for key in groups:
        words_by_label[key[1]][key] = own[key].split()
    for key, group in groups.items():
        fuller = _fuller_names(key, words_by_label[key[1]]) if key[1] in ("PERSON", "ORG") else []
        if not fuller:
            for mention in group:
                mention.canonical = own[key]
            continue
        for mention in group:
            mention.canonical = own[_nearest(mention, fuller, groups)]
    return mentions


def _fuller_names(key: tuple[str, str], words: dict) -> list[tuple[str, str]]:
    """The maximal names in the article that ``key`` is a partial mention of; ``words`` holds
    the words of each name of ``key``'s label."""
    label = key[1]
    short = words[key]
    found = []
    for other, long in words.items():
        if other == key or len(long) <= len(short):
            continue
        if label == "PERSON" and _is_subsequence(short, long):
            found.append(other)
        elif label == "ORG" and (long[:len(short)] == short or (
                len(short) == 1 and short[0].isupper() and len(short[0]) >= 2
                and short[0] == _acronym(long))):
            found.append(other)
    return [k for k in found
            if not any(k != j and len(words[j]) > len(words[k]) and _is_subsequence(words[k], words[j])
                       for j in found)]


def _nearest(mention: Mention, fuller: list[tuple[str, str]], groups: dict) -> tuple[str, str]:
    """Of several full names, the one mentioned last before this mention (else first after)."""
    if len(fuller) == 1:
        return fuller[0]
    before = [(m.start, k) for k in fuller for m in groups[k] if m.start < mention.start]
    if before:
        return max(before)[1]
    return min((m.start, k) for k in fuller for m in groups[k])[1]


def summarise(mentions: Iterable[Mention]) -> list[dict]:
    """(canonical, label) -> mentions, kb ids; most mentioned first, then by first position."""
    summary: dict[tuple[str, str], dict] = {}
    for mention in mentions:
        item = summary.setdefault((mention.canonical, mention.label), {
            "canonical": mention.canonical, "label": mention.label, "mentions": 0,
            "kb_id": None, "external_id": None})
        item["mentions"] += 1
        item["kb_id"] = item["kb_id"] or mention.kb_id
        item["external_id"] = item["external_id"] or mention.external_id
    return sorted(summary.values(), key=lambda item: -item["mentions"])
