"""Parsing and validating the search API's query-string parameters.

Everything a user can get wrong in a URL is caught here (or, for query syntax, by
``ArticleIndex.search``) and raised as :class:`QueryError`, which the API turns into a 400
whose message names the parameter and the problem. Nothing here touches the index, so the
rules are easy to test and to document in docs/openapi.yaml.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Optional

MAX_QUERY_CHARS = 1000
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_ENTITY_FILTERS = 10
MAX_ENTITY_CHARS = 200
MAX_SOURCE_CHARS = 200
MAX_LANGUAGE_FILTERS = 20

# A label is what the tagger emits (spaCy: PERSON, ORG, GPE, WORK_OF_ART, ...).
LABEL_PATTERN = re.compile(r"[A-Z][A-Z0-9_]*")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# The dates the index can hold: tantivy stores nanoseconds since 1970 in 64 bits
# (1677-09-21 to 2262-04-11); whole years inside that, with room for `until`'s next day.
# `since` and `until` outside them are clamped to them.
EARLIEST_DATE = date(1678, 1, 1)
LATEST_DATE = date(2261, 12, 31)

KNOWN_PARAMS = ("q", "entity", "label", "source", "language", "since", "until", "collapse", "limit",
                "offset")
_REPEATABLE = ("entity", "label", "language")
# ISO 639-1: two letters (case-insensitive in the URL, lower case in the index).
LANGUAGE_PATTERN = re.compile(r"[a-z]{2}")
# collapse=story (the default): one hit per story; collapse=none: one hit per article.
COLLAPSE_VALUES = ("story", "none")


class QueryError(ValueError):
    """A search request the user got wrong; the message says what and is safe to show."""


@dataclass(frozen=True)
class EntityFilter:
    """One ``entity=`` value: a canonical name, optionally restricted to one label."""

    canonical: str
    label: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.label}:{self.canonical}" if self.label else self.canonical


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: every field is within the documented bounds."""

    q: str = ""
    entities: tuple[EntityFilter, ...] = ()
    labels: tuple[str, ...] = ()
    source: Optional[str] = None
    languages: tuple[str, ...] = ()   # any of them (an article has one language)
    since: Optional[date] = None
    until: Optional[date] = None
    collapse: bool = True             # one hit per story (copies collapsed under it)
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def parse_search_params(params: Mapping[str, Sequence[str]]) -> SearchRequest:
    """Turn query-string parameters (each name mapped to its list of values, as
    ``urllib.parse.parse_qs`` or aiohttp's ``MultiDict`` give them) into a SearchRequest.

    Raises QueryError for unknown parameters, repeated single-valued parameters, and any
    value out of bounds.
    """
    unknown = sorted(name for name in params if name not in KNOWN_PARAMS)
    if unknown:
        raise QueryError(
            f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(KNOWN_PARAMS)}")
    for name, values in params.items():
        if name not in _REPEATABLE and len(values) > 1:
            raise QueryError(f"parameter '{name}' may be given only once")

    def single(name: str) -> Optional[str]:
        values = params.get(name) or []
        return values[0] if values else None

    q = (single("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"q is {len(q)} characters long; at most {MAX_QUERY_CHARS} are allowed")

    since = _parse_date("since", single("since"))
    until = _parse_date("until", single("until"))
    if since and until and since > until:
        raise QueryError(f"since ({since}) is after until ({until})")

    entities = tuple(_parse_entity(value) for value in params.get("entity") or [])
    if len(entities) > MAX_ENTITY_FILTERS:
        raise QueryError(f"at most {MAX_ENTITY_FILTERS} entity filters are allowed, got {len(entities)}")

    labels = tuple(dict.fromkeys(_parse_label(value) for value in params.get("label") or []))

    source = single("source")
    if source is not None:
        source = source.strip()
        if not source or len(source) > MAX_SOURCE_CHARS:
            raise QueryError(f"source must be 1 to {MAX_SOURCE_CHARS} characters")

    languages = tuple(dict.fromkeys(_parse_language(value) for value in params.get("language") or []))
    if len(languages) > MAX_LANGUAGE_FILTERS:
        raise QueryError(f"at most {MAX_LANGUAGE_FILTERS} language filters are allowed, got {len(languages)}")

    collapse = (single("collapse") or "story").strip().lower() or "story"
    if collapse not in COLLAPSE_VALUES:
        raise QueryError(f"collapse must be one of {', '.join(COLLAPSE_VALUES)}, got {collapse[:50]!r}")

    return SearchRequest(
        q=q,
        entities=entities,
        labels=labels,
        source=source,
        languages=languages,
        since=since,
        until=until,
        collapse=collapse == "story",
        limit=_parse_int("limit", single("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_parse_int("offset", single("offset"), 0, 0, MAX_OFFSET),
    )


def _parse_int(name: str, raw: Optional[str], default: int, low: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise QueryError(f"{name} must be an integer from {low} to {high}, got {raw[:50]!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be from {low} to {high}, got {value}")
    return value


def _parse_date(name: str, raw: Optional[str]) -> Optional[date]:
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if not _DATE_PATTERN.fullmatch(raw):
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, got {raw[:50]!r}")
    try:
        day = date.fromisoformat(raw)
    except ValueError as err:
        raise QueryError(f"{name} is not a valid date: {raw!r} ({err})") from None
    # No article in the index is dated outside these bounds: a wider range means the same.
    return min(max(day, EARLIEST_DATE), LATEST_DATE)


def _parse_label(raw: str) -> str:
    label = raw.strip().upper()
    if not LABEL_PATTERN.fullmatch(label) or len(label) > 40:
        raise QueryError(f"label must be an entity label such as PERSON or ORG, got {raw[:50]!r}")
    return label


def _parse_language(raw: str) -> str:
    language = raw.strip().lower()
    if not LANGUAGE_PATTERN.fullmatch(language):
        raise QueryError(f"language must be an ISO 639-1 code such as en or fr, got {raw[:50]!r}")
    return language


def _parse_entity(raw: str) -> EntityFilter:
    """``"Volodymyr Zelensky"`` matches that canonical name under any label;
    ``"PERSON:Volodymyr Zelensky"`` only as a PERSON. The text before the first colon is taken
    as a label only if it looks like one (upper-case letters, digits, underscores), so names
    with colons in them ("Star Wars: Andor") still work."""
    value = raw.strip()
    label: Optional[str] = None
    head, sep, tail = value.partition(":")
    if sep and LABEL_PATTERN.fullmatch(head.strip()):
        label, value = head.strip(), tail.strip()
    if not any(ch.isalnum() for ch in value):
        raise QueryError(f"entity must be 'Canonical Name' or 'LABEL:Canonical Name', got {raw[:50]!r}")
    if len(value) > MAX_ENTITY_CHARS:
        raise QueryError(f"entity names are at most {MAX_ENTITY_CHARS} characters")
    return EntityFilter(canonical=value, label=label)
