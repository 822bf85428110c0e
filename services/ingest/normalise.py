"""Ingest's pure logic: decode, validate, normalise, and give an article its stable id.

A payload on news.raw is a JSON object of the RawArticle contract, or bare plain text, or
bare HTML. Anything else is rejected with a reason that names the problem.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError

from services.ingest.encoding import decode_text
from services.ingest.language import languages
from shared.contracts import SCHEMA_VERSION, IngestedArticle, RawArticle
from shared.deadletter import Rejected
from shared.labels import Reason

_LEADING_DATE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z)", re.IGNORECASE)
_HTML_START = re.compile(r"\A\s*(<\?xml|<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>]|<!--)", re.IGNORECASE)
# C0/C1 control characters other than tab and newline carry no text and break downstream tools.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def decode(payload: bytes, max_bytes: int) -> tuple[str, str]:
    """The text of a payload and the encoding it was read in, or Rejected (empty, too large,
    JSON that is not UTF-8, bytes that are not text)."""
    if len(payload) > max_bytes:
        raise Rejected(Reason.TOO_LARGE, f"payload of {len(payload)} bytes exceeds the limit of {max_bytes} bytes")
    if not payload.strip():
        raise Rejected(Reason.EMPTY, "empty payload")
    if _looks_like_json(payload):
        try:
            return payload.decode("utf-8").removeprefix("\ufeff"), "utf-8"
        except UnicodeDecodeError as exc:
            raise Rejected(Reason.INVALID_UTF8, f"JSON must be UTF-8 (RFC 8259): byte 0x{payload[exc.start]:02x} "
                                           f"at position {exc.start} is not") from None
    decoded = decode_text(payload)
    return decoded.text, decoded.encoding


def _looks_like_json(payload: bytes) -> bool:
    return payload.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"[")


def parse(text: str) -> RawArticle:
    """A RawArticle from a JSON object, bare HTML or bare plain text."""
    if not text.strip():
        raise Rejected(Reason.EMPTY, "the payload is only whitespace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _from_json_object(text)
    if stripped.startswith("[") or _is_json_scalar(stripped):
        kind = _json_kind(text)
        if kind:
            raise Rejected(Reason.JSON_NOT_AN_OBJECT, f"a JSON {kind} is not an article: push one JSON object "
                           "per message ({\"title\", \"text\" or \"html\", ...}), or bare text or HTML")
    if _HTML_START.match(text):
        return RawArticle(html=text)
    return RawArticle(text=text)


def _from_json_object(text: str) -> RawArticle:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Rejected(Reason.INVALID_JSON,
                       f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise Rejected(Reason.JSON_TOO_DEEP, "the JSON is nested too deeply to parse") from None
    try:
        raw = RawArticle.model_validate(data)
    except ValidationError as exc:
        raise Rejected(Reason.CONTRACT_VIOLATION, "JSON does not match the raw article contract: "
                       + _summarise(exc)) from None
    if raw.schema_version > SCHEMA_VERSION:
        raise Rejected(Reason.UNSUPPORTED_SCHEMA_VERSION, f"schema_version {raw.schema_version} is newer than the "
                       f"{SCHEMA_VERSION} this ingest reads")
    return raw


_JSON_SCALAR = re.compile(r"\A(?:-?\d[\d.eE+-]*|true|false|null|\"[^\n]*\")\s*\Z")


def _is_json_scalar(text: str) -> bool:
    return bool(_JSON_SCALAR.match(text))


def _json_kind(text: str) -> str | None:
    """"array", "number", ... when the whole text is JSON but not an object; None when it is not JSON."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    except RecursionError:
        raise Rejected(Reason.JSON_TOO_DEEP, "the JSON is nested too deeply to parse") from None
    kinds = {list: "array", bool: "boolean", int: "number", float: "number", str: "string", type(None): "null"}
    return kinds.get(type(value))


def _summarise(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(object)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def normalise_text(text: str) -> str:
    """NFC, no control characters, single spaces, one paragraph a line, no blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def split_leading_date(text: str) -> tuple[date | None, str]:
    """A leading ``date YYYY-MM-DD`` (as scrapers write it) is the published date, not text."""
    match = _LEADING_DATE.match(text)
    if not match:
        return None, text
    try:
        published = date.fromisoformat(match.group(1))
    except ValueError:
        return None, text
    return published, text[match.end():]


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def ingest(payload: bytes, received_at: datetime, max_bytes: int) -> IngestedArticle:
    """The whole of ingest's logic for one payload."""
    text, encoding = decode(payload, max_bytes)
    raw = parse(text)
    text = normalise_text(raw.text) if raw.text else None
    html = unicodedata.normalize("NFC", _CONTROL.sub("", raw.html)) if raw.html else None
    published = raw.published
    if text:
        leading_date, text = split_leading_date(text)
        published = published or leading_date
    if not (text or (html and html.strip())):
        raise Rejected(Reason.EMPTY, "no text left after normalisation")
    title = normalise_text(raw.title) if raw.title else None
    url = canonical_url(raw.url) if raw.url else None
    content_hash = _digest(title or "", text or "", html or "")
    article_id = _digest("url", url)[:32] if url else _digest("text", text or html or "")[:32]
    language = languages(raw.language, title, text, html)
    return IngestedArticle(
        id=article_id, content_hash=content_hash, title=title, text=text, html=html, url=url,
        source=raw.source.strip() if raw.source else None, published=published,
        language=language.language, declared_language=language.declared_language,
        detected_language=language.detected_language, received_at=received_at,
        encoding=raw.charset or encoding,
    )
