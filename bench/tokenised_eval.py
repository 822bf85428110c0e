"""Entity F1 on tokenised text: the dev sets written as CoNLL-2003 writes its text.

CoNLL-2003 has no running text, only tokens; a tagger is scored on them joined by spaces:
"Japan 's coach said : " We did n't win . " ( AP )". The tag service's rules read punctuation
("Name, Inc.", "(IUCN)", quoted titles), so this bench re-writes every document of the dev
sets that way (``tokenise``: Penn Treebank's splits, roughly, the way CoNLL-2003's tokens are
cut; the lines kept as they are; not spaCy's tokenizer, which splits hyphenated words that
CoNLL-2003 keeps whole: "AL-AIN") and scores the bare model and ours on the original text,
the tokenised one and the tokenised one with a sentence a line (``one_sentence_a_line``),
with bench/ner_eval.py's labels and span rules. The gold spans move with
their tokens; a span that does not start and end on a token's edge is reported and left out
(0 to 4 per part). Parts D and E (never tuned on) only with ``--untuned``.

    .venv/bin/python bench/tokenised_eval.py [--untuned]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ner_eval  # noqa: E402

_CLITIC = r"(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b"
# Abbreviations that keep their full stop as one token (titles, company forms, months, US states).
_ABBREVIATION = (r"(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Ft|Jr|Sr|Gen|Gov|Sen|Rep|Corp|Inc|Co|Ltd|Bros|No|vs|Jan|Feb|Aug|"
                 r"Sept|Oct|Nov|Dec|Calif|Colo|Ariz|Pa|Mich|Wash|Mass|Conn|Fla|Ga|Ill|Ind|Md|Minn|Mo|Okla|Ore|"
                 r"Tenn|Tex|Va|Wis|Ky|La|Ala|Nev|Neb|Kan)\.(?![A-Za-z])")
_TOKEN = re.compile(
    r"(?:https?://|www\.)\S+?(?=[,.;:!?)\"']*(?:\s|$))|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an address is one token
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|uk|htm|html|pdf|doc|jpg|png|gif)\b"
    r"|\w+(?=n['’]t\b)|n['’]t\b"                 # "did n't"
    r"|['’]" + _CLITIC +                          # "Japan 's", "we 're"
    r"|(?:[A-Za-z]\.){2,}|[A-Z]\.(?=\s)"          # "U.S.", an initial: "George W. Bush"
    r"|" + _ABBREVIATION +
    r"|(?:[A-Z]\.)+[A-Z]+\b"                      # "E.ON"
    r"|\d+(?:[.,:/-]\d+)*"                        # "1,000", "3.5", "1996-12-06"
    r"|\w+(?:[-&]\w+|['’](?!" + _CLITIC + r")\w+)*"  # "AL-AIN", "AT&T", "O'Neill"
    r"|\S")                                       # any other mark alone


def tokenise(text: str, spans: set) -> tuple[str, set, int]:
    """(``text`` with its tokens joined by single spaces, line by line; ``spans`` moved with
    their tokens; how many spans do not start and end on a token's edge)."""
    out, position, offset = [], 0, 0
    starts, ends = {}, {}
    for number, line in enumerate(text.split("\n")):
        if number:
            out.append("\n")
            position += 1
        for index, token in enumerate(_TOKEN.finditer(line)):
            if index:
                out.append(" ")
                position += 1
            starts[offset + token.start()] = position
            ends[offset + token.end()] = position + len(token.group())
            out.append(token.group())
            position += len(token.group())
        offset += len(line) + 1
    moved = {(starts[s], ends[e], label) for s, e, label in spans if s in starts and e in ends}
    return "".join(out), moved, len(spans) - len(moved)


# The space after a sentence's last token (a full stop, "?" or "!", or a quote after one) when a
# capital, a bracket or a quote follows.
_SENTENCE_GAP = re.compile(r"(?<= [.!?])(?: \")? (?=[\"(]? ?[A-Z])")


def one_sentence_a_line(tokenised: str) -> str:
    """``tokenised`` with a line per sentence, as CoNLL-2003 stores it: the space after each
    sentence becomes a line break, so every offset stays where it was. A quote after the full
    stop goes with the sentence when it closes one (an odd count of quotes on the line so far)."""
    def gap(found: re.Match) -> str:
        if found.group() == " ":
            return "\n"
        line_start = tokenised.rfind("\n", 0, found.start()) + 1
        closes = tokenised.count('"', line_start, found.start() + 2) % 2 == 0
        return ' "\n' if closes else '\n" '
    return _SENTENCE_GAP.sub(gap, tokenised)


def dev_parts(untuned: bool) -> list[tuple[str, list, dict]]:
    news = ner_eval.load_news()
    half = len(news) // 2
    uner = ner_eval.load_iob2()
    uner_half = len(uner) // 2
    parts = [
        ("news half A", news[:half], ner_eval.CONLL),
        ("news half B", news[half:], ner_eval.CONLL),
        ("news part C", ner_eval.load_news(ner_eval.NEWS_DEV_C), ner_eval.CONLL),
        ("UNER dev half A", uner[:uner_half], ner_eval.UNER),
        ("UNER dev half B", uner[uner_half:], ner_eval.UNER),
        ("hand news", ner_eval.load(ner_eval.DATA), ner_eval.CONLL),
        ("hand tables", ner_eval.load(ner_eval.TABLES), ner_eval.CONLL),
    ]
    if untuned:
        parts.append(("news part D (untuned)", ner_eval.load_news(ner_eval.NEWS_DEV_D), ner_eval.CONLL))
        parts.append(("news part E (untuned)", ner_eval.load_news(ner_eval.NEWS_DEV_E, cleaneval=True),
                      ner_eval.CONLL))
    return parts


def evaluate_part(nlp, tagger, docs: list, mapping: dict) -> tuple[list[dict], int]:
    """One row per (text version, system), and the gold spans left out of the tokenised texts."""
    tokenised = [tokenise(text, spans) for text, spans in docs]
    versions = (("original", [t for t, _ in docs], [s for _, s in docs]),
                ("tokenised", [t for t, _, _ in tokenised], [s for _, s, _ in tokenised]),
                ("sentences", [one_sentence_a_line(t) for t, _, _ in tokenised], [s for _, s, _ in tokenised]))
    rows = []
    for version, texts, gold in versions:
        bare, ours = ner_eval.predict(nlp, tagger, texts, mapping)
        for system, predicted in (("bare", bare), ("ours", ours)):
            rows.append({"version": version, "system": system, **ner_eval.score(gold, predicted),
                         "ORG": ner_eval.score(gold, predicted, "ORG")})
    return rows, sum(left for _, _, left in tokenised)


def format_part(name: str, rows: list[dict], left_out: int) -> str:
    lines = [f"{name} (gold mentions: {rows[0]['gold']}; off a token's edge, left out when tokenised: {left_out})"]
    for row in rows:
        lines.append(f"  {row['version']:10s} {row['system']:4s}  P {row['precision']:.3f} R {row['recall']:.3f} "
                     f"F1 {row['f1']:.3f}  ORG {row['ORG']['f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from services.tag.tagger import Tagger

    tagger = Tagger()
    for name, docs, mapping in dev_parts("--untuned" in argv):
        print(format_part(name, *evaluate_part(tagger.nlp, tagger, docs, mapping)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
