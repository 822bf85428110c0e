"""Case-insensitive patterns searched in a block, the fast way.

Python's regular expressions skip ahead to the characters a match can start with only in a
case-sensitive search; with IGNORECASE they try every position, about four times slower. So
a block of ASCII text is searched in its lower-cased ``key`` with the pattern compiled
case-sensitive. For ASCII text that finds what the case-insensitive search of the text finds:
lower-casing turns each ASCII letter into the one the pattern's lower-case letter matches, and
changes no length. Other text is searched as it is, case-insensitively, since lower-casing some
non-ASCII letters changes what they match, or the text's length ("İ" becomes two characters).
"""
from __future__ import annotations

import re

from .features import Block


class Caseless:
    """A case-insensitive pattern, written in lower case (checked here: an upper-case letter
    would never match a lower-cased key)."""

    def __init__(self, pattern: str) -> None:
        if re.search("[A-Z]", re.sub(r"\\.", "", pattern)):  # escapes (\W, \S) aside
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self.regex = re.compile(pattern, re.I)  # for any text
        self._lower = re.compile(pattern)  # for the lower-cased key of ASCII text

    def search(self, block: Block) -> bool:
        """True when the pattern occurs in the block's text, in any case."""
        if block.text.isascii():
            return self._lower.search(block.key) is not None
        return self.regex.search(block.text) is not None

    def sub_in_key(self, replacement: str, block: Block) -> str:
        """The block's lower-cased text with every occurrence replaced."""
        return (self._lower if block.text.isascii() else self.regex).sub(replacement, block.key)
