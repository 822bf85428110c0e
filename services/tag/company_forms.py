"""A company's legal form after a comma: "CCNG, Inc.", "Enron Broadband Services, Inc.".

The model stops a company's name at the comma and leaves the form out, or tags the form alone
("Inc" as a place). The name is the company with its form: one ORG mention, decided (the form
says what kind of thing the name is).
"""
from __future__ import annotations

import re

from services.tag.consistency import NAME_LABELS, Mention

# A space before the comma too: tokenised text (CoNLL-2003's) writes "CCNG , Inc."
_FORM_AFTER_COMMA = re.compile(r"[ \t]?,[ \t]*(?:Inc\.?|Ltd\.?|LLC|L\.L\.C\.|Corp\.?|Co\.|L\.P\.|LP|PLC|plc|GmbH|AG|"
                               r"S\.A\.|N\.V\.|Pty\.?[ \t]+Ltd\.?)(?![\w&])")


def extend_company_forms(original: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions with "Name, Inc." as one ORG; mentions inside the form are dropped. Read in the
    original text (re-cased shouted lines write the form in lower case)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    swallowed_until = -1
    for mention in ordered:
        if mention.start < swallowed_until:
            continue
        form = _FORM_AFTER_COMMA.match(original, mention.end) if mention.label in NAME_LABELS else None
        if form is not None and mention.label != "DATE":
            end = form.end()
            mention = Mention(mention.start, end, "ORG", original[mention.start:end],
                              mention.form + original[mention.end:end], decided=True)
            swallowed_until = end
        out.append(mention)
    return out
