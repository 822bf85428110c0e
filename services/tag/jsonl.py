"""``newsflow tag --jsonl``: the tag service's own code over JSON lines, for evaluation and debugging.

Input, one object a line: ``{"id": ..., "text": ..., "language": ...}`` (``language``, ISO
639-1 as articles carry it, is optional: none means English, as in the service). Output, one
line per input line, in order: ``{"id": ..., "entities": [{"start", "end", "label", "text",
"canonical"}]}``, plus ``"outcome": "untagged_language"`` (and no entities) when no model reads
the line's language. Lines are tagged in batches of ``NEWSFLOW_TAG_BATCH_SIZE`` through
``Taggers.tag_many``, as the service does. A line that is not such an object gets
``{"id": ..., "error": ...}`` and the run goes on; the exit status is then 1.
"""
from __future__ import annotations

from typing import IO, Optional

from services.jsonl import BadLine, json_objects, write_row
from services.tag.languages import Taggers
from services.tag.tagger import Tagger
from shared.labels import Outcome
from shared.settings import get_settings

_FIELDS = ("start", "end", "label", "text", "canonical")


def _parse(doc: dict | BadLine) -> tuple[object, Optional[tuple[str, Optional[str]]], Optional[str]]:
    """(id, (text, language), error) of one input line."""
    if isinstance(doc, BadLine):
        return None, None, f"not JSON: {doc.detail}" if doc.reason == "invalid_json" else "not a JSON object"
    text = doc.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return doc.get("id"), None, "'text' is not a string"
    if not _is_unicode_text(text):
        return doc.get("id"), None, "'text' holds a lone surrogate (not Unicode text; ingest rejects it)"
    language = doc.get("language")
    if language is not None and not isinstance(language, str):
        return doc.get("id"), None, "'language' is not a string"
    return doc.get("id"), (text, language), None


def _is_unicode_text(text: str) -> bool:
    """False for a string holding a lone surrogate ("\\ud800" in the JSON): valid JSON syntax,
    but no UTF-8 form, which the model's tokeniser needs."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run_jsonl(stdin: IO[str], stdout: IO[str], tagger: Optional[Tagger] = None,
              batch_size: Optional[int] = None, taggers: Optional[Taggers] = None) -> int:
    """``tagger``: the English tagger to use (else one is loaded); ``taggers``: all of them."""
    batch_size = batch_size or get_settings().tag_batch_size
    failed = False
    batch: list[tuple[object, Optional[tuple[str, Optional[str]]], Optional[str]]] = []

    def flush() -> None:
        nonlocal taggers
        articles = [article for _, article, error in batch if error is None]
        if articles and taggers is None:
            taggers = Taggers(english=tagger)
        results = iter(taggers.tag_many(articles) if articles else [])
        for id_, _, error in batch:
            if error is not None:
                out = {"id": id_, "error": error}
            else:
                result = next(results)
                out = {"id": id_, "entities": [e.model_dump(include=set(_FIELDS)) for e in result.entities]}
                if result.outcome == Outcome.UNTAGGED_LANGUAGE:
                    out["outcome"] = result.outcome.value
            write_row(stdout, out)
        batch.clear()

    for doc in json_objects(stdin):
        parsed = _parse(doc)
        failed = failed or parsed[2] is not None
        batch.append(parsed)
        if len(batch) >= batch_size:
            flush()
    flush()
    return 1 if failed else 0
