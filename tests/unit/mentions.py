"""Mentions placed in a test's text by their surface form, for the tagger's rule tests."""
from __future__ import annotations

from services.tag.consistency import Mention


def mention_at(text: str, form: str, label: str, occurrence: int = 0, *, after: int = 0) -> Mention:
    """The ``occurrence``-th (from 0) mention of ``form`` at or after character ``after``."""
    start = after - 1
    for _ in range(occurrence + 1):
        start = text.index(form, start + 1)
    return Mention(start, start + len(form), label, form, form)


def mentions_in_order(text: str, forms: list[tuple[str, str]]) -> list[Mention]:
    """One mention per (form, label), at the form's first occurrence after the previous one."""
    out, position = [], 0
    for form, label in forms:
        start = text.index(form, position)
        out.append(Mention(start, start + len(form), label, form, form))
        position = start + len(form)
    return out


def labels_of(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.label) for m in mentions]
