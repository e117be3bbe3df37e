"""PDF text, page by page (pypdf), with the running headers, footers and page numbers that
every page repeats left out, so they neither become sentences nor split one."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from seckg.ingest.dates import parse_date_value
from seckg.ingest.document import SkippedDocument

_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.I
)
_HYPHENATED = re.compile(r"(\w)-\n(?=[a-z])")


@dataclass
class PdfText:
    pages: list[str]
    title: str | None
    date: str | None  # the PDF's creation date: a fallback for the publication date


def read_pdf(raw: bytes, path: Path) -> PdfText:
    """Each page's text, or SkippedDocument: encrypted, damaged, or without a text layer."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd xref
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SkippedDocument(path, "encrypted PDF (give the text without a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except SkippedDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SkippedDocument(path, f"damaged PDF ({exc})") from exc
    if not any(re.search(r"[A-Za-z]{3,}", page) for page in pages):
        raise SkippedDocument(path, "PDF without a text layer (a scan? run OCR on it first)")
    title = date = None
    if info is not None:
        title = (info.title or "").strip() or None
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        date = parse_date_value(created) if created else None
    return PdfText(pages=_without_running_lines(pages), title=title, date=date)


def _without_running_lines(pages: list[str]) -> list[str]:
    """Pages with page numbers and lines repeated at the top or bottom of most pages removed,
    and words hyphenated across lines joined again."""
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        edges.update(set(lines[:2] + lines[-2:]))
    # at the edge of most pages (of both, in a two-page document)
    running = {line for line, n in edges.items() if n >= max(2, 0.6 * len(pages))}
    cleaned = []
    for page in pages:
        kept = [
            line
            for line in page.splitlines()
            if line.strip() not in running and not _PAGE_NUMBER.fullmatch(line.strip())
        ]
        cleaned.append(_HYPHENATED.sub(r"\1", "\n".join(kept)).strip())
    return cleaned
