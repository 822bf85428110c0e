"""Products named with a version number: "Lumo 3.2", "Tessel OS 10.4.1".

A dotted version number right after a name makes the name a product (OntoNotes PRODUCT; MISC in
CoNLL-2003), and the number is part of the product's name: the model calls such software an
organisation ("KDE") and stops before the number. Only dotted versions: a plain number after a
name is as often a score, a route or a district ("Virginia 13").
"""
from __future__ import annotations

import re

from services.tag.consistency import Mention

# Not a figure: a number followed by a unit or another number is a quantity ("Kestrel 2.5
# percent", a table's "7.5 7.7"), not a version.
_VERSION_AFTER = re.compile(r"[ \t](\d{1,3}(?:\.\d{1,3}){1,3})(?![\w.]*\d)(?!\.\d)"
                            r"(?![ \t]*(?:[%(\d]|(?:percent|per cent|pct|points?|pts|million|billion|bn|mln|m|km|kg)"
                            r"\b))")
# A place, a nationality or a building before a number is a table's row ("Belgium 7.5"), never
# software.
_NAMES_BEFORE_A_VERSION = frozenset({"ORG", "PRODUCT", "WORK_OF_ART"})


def versioned_products(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions of names followed by a dotted version number, extended over it as products."""
    starts = {m.start for m in mentions}
    out = []
    for mention in mentions:
        version = _VERSION_AFTER.match(model_text, mention.end)
        if (mention.label in _NAMES_BEFORE_A_VERSION and version is not None
                and version.start(1) not in starts and "\n" not in mention.form):
            end = version.end(1)
            mention = Mention(mention.start, end, "PRODUCT", original[mention.start:end],
                              model_text[mention.start:end], decided=True)
        out.append(mention)
    return out
