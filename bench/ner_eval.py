"""Entity-level F1 of the bare model and of the tag service on the dev sets (docs/tagging.md).

- news dev: 39 real news articles (the handbook's dragnet gold pages, read at run time)
  annotated by hand in CoNLL-2003 labels (bench/data/news_ner_dev.jsonl, built by
  bench/news_ner_build.py), in two halves (file order), both used for tuning; part C,
  19 more articles annotated later and blind (bench/data/news_ner_dev_c.jsonl), tuned on from
  the fifth round, and part D, 11 more annotated after C and never tuned on
  (bench/data/news_ner_dev_d.jsonl), each reported on its own; part E, 5 articles from another
  source (the handbook's CleanEval-dev gold pages, 2007 web text, read as
  score_cleaning.gold_text reads them), never tuned on (bench/data/news_ner_dev_e.jsonl),
  reported on its own;
- Universal NER English-EWT dev (../shared), in two halves;
- two small invented sets (tests/data/ner_eval.txt, ner_sports_business.txt).

None of these is a held-out benchmark of the issue's targets (CoNLL-2003 test, UNER test).

Both systems are scored the same way: OntoNotes labels mapped to CoNLL (PERSON->PER,
GPE/LOC/FAC->LOC, ORG->ORG, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC, the rest
dropped), a leading "the" and a trailing possessive trimmed from each predicted span (CoNLL
puts neither inside a name), exact span and label match.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook import CORPUS  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "ner_eval.txt"
TABLES = DATA.with_name("ner_sports_business.txt")
UNER_DEV = CORPUS / "ner" / "uner-en-ewt" / "dev.iob2"
NEWS_DEV = Path(__file__).resolve().parent / "data" / "news_ner_dev.jsonl"
NEWS_DEV_C = NEWS_DEV.with_name("news_ner_dev_c.jsonl")
NEWS_DEV_D = NEWS_DEV.with_name("news_ner_dev_d.jsonl")
NEWS_DEV_E = NEWS_DEV.with_name("news_ner_dev_e.jsonl")
CONLL = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
         "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
         "LAW": "MISC", "LANGUAGE": "MISC"}
# Universal NER has PER, LOC (places and facilities), ORG, and nothing for nationalities or events.
UNER = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
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


def load_iob2(path: Path = UNER_DEV) -> list[tuple[str, set]]:
    """Documents of a Universal NER IOB2 file: the sentences' ``# text`` lines joined by
    newlines, and the gold (start, end, label) spans, each token found in its sentence's text."""
    docs: list[tuple[str, set]] = []
    text_parts: list[str] = []
    gold: set = set()
    sentence, tokens = "", []

    def close_sentence():
        nonlocal sentence, tokens
        if not sentence and not tokens:
            return
        base = sum(len(part) + 1 for part in text_parts)
        position, open_span = 0, None
        for token, tag in tokens:
            found = sentence.find(token, position)
            if found == -1:
                raise ValueError(f"token {token!r} not in sentence {sentence!r}")
            start, end = base + found, base + found + len(token)
            position = found + len(token)
            if tag.startswith("I-") and open_span and open_span[2] == tag[2:]:
                open_span[1] = end
                continue
            if open_span:
                gold.add(tuple(open_span))
            open_span = [start, end, tag[2:]] if tag != "O" else None
        if open_span:
            gold.add(tuple(open_span))
        text_parts.append(sentence)
        sentence, tokens = "", []

    def close_document():
        nonlocal text_parts, gold
        close_sentence()
        if text_parts:
            docs.append(("\n".join(text_parts), gold))
        text_parts, gold = [], set()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            close_document()
        elif line.startswith("# text = "):
            sentence = line[len("# text = "):]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            close_sentence()
        else:
            fields = line.split("\t")
            tokens.append((fields[1], fields[2]))
    close_document()
    return docs


def load_news(path: Path = NEWS_DEV, cleaneval: bool = False) -> list[tuple[str, set]]:
    """The news dev set: each article's text read from the handbook's dragnet gold page, or for
    part E (``cleaneval``) its CleanEval-dev gold page, as bench/news_ner_build.py reads it, and
    its gold (start, end, label) spans."""
    from news_ner_build import read_cleaneval_page, read_page

    reader = read_cleaneval_page if cleaneval else read_page
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs.append((reader(row["file"]), {tuple(span) for span in row["entities"]}))
    return docs


def to_conll(text: str, start: int, end: int, label: str, mapping: dict = CONLL):
    """A predicted OntoNotes span in CoNLL terms, or None when CoNLL has no such label."""
    conll = mapping.get(label)
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


def score(gold: list[set], predicted: list[set], label: str | None = None) -> dict:
    """Entity-level precision, recall and F1 (exact span and label), of one label or all."""
    if label is not None:
        gold = [{s for s in g if s[2] == label} for g in gold]
        predicted = [{s for s in p if s[2] == label} for p in predicted]
    tp = sum(len(g & p) for g, p in zip(gold, predicted))
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def predict(nlp, tagger, texts: list[str], mapping: dict) -> tuple[list[set], list[set]]:
    """(bare, ours) predicted spans per text, in the evaluation's label space."""
    bare = [{s for s in (to_conll(t, e.start_char, e.end_char, e.label_, mapping) for e in doc.ents) if s}
            for t, doc in zip(texts, nlp.pipe(texts))]
    ours = [{s for s in (to_conll(t, e.start, e.end, e.label, mapping) for e in result.entities) if s}
            for t, result in zip(texts, tagger.tag_many(texts))]
    return bare, ours


def dev_sets() -> list[tuple[str, list, dict, tuple]]:
    """(name, documents, label mapping, labels) of every dev set; the news set and UNER are also
    split in halves (documents in file order), so a rule that helps one half only shows. The
    news set's parts C (tuned on from the fifth round), D and E (never tuned on; E from another
    source) are each scored apart, not in the news total."""
    uner = load_iob2()
    half = len(uner) // 2
    news = load_news()
    news_half = len(news) // 2
    news_c = load_news(NEWS_DEV_C)
    news_d = load_news(NEWS_DEV_D)
    news_e = load_news(NEWS_DEV_E, cleaneval=True)
    conll_labels = ("PER", "LOC", "ORG", "MISC")
    return [
        (f"news dev ({len(news)} dragnet articles)", news, CONLL, conll_labels),
        ("  half A", news[:news_half], CONLL, conll_labels),
        ("  half B", news[news_half:], CONLL, conll_labels),
        (f"news part C ({len(news_c)}, tuned from rd 5)", news_c, CONLL, conll_labels),
        (f"news part D ({len(news_d)}, untuned)", news_d, CONLL, conll_labels),
        (f"news part E ({len(news_e)} CleanEval, untuned)", news_e, CONLL, conll_labels),
        ("UNER en-ewt dev", uner, UNER, ("PER", "LOC", "ORG")),
        ("  half A", uner[:half], UNER, ("PER", "LOC", "ORG")),
        ("  half B", uner[half:], UNER, ("PER", "LOC", "ORG")),
        ("hand news (ner_eval.txt)", load(DATA), CONLL, ("PER", "LOC", "ORG", "MISC")),
        ("hand tables (ner_sports_business.txt)", load(TABLES), CONLL, ("PER", "LOC", "ORG", "MISC")),
    ]


def evaluate_all(nlp, tagger) -> list[dict]:
    """One row per (dev set, system): overall and per-label scores."""
    rows = []
    for name, docs, mapping, labels in dev_sets():
        texts = [text for text, _ in docs]
        gold = [spans for _, spans in docs]
        for system, predicted in zip(("bare", "ours"), predict(nlp, tagger, texts, mapping)):
            rows.append({"set": name, "system": system, "documents": len(docs), **score(gold, predicted),
                         "labels": {label: score(gold, predicted, label) for label in labels}})
    return rows


def format_rows(rows: list[dict]) -> str:
    lines = [f"{'dev set':40s} {'system':6s} {'P':>6s} {'R':>6s} {'F1':>6s}  per label F1 (P/R for ORG)"]
    for row in rows:
        labels = "  ".join(f"{label} {s['f1']:.3f}" + (f" ({s['precision']:.2f}/{s['recall']:.2f})"
                                                         if label == "ORG" else "")
                           for label, s in row["labels"].items())
        lines.append(f"{row['set']:40s} {row['system']:6s} {row['precision']:6.3f} {row['recall']:6.3f} "
                     f"{row['f1']:6.3f}  {labels}")
    return "\n".join(lines)


if __name__ == "__main__":
    from services.tag.tagger import Tagger

    tagger = Tagger()
    print(format_rows(evaluate_all(tagger.nlp, tagger)))
