"""Main text and metadata of a raw HTML page, with trafilatura.

trafilatura is run once per page (``bare_extraction``) for the text and the page's title and
date, precision first: the text rules that follow can only remove lines, never bring back
what the extractor dropped, so recall is spent on its side and precision on ours.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

import trafilatura

from .cleaner import CleaningError

# trafilatura logs every page it finds too short or empty at WARNING/ERROR; that is an
# outcome we report ourselves (an empty article), not a fault worth a log line.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass
class Page:
    text: str
    title: str | None = None
    published: datetime.date | None = None


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract(html: str) -> Page:
    """The page's main text (possibly empty), title and publication date.

    Raises CleaningError for a page the parser cannot walk (nesting so deep that the
    recursion limit is hit), so the service dead-letters it instead of crashing.
    """
    if not html.strip():
        return Page(text="")
    try:
        doc = trafilatura.bare_extraction(
            html, favor_precision=True, include_comments=True, with_metadata=True,
            deduplicate=False, as_dict=False)
    except RecursionError as exc:
        raise CleaningError("html_too_deep", f"the page is nested too deeply to parse ({exc})") from exc
    except (ValueError, TypeError) as exc:  # unparsable input surfaces as one of these in lxml
        raise CleaningError("html_unparsable", f"the page could not be parsed: {exc}") from exc
    if doc is None:
        return Page(text="")
    return Page(text=doc.text or "", title=doc.title or None, published=_date(doc.date))
