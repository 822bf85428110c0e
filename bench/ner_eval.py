"""A small entity-level F1 evaluation in CoNLL label space: the bare model vs the tag service.

The data (tests/data/ner_eval.txt) is a handful of news stories written and annotated by hand
for this project. It is NOT the held-out CoNLL benchmark the issue's targets refer to (0.61
bare, 0.75 target): that is not available here. It is small, so read its numbers as a sanity
check of direction, not as a measurement of the target.

Both systems are scored the same way: OntoNotes labels mapped to CoNLL (PERSON->PER,
GPE/LOC/FAC->LOC, ORG->ORG, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC, the rest
dropped), a leading "the" and a trailing possessive trimmed from each predicted span (CoNLL
puts neither inside a name), exact span and label match.
"""
from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "ner_eval.txt"
CONLL = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
         "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
         "LAW": "MISC", "LANGUAGE": "MISC"}
_MARK = re.compile(r"\[(PER|LOC|ORG|MISC) ([^\]]+)\]")


def parse_document(annotated: str) -> tuple[str, set[tuple[int, int, str]]]:
    """Plain text and gold (start, end, label) spans of an inline-annotated document."""
    text, gold, position = [], set(), 0
    length = 0
    for mark in _MARK.finditer(annotated):
        before = annotated[position:mark.start()]
        text.append(before)
        length += len(before)
        name = mark.group(2)
        gold.add((length, length + len(name), mark.group(1)))
        text.append(name)
        length += len(name)
        position = mark.end()
    text.append(annotated[position:])
    return "".join(text), gold


def load(path: Path = DATA) -> list[tuple[str, set]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    docs = "\n".join(lines).split("-DOCSTART-")
    return [parse_document(doc.strip("\n")) for doc in docs if doc.strip()]


def to_conll(text: str, start: int, end: int, label: str):
    """A predicted OntoNotes span in CoNLL terms, or None when CoNLL has no such label."""
    conll = CONLL.get(label)
    if conll is None:
        return None
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    for suffix in (" 's", "'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    return (start, end, conll) if end > start else None


def score(gold: list[set], predicted: list[set]) -> dict:
    tp = sum(len(g & p) for g, p in zip(gold, predicted))
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def evaluate(nlp, tagger) -> dict:
    """{"bare": scores, "ours": scores} on the hand-annotated set."""
    docs = load()
    texts = [text for text, _ in docs]
    gold = [spans for _, spans in docs]
    bare = [{s for s in (to_conll(t, e.start_char, e.end_char, e.label_) for e in doc.ents) if s}
            for t, doc in zip(texts, nlp.pipe(texts))]
    ours = [{s for s in (to_conll(t, e.start, e.end, e.label) for e in result.entities) if s}
            for t, result in zip(texts, tagger.tag_many(texts))]
    return {"bare": score(gold, bare), "ours": score(gold, ours), "documents": len(docs)}


if __name__ == "__main__":
    from services.tag.tagger import Tagger

    tagger = Tagger()
    result = evaluate(tagger.nlp, tagger)
    for name in ("bare", "ours"):
        s = result[name]
        print(f"{name:5s} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
              f"(gold {s['gold']}, predicted {s['predicted']})")
