"""`newsflow clean --jsonl`: the clean service's code on JSON lines, for evaluation and debugging.

in:  {"id": ..., "text": "..."} or {"id": ..., "html": "..."}, one object a line
out: {"id": ..., "text": "<kept>", "removed": [{"text", "rule"}, ...], "title", "published", "empty"}
A line that fails gives {"id", "text": "", "error": "..."} and the run goes on.
"""
from __future__ import annotations

import json
from typing import TextIO

from .cleaner import CleaningError, CleanResult, clean_html, clean_text


def clean_doc(doc: dict) -> CleanResult:
    if "html" in doc:
        return clean_html(doc["html"])
    if "text" in doc:
        return clean_text(doc["text"])
    raise CleaningError("no_content", "the object has neither 'text' nor 'html'")


def run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Clean every JSON line of ``stdin`` onto ``stdout``; returns the process exit code (0)."""
    for line in stdin:
        if not line.strip():
            continue
        doc_id = None
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict):
                raise CleaningError("not_an_object", "each line must be a JSON object")
            doc_id = doc.get("id")
            result = clean_doc(doc)
            row = {"id": doc_id, "text": result.text,
                   "removed": [r.model_dump() for r in result.removed],
                   "title": result.title,
                   "published": result.published.isoformat() if result.published else None,
                   "empty": result.empty}
        except (CleaningError, ValueError) as exc:
            row = {"id": doc_id, "text": "", "error": str(exc)}
        stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":  # python -m services.clean.jsonl: the same, before/without the CLI
    import sys

    sys.exit(run_jsonl(sys.stdin, sys.stdout))
