"""The edges of a mention: words the model runs into a name that are not part of it.

A name starts with a capitalised word or "the" and ends with a name word, so an article ("an
Iranian Opposition Group") is cut off its start, and a lower-case function word ("Google, Inc.
of") off its end. News annotation (CoNLL-2003, Universal NER) has neither inside a name, and a
facet should not either. "the" stays: it is part of some names, and facets drop it already
(``consistency.display_form``).
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import NAME_LABELS, Mention

_LEADING_ARTICLE = re.compile(r"^(?:an?)\s+(?=\S)")
_LAST_WORD = re.compile(r"\s+(\S+)$")


def trim_edges(mentions: list[Mention]) -> list[Mention]:
    """Mentions of names without a leading "a"/"an" or trailing lower-case stop words; a mention
    left empty is dropped."""
    out = []
    for mention in mentions:
        if mention.label in NAME_LABELS:
            form = mention.form
            lead = _LEADING_ARTICLE.match(form)
            cut_start = lead.end() if lead else 0
            end = len(form)
            while (last := _LAST_WORD.search(form, cut_start, end)) and last.group(1) in STOP_WORDS:
                end = last.start()
            if cut_start or end < len(form):
                if cut_start >= end:
                    continue
                mention = Mention(mention.start + cut_start, mention.start + end, mention.label,
                                  mention.text[cut_start:end], form[cut_start:end], decided=mention.decided)
        out.append(mention)
    return out
