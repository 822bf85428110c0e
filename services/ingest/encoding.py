"""Bytes to text the way browsers and trafilatura do it: a BOM first, then the charset the
document declares, then UTF-8, then detection (charset-normalizer). Only bytes that are not
text in any encoding are rejected.

JSON is not decoded here: RFC 8259 says JSON exchanged between systems is UTF-8.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from shared.deadletter import Rejected
from shared.labels import Reason

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers look for a declaration in the first 1024 bytes (WHATWG "prescan").
PRESCAN_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9._:-]+)["']""", re.IGNORECASE)
# WHATWG Encoding: these labels mean windows-1252 on the web; a UTF-16 label in a document
# that is readable as ASCII-compatible bytes means UTF-8.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "cp819": "cp1252",
                "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
# The web's most common legacy encoding: preferred among detected candidates that read as well.
_WESTERN_DEFAULT = "cp1252"
# Detection chooses among the encodings of the WHATWG Encoding Standard (what browsers
# support) that news sites use, not every code page Python knows: mac_iceland, cp775 or
# the DOS and Mac pages misread web text whose only non-ASCII bytes are quotes and dashes.
SINGLE_BYTE_WEB_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
)
WEB_ENCODINGS = SINGLE_BYTE_WEB_ENCODINGS + (
    "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr", "utf_8", "utf_16")
# Text in a CJK multi-byte encoding is mostly high bytes; below this share, a multi-byte
# reading would pair a stray dash with the next ASCII letter.
MULTIBYTE_MIN_HIGH_SHARE = 0.05
# Decoded text with more control characters than this share is binary, not text.
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str        # the codec used, a Python codec name ("utf-8", "cp1252", ...)
    how: str             # "bom", "declared", "utf-8" or "detected"


def declared_charset(payload: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or an XML declaration names in the first 1024 bytes."""
    head = payload[:PRESCAN_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").strip().lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(payload: bytes) -> Decoded:
    """The text of bare text or HTML bytes, or Rejected(Reason.NOT_TEXT) for bytes that are not text."""
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            try:
                return _checked(Decoded(payload[len(bom):].decode(encoding), encoding, "bom"))
            except UnicodeDecodeError as exc:
                raise Rejected(Reason.INVALID_ENCODING, f"payload starts with a {encoding} byte order mark "
                               f"but is not valid {encoding}: {exc.reason} at byte {exc.start + len(bom)}") from None
    declared = declared_charset(payload)
    if declared:
        try:
            return _checked(Decoded(payload.decode(declared), declared, "declared"))
        except UnicodeDecodeError:
            pass  # a wrong declaration is common: fall through to UTF-8 and detection
    try:
        return _checked(Decoded(payload.decode("utf-8"), "utf-8", "utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_mostly_utf8(payload) or _detected(payload))


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(payload: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes (a scraper's splice) stays UTF-8, the broken bytes replaced:
    it has at least ten valid multi-byte sequences for each invalid byte."""
    repaired = payload.decode("utf-8", errors="replace")
    broken = repaired.count("\ufffd") - payload.decode("utf-8", errors="ignore").count("\ufffd")
    if len(_UTF8_MULTIBYTE.findall(payload)) >= 10 * broken:
        return Decoded(repaired, "utf-8", "utf-8, invalid bytes replaced")
    return None


def _detected(payload: bytes) -> Decoded:
    """charset-normalizer's reading among the encodings the web uses, windows-1252 first among
    equals (it reads the same as others on many pages: curly quotes and dashes only)."""
    sample = payload if len(payload) < 10_000 else payload[:5000] + payload[-5000:]
    high_share = sum(1 for byte in payload if byte >= 0x80) / len(payload)
    encodings = list(WEB_ENCODINGS if high_share >= MULTIBYTE_MIN_HIGH_SHARE else SINGLE_BYTE_WEB_ENCODINGS)
    for candidates in (sample, payload):
        matches = list(from_bytes(candidates, cp_isolation=encodings))
        if not matches:
            continue
        least_chaos = min(m.chaos for m in matches)
        readable = [name for m in matches if m.chaos <= least_chaos + 0.01
                    for name in [m.encoding, *m.could_be_from_charset]]
        if _WESTERN_DEFAULT in readable:
            readable.remove(_WESTERN_DEFAULT)
            readable.insert(0, _WESTERN_DEFAULT)
        for encoding in readable:
            try:
                return Decoded(payload.decode(encoding), codecs.lookup(encoding).name, "detected")
            except (UnicodeDecodeError, LookupError):
                continue
    raise Rejected(Reason.NOT_TEXT, f"the {len(payload)} bytes are not text in any encoding the web uses "
                               "(binary data?)")


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise Rejected(Reason.NOT_TEXT, f"{controls} of the first {len(sample)} characters ({decoded.encoding}) "
                                   "are control characters: binary data, not text")
    return decoded
