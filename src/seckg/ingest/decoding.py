"""Bytes to text, by the evidence in the bytes: BOMs, NUL patterns, how many sequences are UTF-8."""

from __future__ import annotations

import re
from pathlib import Path

from seckg.ingest.document import SkippedDocument

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when every other byte is NUL, as in UTF-16 text that is
    mostly Latin script; None otherwise."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 16:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _utf8_or_cp1252(raw: bytes) -> str:
    """UTF-8 unless the evidence says Windows-1252: a UTF-8 file with a stray bad byte keeps
    its curly quotes and dashes (the bad byte becomes U+FFFD); a file whose high bytes are
    mostly not UTF-8 sequences is Windows-1252 (Latin-1 for the bytes cp1252 leaves out)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for character in text if ord(character) > 127) - bad
    if good > 0 and bad <= max(2, good // 20):
        return text
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode(raw: bytes, path: Path) -> str:
    """Bytes to text: UTF-8 (with or without BOM; a few bad bytes replaced), UTF-16 with or
    without BOM, else Windows-1252/Latin-1."""
    if not raw.strip():
        raise SkippedDocument(path, "empty file")
    head = raw[:8192]
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    encoding = encoding or (_utf16_without_bom(head) if b"\x00" in head else None)
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SkippedDocument(path, "undecodable UTF-16 text") from exc
    elif b"\x00" in head:
        raise SkippedDocument(path, "binary file (contains NUL bytes)")
    else:
        text = _utf8_or_cp1252(raw)
    controls = len(_CONTROL.findall(text, 0, 8192))
    if controls > max(8, len(text[:8192]) // 100):
        raise SkippedDocument(path, "binary file (control characters)")
    return text
