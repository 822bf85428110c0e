"""The pydantic models of every topic's messages.

Each stage's model extends the previous one, so a message carries what the earlier stages
learned. Messages are JSON (``model_dump_json`` / ``model_validate_json``) on raw-serialised
topics; the key of every message after ingest is the article id.
"""
from __future__ import annotations

import base64
from datetime import date, datetime, timezone
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class RawArticle(BaseModel):
    """What a producer may push to news.raw as a JSON object (bare text or HTML is also accepted)."""

    model_config = ConfigDict(extra="forbid", str_max_length=20_000_000)

    schema_version: int = SCHEMA_VERSION
    title: Optional[str] = None
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[date] = None
    language: Optional[str] = None
    # The encoding of the page the producer read (JSON itself is always UTF-8).
    charset: Optional[str] = Field(None, max_length=40)

    @field_validator("published", mode="before")
    @classmethod
    def _date_of_datetime(cls, value):
        if isinstance(value, str) and "T" in value:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        return value

    @model_validator(mode="after")
    def _has_content(self) -> "RawArticle":
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("an article needs a non-empty 'text' or 'html'")
        return self


class IngestedArticle(BaseModel):
    """news.ingested: a validated, normalised article with its stable id."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = SCHEMA_VERSION
    id: str
    content_hash: str
    title: Optional[str] = None
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[date] = None
    # The article's language (ISO 639-1) as ingest decided it: the producer's unless the text
    # clearly says otherwise; None when neither says. Both sources are kept below.
    language: Optional[str] = None
    declared_language: Optional[str] = None   # what the producer said, as ISO 639-1
    detected_language: Optional[str] = None   # what the text says, when the detector is sure
    # What the payload's bytes were read as: its BOM, its declared charset, UTF-8, or detected.
    encoding: Optional[str] = None
    received_at: datetime
    ingested_at: datetime = Field(default_factory=utc_now)


class RemovedLine(BaseModel):
    """A line the cleaner removed, and the rule that removed it."""

    text: str
    rule: str


class CleanedArticle(IngestedArticle):
    """news.cleaned: the main text only (``html`` is dropped), with what was removed and why."""

    text: str
    html: None = None
    removed: list[RemovedLine] = Field(default_factory=list)
    empty: bool = False
    cleaned_at: datetime = Field(default_factory=utc_now)


class Entity(BaseModel):
    """One mention: offsets are character offsets into the cleaned text."""

    text: str
    label: str
    start: int
    end: int
    canonical: str
    kb_id: Optional[str] = None
    external_id: Optional[str] = None


class EntitySummary(BaseModel):
    canonical: str
    label: str
    mentions: int
    kb_id: Optional[str] = None
    external_id: Optional[str] = None


class GroupedArticle(CleanedArticle):
    """news.grouped: the cleaned article with the story it belongs to (near-duplicate detection).

    ``story_id`` is the id of the first article of the story (the article's own id when it is
    the first); ``duplicate_of`` is that same id for a copy, and None for the first. Both are
    None on messages written before the story stage existed: such an article is its own story.
    """

    story_id: Optional[str] = None
    duplicate_of: Optional[str] = None


class TaggedArticle(GroupedArticle):
    """news.tagged: the cleaned article with its entities; the index's source of truth."""

    entities: list[Entity] = Field(default_factory=list)
    entity_summary: list[EntitySummary] = Field(default_factory=list)
    tagged_at: datetime = Field(default_factory=utc_now)


class Origin(BaseModel):
    """Where a message came from."""

    topic: str
    partition: int
    offset: int
    key: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset}"


class DeadLetter(BaseModel):
    """news.deadletter: what a service could not process, why, and the original bytes."""

    schema_version: int = SCHEMA_VERSION
    service: str
    reason: str
    detail: str
    origin: Origin
    payload_base64: str
    # The original payload's size; when a letter would not fit in a message, only the first
    # bytes of the payload are kept and ``payload_truncated`` says so.
    payload_size: int
    payload_truncated: bool = False
    failed_at: datetime = Field(default_factory=utc_now)

    @classmethod
    def of(cls, service: str, reason: str, detail: str, origin: Origin, payload: bytes,
           max_bytes: int | None = None) -> "DeadLetter":
        """The letter for ``payload``; with ``max_bytes``, its JSON fits in that many bytes."""
        letter = cls(service=service, reason=reason, detail=detail, origin=origin,
                     payload_base64=base64.b64encode(payload).decode("ascii"), payload_size=len(payload))
        if max_bytes is None or len(letter.model_dump_json()) <= max_bytes:
            return letter
        letter.payload_base64 = ""
        room = max_bytes - len(letter.model_dump_json()) - 200  # the note added to detail, the flag
        kept = payload[:max(0, room) // 4 * 3]
        letter.payload_base64 = base64.b64encode(kept).decode("ascii")
        letter.payload_truncated = True
        letter.detail += f"; payload truncated to its first {len(kept)} of {len(payload)} bytes to fit a message"
        return letter

    def payload(self) -> bytes:
        return base64.b64decode(self.payload_base64)
