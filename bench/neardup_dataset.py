"""Near-duplicate evaluation set: wire copies and hard negatives built from real articles.

Deterministic (seeded). Sources: the handbook's article-only texts (corpus/pages/dragnet/gold/*.txt)
and the seed AFP story (corpus/seed/expected.json's clean text). Each source goes, by a hash of its
name, to the dev half or the held-out half, so no story and no borrowed text is in both; each half
also has its own outlets (headers, bylines, footers).

Per story (a source with >= 5 sentence-like paragraphs and >= 150 words), in arrival order:
  positives (same story):
    original    the text under outlet A's header, byline and footer
    wire        the text under outlet B's boilerplate, with light edits (quote marks, dashes,
                said/says, a word changed or dropped, paragraphs merged or split, last one cut)
    brief       the first 2-4 paragraphs, another outlet, maybe light edits
    update      the whole text with 1-3 new paragraphs (at the top, the middle or the end),
                after the original
  hard negatives (each its own story):
    quote       another story (borrowed text) that quotes two consecutive paragraphs of this one
    byline      a short other story under exactly the original's byline and footer
    topic       other text on the same topic: borrowed paragraphs with this story's names swapped in
Borrowed text comes from "filler" sources never in the stream themselves, each paragraph used once.

    .venv/bin/python bench/neardup_dataset.py OUT_DIR   # writes dev.jsonl and heldout.jsonl
Each line: {"id", "text", "story", "kind", "source"}; "story" is the truth.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from handbook import HANDBOOK

GOLD = HANDBOOK / "corpus" / "pages" / "dragnet" / "gold"
SEED = HANDBOOK / "corpus" / "seed" / "expected.json"
SEED_VALUE = 20261129
HALVES = ("dev", "heldout")

OUTLETS = {
    "dev": ["Daily Ledger", "Northern Courier", "The Evening Post", "Metro Wire", "Coastal Herald",
            "Capital Tribune"],
    "heldout": ["Morning Gazette", "Valley Times", "The Continental", "Harbour Chronicle", "City Observer",
                "Global Dispatch"],
}
FIRST = {"dev": ["Anna", "Marc", "Priya", "Tom", "Lena", "Omar", "Julia", "Kenji"],
         "heldout": ["Sofia", "David", "Amara", "Lukas", "Nadia", "Pavel", "Grace", "Ines"]}
LAST = {"dev": ["Keller", "Okafor", "Ramos", "Lindqvist", "Haddad", "Moreau", "Chen", "Novak"],
        "heldout": ["Brennan", "Sato", "Adeyemi", "Fischer", "Costa", "Ivanova", "Murphy", "Dubois"]}
SECTIONS = ["World", "Politics", "Business", "Science", "Europe", "Asia", "Americas", "Sport", "Culture"]
FOOTERS = [
    "© 2026 {o}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
    "Copyright {o} 2026. Reproduction of this article in whole or in part is prohibited without the written consent of the publisher.",
    "Sign up for the {o} newsletter to get the day's most important stories delivered to your inbox every morning.",
    "{o} is committed to accurate reporting. If you spot an error in this story, please contact our corrections desk by email.",
    "Follow {o} on social media for breaking news, analysis and the latest updates from our correspondents around the world.",
]
SYNONYMS = {"said": "says", "says": "said", "told": "said to", "president": "leader", "government": "administration",
            "announced": "said", "killed": "left dead", "people": "persons", "officials": "authorities",
            "reported": "said", "however": "but", "also": "further", "including": "among them", "about": "around"}


@dataclass
class Source:
    name: str
    paragraphs: list[str]


@dataclass
class Outlet:
    name: str
    header: list[str]
    footer: list[str]

    def byline(self, rng: random.Random, half: str) -> str:
        return f"By {rng.choice(FIRST[half])} {rng.choice(LAST[half])}, {self.name}"


@dataclass
class Half:
    name: str
    rng: random.Random
    outlets: list[Outlet]
    fillers: list[list[str]]
    rows: list[dict] = field(default_factory=list)

    def borrow(self, count: int) -> list[str] | None:
        """``count`` consecutive paragraphs of one filler source, never handed out again."""
        for chunk in self.fillers:
            if len(chunk) >= count:
                taken, chunk[:] = chunk[:count], chunk[count:]
                return taken
        return None


def decode(data: bytes) -> str:
    """The gold texts are UTF-8, a few UTF-16 (with a BOM) or latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def load_sources() -> list[Source]:
    sources = []
    for path in sorted(GOLD.glob("*.txt")):
        text = decode(path.read_bytes())
        paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        sources.append(Source(f"dragnet/{path.stem}", paragraphs))
    seed = json.loads(SEED.read_text())["clean_text"]
    sources.append(Source("seed", [line for line in seed.splitlines() if line.strip()]))
    return sources


def half_of(source: Source) -> str:
    return HALVES[hashlib.sha256(source.name.encode()).digest()[0] % 2]


def sentence_like(paragraph: str) -> bool:
    return len(paragraph.split()) >= 15  # titles, datelines and captions are shorter


def is_story(source: Source) -> bool:
    body = [p for p in source.paragraphs if sentence_like(p)]
    return len(body) >= 5 and sum(len(p.split()) for p in body) >= 150


def make_outlet(name: str, rng: random.Random) -> Outlet:
    header = [f"{name} | {' | '.join(rng.sample(SECTIONS, 3))}", "Advertisement"]
    footer = [f.format(o=name) for f in rng.sample(FOOTERS, 2)]
    return Outlet(name, header, footer)


def dress(outlet: Outlet, paragraphs: list[str], byline: str) -> str:
    return "\n".join([*outlet.header, byline, *paragraphs, *outlet.footer])


def light_edits(paragraphs: list[str], rng: random.Random) -> list[str]:
    out = [p.replace('"', "\u201c", 1).replace(" - ", " \u2014 ") for p in paragraphs]
    for _ in range(rng.randint(1, 3)):  # a word changed or dropped
        i = rng.choice([k for k, p in enumerate(out) if len(p.split()) >= 8] or [0])
        words = out[i].split()
        j = rng.randrange(len(words))
        key = words[j].lower().strip(".,")
        words[j] = SYNONYMS.get(key, "") if key in SYNONYMS or rng.random() < 0.5 else words[j] + "s"
        out[i] = " ".join(w for w in words if w)
    out = [p for p in out if p]
    if len(out) > 3 and rng.random() < 0.5:  # two paragraphs merged
        i = rng.randrange(1, len(out) - 1)
        out[i:i + 2] = [out[i] + " " + out[i + 1]]
    if rng.random() < 0.5:  # a paragraph split at a sentence
        i = rng.randrange(len(out))
        parts = re.split(r"(?<=[.!?]) ", out[i], maxsplit=1)
        out[i:i + 1] = [p for p in parts if p]
    if len(out) > 5 and rng.random() < 0.4:  # the last paragraph cut
        out = out[:-1]
    return out


def capitalised_names(paragraphs: list[str]) -> list[str]:
    words = Counter(w for p in paragraphs for w in re.findall(r"\b[A-Z][a-z]{2,}\b", p))
    return [w for w, _ in words.most_common(12) if w not in {"The", "But", "And", "This", "That", "She", "His", "Her"}]


def build_story(half: Half, source: Source, story: str) -> list[dict]:
    rng = half.rng
    body = source.paragraphs
    rows: list[dict] = []

    def row(kind: str, text: str, truth: str = story) -> None:
        rows.append({"id": f"{story}:{kind}", "text": text, "story": truth, "kind": kind, "source": source.name})

    home, wire, brief_outlet, update_outlet = rng.sample(half.outlets, 4)
    byline = home.byline(rng, half.name)
    row("original", dress(home, body, byline))
    row("wire", dress(wire, light_edits(body, rng), wire.byline(rng, half.name)))
    lead = [p for p in body if sentence_like(p)]
    brief = lead[:rng.randint(2, 4)]
    row("brief", dress(brief_outlet, light_edits(brief, rng) if rng.random() < 0.5 else brief,
                       brief_outlet.byline(rng, half.name)))
    added = half.borrow(rng.randint(1, 3))
    if added:
        where = rng.choice(["top", "middle", "end"])
        at = {"top": 0, "middle": len(body) // 2, "end": len(body)}[where]
        row(f"update-{where}", dress(update_outlet, body[:at] + added + body[at:], byline))

    quoted_at = rng.randrange(0, len(lead) - 1)
    own = half.borrow(rng.randint(3, 6))
    if own:
        cut = rng.randint(1, len(own) - 1)
        quoting = [*own[:cut], f"As {home.name} reported: \u201c{lead[quoted_at]}", f"{lead[quoted_at + 1]}\u201d",
                   *own[cut:]]
        other = rng.choice(half.outlets)
        row("quote", dress(other, quoting, other.byline(rng, half.name)), f"{story}:quote")
    short = half.borrow(2)
    if short:
        row("byline", dress(home, short, byline), f"{story}:byline")
    names = capitalised_names(body)
    topic = half.borrow(rng.randint(4, 7))
    if topic and names:
        theirs = capitalised_names(topic)
        swap = dict(zip(theirs, names))
        swapped = [re.sub(r"\b[A-Z][a-z]{2,}\b", lambda m: swap.get(m.group(0), m.group(0)), p) for p in topic]
        other = rng.choice(half.outlets)
        row("topic", dress(other, swapped, other.byline(rng, half.name)), f"{story}:topic")
    return rows


def arrival_order(stories: list[list[dict]], rng: random.Random) -> list[dict]:
    """Interleave the stories at random; within a story the original comes before its update."""
    queues = []
    for rows in stories:
        rows = rows[:]
        rng.shuffle(rows)
        original = next(i for i, r in enumerate(rows) if r["kind"] == "original")
        update = next((i for i, r in enumerate(rows) if r["kind"].startswith("update")), None)
        if update is not None and update < original:
            rows[update], rows[original] = rows[original], rows[update]
        queues.append(rows)
    stream = []
    while queues:
        queue = rng.choice(queues)
        stream.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    return stream


def build() -> dict[str, list[dict]]:
    """{"dev": rows, "heldout": rows}, each in arrival order."""
    sources = load_sources()
    out = {}
    for name in HALVES:
        rng = random.Random(f"{SEED_VALUE}:{name}")
        mine = [s for s in sources if half_of(s) == name]
        candidates = [s for s in mine if is_story(s)]
        rng.shuffle(candidates)
        stories = candidates[: int(len(candidates) * 0.6)]
        fillers = [[p for p in s.paragraphs if sentence_like(p)] for s in mine if s not in stories]
        rng.shuffle(fillers)
        half = Half(name, rng, [make_outlet(o, rng) for o in OUTLETS[name]], fillers)
        built = [build_story(half, s, f"{name}{i:03d}") for i, s in enumerate(stories)]
        out[name] = arrival_order(built, rng)
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[1] if len(argv) > 1 else "var/neardup")
    target.mkdir(parents=True, exist_ok=True)
    for name, rows in build().items():
        with open(target / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        kinds = Counter(r["kind"].split("-")[0] for r in rows)
        print(f"{name}: {len(rows)} articles, {len({r['story'] for r in rows})} stories, {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
