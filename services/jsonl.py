"""What every ``newsflow <stage> --jsonl`` command shares: JSON objects in, one line out for each.

Each command reads one JSON object a line and writes one JSON line per input line, in order; a
line that is not a JSON object gets a row with an error and the run goes on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator, TextIO


@dataclass(frozen=True)
class BadLine:
    """An input line that is not a JSON object."""

    reason: str  # "invalid_json" or "not_an_object"
    detail: str


def json_objects(lines: TextIO) -> Iterator[dict | BadLine]:
    """Each non-blank line as its JSON object, or a BadLine saying why it is not one."""
    for line in lines:
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield BadLine("invalid_json", str(exc) or type(exc).__name__)
            continue
        yield doc if isinstance(doc, dict) else BadLine("not_an_object", "each line must be a JSON object")


def write_row(out: TextIO, row: dict) -> None:
    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
