"""Every value of newsflow's outcome and dead-letter reason labels, declared once.

They are metric label values (`newsflow_messages_total{outcome}`,
`newsflow_deadletters_total{reason}`) and the `reason` of every dead letter, so dashboards,
alerts and runbooks depend on them: docs/design-notes.md and docs/monitoring.md list them,
and a test keeps those lists equal to these.
"""
from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """How a service finished a message."""

    PROCESSED = "processed"
    DUPLICATE = "duplicate"    # ingest: the same article seen before; not passed on
    EMPTY = "empty"            # nothing left after cleaning: passed on, not searchable
    UNTAGGED_LANGUAGE = "untagged_language"  # tag: no model for the article's language; passed on
    DEADLETTER = "deadletter"


class Reason(StrEnum):
    """Why a message became a dead letter."""

    # the payload (ingest)
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    INVALID_JSON = "invalid_json"
    JSON_NOT_AN_OBJECT = "json_not_an_object"
    JSON_TOO_DEEP = "json_too_deep"
    INVALID_UTF8 = "invalid_utf8"
    INVALID_ENCODING = "invalid_encoding"
    NOT_TEXT = "not_text"
    # the page (clean)
    HTML_TOO_DEEP = "html_too_deep"
    BINARY_CONTENT = "binary_content"
    # any stage's input message
    CONTRACT_VIOLATION = "contract_violation"
    UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version"
    # what a stage would produce or write
    OUTPUT_TOO_LARGE = "output_too_large"
    INDEX_REFUSED = "index_refused"
    # our bug on that message (replay once fixed)
    INTERNAL_ERROR = "internal_error"
