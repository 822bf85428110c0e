"""`newsflow neardup --jsonl`: the near-duplicate logic on JSON lines, in arrival order.

in:  {"id": ..., "text": "<cleaned text>"}, one object a line
out: {"id": ..., "duplicate_of": "<id of the first article of its story>" | null}
A line that cannot be read gives {"id", "duplicate_of": null, "error": "..."} and the run goes on.
"""
from __future__ import annotations

from typing import TextIO

from services.jsonl import BadLine, json_objects, write_row

from .index import NearDuplicateIndex


def run_jsonl(stdin: TextIO, stdout: TextIO, index: NearDuplicateIndex | None = None) -> int:
    """Answer every JSON line of ``stdin`` onto ``stdout``; returns the process exit code (0)."""
    index = index if index is not None else NearDuplicateIndex()
    for doc in json_objects(stdin):
        doc_id = None if isinstance(doc, BadLine) else doc.get("id")
        try:
            if isinstance(doc, BadLine):
                raise ValueError(doc.detail)
            if not isinstance(doc_id, str) or not doc_id:
                raise ValueError("'id' must be a non-empty string")
            if not isinstance(doc.get("text"), str):
                raise ValueError("'text' must be a string")
            row = {"id": doc_id, "duplicate_of": index.add(doc_id, doc["text"])}
        except ValueError as exc:
            row = {"id": doc_id, "duplicate_of": None, "error": str(exc)}
        write_row(stdout, row)
    return 0


if __name__ == "__main__":  # python -m services.neardup.jsonl
    import sys

    sys.exit(run_jsonl(sys.stdin, sys.stdout))
