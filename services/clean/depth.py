"""Pages nested deeper than the HTML parser goes: libxml2 stops at depth 256 and drops the
rest of the page, so an empty result from such a page is the page's fault, not boilerplate."""
from __future__ import annotations

import lxml.etree
import lxml.html

PARSER_MAX_DEPTH = 256


def too_deep_to_parse(html: str) -> bool:
    """True when the parser gave up on ``html`` because of its nesting depth."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        pass
    return any("Excessive depth" in entry.message for entry in parser.error_log)
