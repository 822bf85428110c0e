"""NearDuplicateIndex: is this article a copy of a story already seen, and of which first article?

Two steps, so that a lookup does not get slower as the corpus grows:

1. candidates: a datasketch MinHashLSH over each article's *lead* (its first ``lead_words`` words
   from the first line that reads like a sentence). A new article queries with the leads that start
   at its first few such lines, so a copy with another header, a brief (same lead) or an update with
   a new top paragraph (the old lead further down) all meet the original.
2. verification, exact on the candidates only: the share of the shorter article's word shingles
   found in the longer (containment). A brief or an update contains nearly all of the shorter
   text; a story that quotes two paragraphs of another, or shares a byline and a footer, does not.

Lines seen in ``boilerplate_stories`` or more distinct stories (bylines, footers, site furniture)
are boilerplate: left out of the lead and of the shingles from then on.
"""
from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
from datasketch import MinHash, MinHashLSH

from .text import Line, shingle_hashes, split_lines

SCHEME = "affine32"  # datasketch's 32-bit MinHash scheme; our shingle hashes are 32-bit already


@dataclass(frozen=True)
class Params:
    shingle_words: int = 4          # words per shingle
    containment: float = 0.8        # share of the shorter text's shingles found in the longer
    min_shared: int = 15            # fewer shared shingles than this is never a copy (a sentence or so)
    lead_words: int = 50            # words of a lead, what the LSH indexes
    lead_line_words: int = 15       # a lead starts at a line with at least this many words
    query_leads: int = 4            # leads a new article queries with (at its first N such lines)
    boilerplate_stories: int = 3    # a line seen in this many distinct stories is boilerplate
    num_perm: int = 128
    lsh_threshold: float = 0.3      # Jaccard of two leads above which LSH should return the pair


@dataclass
class _Article:
    article_id: str
    root: int                  # seq of the first article of its story (itself when original)
    shingles: np.ndarray       # sorted unique uint32 shingle hashes of its content at arrival
    line_keys: np.ndarray      # uint64 keys of its lines
    line_words: np.ndarray     # uint32 words each line gave its shingles (0: boilerplate at arrival)
    lead: np.ndarray | None    # MinHash values of its lead, or None when it has no words


def _identity(value: int) -> int:  # shingles arrive hashed (32-bit); MinHash need not hash again
    return int(value)


class NearDuplicateIndex:
    """Articles in arrival order; ``add`` says which earlier story each one copies."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self._seq_of: dict[str, int] = {}
        self._articles: list[_Article] = []
        self._fullest: dict[int, int] = {}  # story (root seq) -> seq of its longest article so far
        self._line_stories: dict[int, int | tuple[int, ...]] = {}  # line key -> root(s) seen, up to the cap
        self._permutations = MinHash(self.params.num_perm, hashfunc=_identity).permutations
        self._lsh = MinHashLSH(threshold=self.params.lsh_threshold, num_perm=self.params.num_perm)

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._seq_of

    def add(self, article_id: str, text: str) -> str | None:
        """Record the article; return the id of the first article of its story, or None if it is the first.

        Adding an id again (a replayed message) changes nothing and gives the same answer.
        """
        if article_id in self._seq_of:
            return self.duplicate_of(article_id)
        lines, shingles, leads = self._read(text)
        seq = len(self._articles)
        root = self._best_root(shingles, leads) if len(shingles) >= self.params.min_shared else None
        root = seq if root is None else root
        self._articles.append(_Article(
            article_id, root, shingles,
            np.fromiter((line.key for line in lines), dtype=np.uint64, count=len(lines)),
            np.fromiter((0 if self._is_boilerplate(line.key) else len(line.words) for line in lines),
                        dtype=np.uint32, count=len(lines)),
            leads[0].hashvalues if leads else None))
        self._seq_of[article_id] = seq
        if leads:
            self._lsh.insert(seq, leads[0], check_duplication=False)
        self._count_lines(lines, root)
        self._note_fullest(seq)
        return None if root == seq else self._articles[root].article_id

    def duplicate_of(self, article_id: str) -> str | None:
        article = self._articles[self._seq_of[article_id]]
        root = self._articles[article.root]
        return None if root is article else root.article_id

    def candidates(self, text: str) -> list[str]:
        """The articles the LSH proposes for ``text`` before verification (to explain a decision)."""
        *_, leads = self._read(text)
        return [self._articles[seq].article_id for seq in sorted(self._candidate_seqs(leads))]

    # -- deciding -------------------------------------------------------------------------------

    def _read(self, text: str) -> tuple[list[Line], np.ndarray, list[MinHash]]:
        """The text's lines, its content's unique shingles, and the MinHash of each of its leads."""
        p = self.params
        lines = split_lines(text)
        content = [line for line in lines if not self._is_boilerplate(line.key)]
        words, lead_starts = _words_and_lead_starts(content, p.lead_line_words)
        ordered = shingle_hashes(words, p.shingle_words)
        lead_shingles = max(1, p.lead_words - p.shingle_words + 1)
        leads = [self._minhash(ordered[start:start + lead_shingles])
                 for start in lead_starts[:p.query_leads] if start < len(ordered)]
        return lines, np.unique(ordered), leads

    def _candidate_seqs(self, leads: list[MinHash]) -> set[int]:
        candidates: set[int] = set()
        for lead in leads:
            candidates.update(self._lsh.query(lead))
        return candidates

    def _best_root(self, shingles: np.ndarray, leads: list[MinHash]) -> int | None:
        candidates = self._candidate_seqs(leads)
        best, best_score = None, 0.0
        for seq in sorted(candidates):  # sorted: on a tie the earliest article wins
            score = self._containment(shingles, self._articles[seq])
            if score >= self.params.containment and score > best_score and self._matches_fullest(shingles, seq):
                best, best_score = seq, score
        return None if best is None else self._articles[best].root

    def _matches_fullest(self, shingles: np.ndarray, seq: int) -> bool:
        """A copy of one version is a copy of the story only if it also matches the story's fullest version.

        Without this, a story quoting the two paragraphs a brief is made of would join the brief's story.
        """
        fullest = self._fullest[self._articles[seq].root]
        return fullest == seq or self._containment(shingles, self._articles[fullest]) >= self.params.containment

    def _containment(self, shingles: np.ndarray, other: _Article) -> float:
        shared = np.intersect1d(shingles, other.shingles, assume_unique=True).size
        if shared < self.params.min_shared:
            return 0.0
        # the other's lines that became boilerplate since it arrived no longer count in its size
        stale = sum(int(words) for key, words in zip(other.line_keys.tolist(), other.line_words)
                    if self._is_boilerplate(key))
        other_size = max(len(other.shingles) - stale, shared)
        return shared / min(len(shingles), other_size)

    def _minhash(self, shingles: np.ndarray) -> MinHash:
        minhash = MinHash(self.params.num_perm, hashfunc=_identity, permutations=self._permutations,
                          scheme=SCHEME)
        minhash.update_batch(shingles.tolist())
        return minhash

    def _note_fullest(self, seq: int) -> None:
        article = self._articles[seq]
        fullest = self._fullest.get(article.root)
        if fullest is None or len(article.shingles) > len(self._articles[fullest].shingles):
            self._fullest[article.root] = seq

    # -- boilerplate lines ----------------------------------------------------------------------

    def _is_boilerplate(self, key: int) -> bool:
        stories = self._line_stories.get(key)
        return isinstance(stories, tuple) and len(stories) >= self.params.boilerplate_stories

    def _count_lines(self, lines: list[Line], root: int) -> None:
        cap = self.params.boilerplate_stories
        for line in lines:
            seen = self._line_stories.get(line.key)
            if seen is None:
                self._line_stories[line.key] = root if cap > 1 else (root,)
            elif isinstance(seen, int):
                if seen != root:
                    self._line_stories[line.key] = (seen, root)
            elif len(seen) < cap and root not in seen:
                self._line_stories[line.key] = (*seen, root)

    # -- state ----------------------------------------------------------------------------------

    def records(self) -> Iterator[dict]:
        """The state as JSON-ready records, one per article in arrival order (see ``from_records``)."""
        for seq in range(len(self._articles)):
            yield self._record(seq)

    def record_of(self, article_id: str) -> dict:
        """The one record ``add`` made for ``article_id``: what a durable store appends."""
        return self._record(self._seq_of[article_id])

    def _record(self, seq: int) -> dict:
        article = self._articles[seq]
        return {"seq": seq, "id": article.article_id,
                "duplicate_of": None if article.root == seq else self._articles[article.root].article_id,
                "shingles": _b64(article.shingles),
                "line_keys": _b64(article.line_keys), "line_words": _b64(article.line_words),
                "lead": None if article.lead is None else _b64(article.lead)}

    @classmethod
    def from_records(cls, records: Iterable[dict], params: Params | None = None) -> NearDuplicateIndex:
        """Rebuild an index from ``records()`` (in any order): the same answers as before, no texts needed."""
        index = cls(params)
        for record in sorted(records, key=lambda r: r["seq"]):
            seq = len(index._articles)
            if record["seq"] != seq:
                raise ValueError(f"records are not contiguous: expected seq {seq}, got {record['seq']}")
            root = seq if record["duplicate_of"] is None else index._seq_of[record["duplicate_of"]]
            lead = None if record["lead"] is None else _unb64(record["lead"], np.uint32)
            article = _Article(record["id"], root, _unb64(record["shingles"], np.uint32),
                               _unb64(record["line_keys"], np.uint64), _unb64(record["line_words"], np.uint32),
                               lead)
            index._articles.append(article)
            index._seq_of[article.article_id] = seq
            if lead is not None:
                index._lsh.insert(seq, MinHash(hashvalues=lead, permutations=index._permutations,
                                               hashfunc=_identity, scheme=SCHEME), check_duplication=False)
            index._count_lines([Line(key, []) for key in article.line_keys.tolist()], root)
            index._note_fullest(seq)
        return index

    def save(self, path: Path) -> None:
        """Write the parameters, then one record per line (JSON lines)."""
        with open(path, "w", encoding="utf-8") as out:
            out.write(json.dumps({"params": asdict(self.params)}) + "\n")
            for record in self.records():
                out.write(json.dumps(record) + "\n")

    @classmethod
    def load(cls, path: Path) -> NearDuplicateIndex:
        with open(path, encoding="utf-8") as source:
            params = Params(**json.loads(next(source))["params"])
            return cls.from_records((json.loads(line) for line in source if line.strip()), params)


def _words_and_lead_starts(lines: list[Line], lead_line_words: int) -> tuple[list[str], list[int]]:
    """All the lines' words in order, and the word offsets where a sentence-like line starts."""
    words: list[str] = []
    starts: list[int] = []
    for line in lines:
        if len(line.words) >= lead_line_words:
            starts.append(len(words))
        words.extend(line.words)
    return words, starts or [0]


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(array.astype(array.dtype.newbyteorder("<")).tobytes()).decode()


def _unb64(text: str, dtype) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
