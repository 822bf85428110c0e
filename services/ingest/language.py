"""An article's language at ingest: what the producer declared, what the text says, and which wins.

The producer's ``language`` (any case, BCP 47 ``en-US``, POSIX ``fr_FR``, ISO 639-2 ``fre``,
or an English name such as ``French``) is read as ISO 639-1. The text's language comes from
py3langid (its model ships in the wheel: nothing is downloaded), run on the title and the first
``SAMPLE_CHARS`` characters of the text, or of the HTML's visible text. A detection counts only
when it is clear: at least ``MIN_LETTERS`` letters of text and a probability of at least
``MIN_PROBABILITY`` (chosen on dev texts, docs/language.md). Then:

- the declared language wins, unless a clear detection says otherwise;
- both are kept, so a disagreement stays visible;
- neither: ``language`` is None (the tag stage treats that as English, as before).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Optional

import pycountry

SAMPLE_CHARS = 1_000
MIN_LETTERS = 100
MIN_PROBABILITY = 0.8
# HTML read for its visible text: a page's first visible words are usually within this.
HTML_SAMPLE_CHARS = 200_000

# py3langid labels that are not ISO 639-1 but belong to a language that has a code.
_DETECTOR_TO_ISO = {"ary": "ar", "arz": "ar", "uzs": "uz", "yue": "zh", "wuu": "zh", "gug": "gn"}
# Withdrawn ISO 639-1 codes that producers still send.
_WITHDRAWN = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# Languages the detector cannot reliably tell apart from each other: within a group, the
# producer's word is kept even against a clear detection.
_CLOSE_GROUPS = (frozenset({"no", "nb", "nn", "da"}), frozenset({"hr", "sr", "bs"}),
                 frozenset({"ms", "id"}), frozenset({"cs", "sk"}), frozenset({"gl", "pt"}))
_SUBTAG = re.compile(r"[-_.@\s]")


@dataclass(frozen=True)
class Languages:
    language: Optional[str]
    declared_language: Optional[str]
    detected_language: Optional[str]


@lru_cache(maxsize=1024)
def iso_639_1(value: Optional[str]) -> Optional[str]:
    """The ISO 639-1 code of a language as a producer may write it; None when it names none
    (or a language that has no two-letter code)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    primary = _SUBTAG.split(value, maxsplit=1)[0].lower()
    if primary in _WITHDRAWN:
        return _WITHDRAWN[primary]
    if len(primary) == 2:
        found = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary) or pycountry.languages.get(bibliographic=primary)
    else:
        try:
            found = pycountry.languages.lookup(value)
        except LookupError:
            found = None
    return getattr(found, "alpha_2", None)


@lru_cache(maxsize=1)
def load_detector():
    """The detector, loaded once (~2 s, ~90 MB): a worker may call this at start so its first
    article does not wait for it."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(sample: str) -> Optional[str]:
    """The sample's language when the text clearly says it, else None."""
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    label, probability = load_detector().classify(sample)
    if probability < MIN_PROBABILITY:
        return None
    label = _DETECTOR_TO_ISO.get(label, label)
    return label if len(label) == 2 else None


def decide(declared: Optional[str], detected: Optional[str]) -> Optional[str]:
    if declared is None or detected is None or declared == detected:
        return declared or detected
    if any(declared in group and detected in group for group in _CLOSE_GROUPS):
        return declared
    return detected


def languages(declared: Optional[str], title: Optional[str], text: Optional[str],
              html: Optional[str]) -> Languages:
    """The three language fields of an article, from what its producer sent."""
    declared_code = iso_639_1(declared)
    detected = detect(sample(title, text, html))
    return Languages(decide(declared_code, detected), declared_code, detected)


def sample(title: Optional[str], text: Optional[str], html: Optional[str]) -> str:
    """The title and the first SAMPLE_CHARS characters of the text (or the HTML's visible text)."""
    body = text if text else visible_text(html or "", SAMPLE_CHARS)
    return "\n".join(part for part in (title, body[:SAMPLE_CHARS]) if part)


class _VisibleText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skip = 0  # a head left unclosed ends here
        elif tag in self._SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data)
            self.size += len(data)


def visible_text(html: str, limit: int) -> str:
    """About ``limit`` characters of the page's visible text (scripts, styles and the head
    left out), read from at most HTML_SAMPLE_CHARS characters of markup, a piece at a time so a
    page with its text near the top costs little."""
    parser = _VisibleText()
    for start in range(0, min(len(html), HTML_SAMPLE_CHARS), 10_000):
        try:
            parser.feed(html[start:start + 10_000])
        except AssertionError:
            # Python 3.11's html.parser asserts on some broken markup ("<![0"): the text read
            # so far is the sample; the page itself is the cleaner's to judge, not ingest's.
            break
        if parser.size >= limit:
            break
    return " ".join(" ".join(parser.parts).split())[:limit]
