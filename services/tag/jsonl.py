"""``newsflow tag --jsonl``: the tag service's own code over JSON lines, for evaluation and debugging.

Input, one object a line: ``{"id": ..., "text": ...}``. Output, one line per input line, in
order: ``{"id": ..., "entities": [{"start", "end", "label", "text", "canonical"}]}``. Lines are
tagged in batches of ``NEWSFLOW_TAG_BATCH_SIZE`` through ``Tagger.tag_many``, as the service
does. A line that is not such an object gets ``{"id": ..., "error": ...}`` and the run goes on;
the exit status is then 1.
"""
from __future__ import annotations

import json
from typing import IO, Optional

from services.tag.tagger import Tagger
from shared.settings import get_settings

_FIELDS = ("start", "end", "label", "text", "canonical")


def _parse(line: str) -> tuple[object, Optional[str], Optional[str]]:
    """(id, text, error) of one input line."""
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return None, None, f"not JSON: {exc}"
    if not isinstance(obj, dict):
        return None, None, "not a JSON object"
    text = obj.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return obj.get("id"), None, "'text' is not a string"
    return obj.get("id"), text, None


def run_jsonl(stdin: IO[str], stdout: IO[str], tagger: Optional[Tagger] = None,
              batch_size: Optional[int] = None) -> int:
    batch_size = batch_size or get_settings().tag_batch_size
    failed = False
    batch: list[tuple[object, Optional[str], Optional[str]]] = []

    def flush() -> None:
        nonlocal tagger
        texts = [text for _, text, error in batch if error is None]
        if texts and tagger is None:
            tagger = Tagger()
        results = iter(tagger.tag_many(texts) if texts else [])
        for id_, _, error in batch:
            if error is not None:
                out = {"id": id_, "error": error}
            else:
                entities = next(results).entities
                out = {"id": id_, "entities": [e.model_dump(include=set(_FIELDS)) for e in entities]}
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
        batch.clear()

    for line in stdin:
        if not line.strip():
            continue
        parsed = _parse(line)
        failed = failed or parsed[2] is not None
        batch.append(parsed)
        if len(batch) >= batch_size:
            flush()
    flush()
    return 1 if failed else 0
