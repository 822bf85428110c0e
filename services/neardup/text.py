"""From cleaned text to what the near-duplicate index compares: lines, word shingles, line keys.

Words are Unicode ``\\w+`` runs, NFKC-normalised and case-folded, so quote styles, dashes,
punctuation and paragraph breaks do not make two copies of a story differ.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Line:
    key: int           # stable 64-bit hash of the line's words: how boilerplate lines are recognised
    words: list[str]


def split_lines(text: str) -> list[Line]:
    """The text's non-empty lines (paragraphs), each as its normalised words."""
    lines = []
    for raw in unicodedata.normalize("NFKC", text).splitlines():
        words = WORD.findall(raw.casefold())
        if words:
            digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
            lines.append(Line(int.from_bytes(digest, "big"), words))
    return lines


def shingle_hashes(words: list[str], size: int) -> np.ndarray:
    """Stable 32-bit hashes (CRC-32) of every run of ``size`` consecutive words, in text order.

    A text shorter than ``size`` words gives one shingle of all of it.
    """
    if not words:
        return np.empty(0, dtype=np.uint32)
    count = max(1, len(words) - size + 1)
    return np.fromiter((zlib.crc32(" ".join(words[i:i + size]).encode()) for i in range(count)),
                       dtype=np.uint32, count=count)
