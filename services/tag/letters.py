"""Names in the frame of a letter or an e-mail: whom it greets and who signs it.

Mail, forum posts and letters to the editor open with a greeting and close with a signature,
and the name there is usually a bare first name on a line of its own, which the model, with
no sentence around it, misses ("Jim,\\nTake a look at this", "Thanks\\nTraci"). Three frames:

- a greeting word and a capitalised word: "Dear Nina,", "Hey Vladi,", "Good morning Debra -";
- a line holding only a capitalised word and a comma, with text after it: "Priscilla,";
- a line holding only a capitalised word right after a closing line: "Thanks,\\nTraci".

Words that fill those frames without being names (greetings and closings themselves,
"Thanks,", "Hi all,", "Regards,") are a closed class of English, listed below; stop words
and places the knowledge base knows are not names either.
"""
from __future__ import annotations

import bisect
import re
from typing import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from services.tag.consistency import Mention

_NAME = r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_GREETING = re.compile(r"^[ \t]*(?:Dear|Hi|Hey|Hello|Hiya|Good\s+(?:morning|afternoon|evening|Morning|Afternoon|"
                       r"Evening))\s+" + _NAME + r"[ \t]*(?:[,:!\-–]|$)", re.MULTILINE)
_ADDRESSED = re.compile(r"^[ \t]*" + _NAME + r",[ \t]*\n(?=[ \t]*\S)", re.MULTILINE)
_SIGNATURE = re.compile(r"^[ \t]*(?:thanks|thank\s+you|thx|regards|best\s+regards|kind\s+regards|kindest\s+regards|"
                        r"best|best\s+wishes|cheers|sincerely|yours|yours\s+sincerely|yours\s+truly|take\s+care|"
                        r"love|talk\s+to\s+you\s+(?:later|soon)|keep\s+in\s+touch|see\s+you(?:\s+\w+){0,3})"
                        r"[ \t]*[,.!]*[ \t]*\n[ \t]*" + _NAME + r"[ \t]*$", re.MULTILINE | re.IGNORECASE)
# Greetings, closings and the words that address a group: they fill the frames, not names.
_NOT_NAMES = frozenset({"thanks", "thank", "thx", "regards", "best", "cheers", "sincerely", "yours", "love",
                        "hi", "hey", "hello", "hiya", "dear", "greetings", "welcome", "congratulations",
                        "all", "everyone", "everybody", "team", "folks", "guys", "gentlemen", "ladies", "sir",
                        "sirs", "madam", "there", "friends", "colleagues", "members", "yes", "no", "ok", "okay",
                        "well", "so", "now", "also", "however", "meanwhile", "again", "please", "sorry", "note"})


def add_letter_names(model_text: str, original: str, mentions: list[Mention],
                     is_place: Callable[[str], bool]) -> list[Mention]:
    """``mentions`` plus the names greeted or signing that no mention covers; by position."""
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [start for start, _ in taken]
    added: list[Mention] = []
    for pattern in (_GREETING, _ADDRESSED, _SIGNATURE):
        for match in pattern.finditer(model_text):
            start, end = match.span(1)
            word = match.group(1)
            key = word.casefold()
            if not word[0].isupper() or key in _NOT_NAMES or key in STOP_WORDS or is_place(word):
                continue
            i = bisect.bisect_right(starts, start)
            if (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
                continue
            if any(m.start == start for m in added):
                continue
            added.append(Mention(start, end, "PERSON", original[start:end], word))
    return sorted(mentions + added, key=lambda m: m.start)
