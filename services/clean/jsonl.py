"""`newsflow clean --jsonl`: what the pipeline does to a raw article up to news.cleaned, on JSON
lines, for evaluation and debugging.

in:  {"id": ..., "text": "..."} or {"id": ..., "html": "..."}, one object a line; besides "id",
     any field of the raw article contract (title, url, source, published, language)
out: {"id": ..., "text": "<kept>", "removed": [{"text", "rule"}, ...], "title", "published", "empty"}
A line that fails gives {"id", "text": "", "error": "<reason>: ..."} and the run goes on.

Each object goes through ingest's own code first (``services.ingest.normalise.ingest``: the
same decoding, Unicode and whitespace normalisation, and a scraper's leading ``date
YYYY-MM-DD`` read as the published date), then the clean service's, so a raw payload comes out
as it would on news.cleaned, its ``language`` deciding whether the English wording rules apply.
Text that ingest already normalised passes through unchanged.
"""
from __future__ import annotations

import datetime
import json
from typing import TextIO

from services.ingest.normalise import ingest
from services.jsonl import BadLine, json_objects, write_row
from shared.contracts import IngestedArticle
from shared.deadletter import Rejected
from shared.settings import get_settings

from .cleaner import CleaningError, clean_article


def ingested(doc: dict) -> IngestedArticle:
    """The article ingest would hand on for this object (Rejected as ingest rejects it)."""
    raw = {key: value for key, value in doc.items() if key != "id"}
    if "text" not in raw and "html" not in raw:
        raise Rejected("no_content", "the object has neither 'text' nor 'html'")
    try:
        payload = json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" in the line) has no UTF-8 form: keep it escaped, as the
        # producer's JSON had it, so ingest judges it as it would on news.raw.
        payload = json.dumps(raw).encode("ascii")
    return ingest(payload, datetime.datetime.now(datetime.timezone.utc), get_settings().max_article_bytes)


def clean_doc(doc: dict) -> dict:
    """The output row for one input object."""
    article = ingested(doc)
    result = clean_article(article)
    published = article.published or result.published
    return {"id": doc.get("id"), "text": result.text,
            "removed": [r.model_dump() for r in result.removed],
            "title": article.title or result.title,
            "published": published.isoformat() if published else None,
            "empty": result.empty}


def run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Clean every JSON line of ``stdin`` onto ``stdout``; returns the process exit code (0)."""
    for doc in json_objects(stdin):
        if isinstance(doc, BadLine):
            row = {"id": None, "text": "", "error": f"{doc.reason}: {doc.detail}"}
        else:
            try:
                row = clean_doc(doc)
            except (Rejected, CleaningError) as exc:
                row = {"id": doc.get("id"), "text": "", "error": f"{exc.reason}: {exc.detail}"}
        write_row(stdout, row)
    return 0


if __name__ == "__main__":  # python -m services.clean.jsonl: the same, before/without the CLI
    import sys

    sys.exit(run_jsonl(sys.stdin, sys.stdout))
