"""Read documents: decode, take the main text, strip boilerplate, find title, date and URL.

Everything downstream works on `SourceDocument.text`; evidence offsets refer to it. A file
that cannot be used raises `SkippedDocument` with a reason a person understands, and the build
goes on without it. One module per concern: `files` (finding and reading files safely),
`decoding`, `cleaning` (formats and boilerplate), `pdf`, `metadata` (front matter, sidecars),
`dates`, `language`, `duplicates`, `web` (URLs).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from seckg.ingest.cleaning import (
    clean_markup_residue,
    html_to_text,
    load_boilerplate,
    looks_like_html,
    markdown_to_text,
    strip_boilerplate,
)
from seckg.ingest.dates import find_date, parse_date_value
from seckg.ingest.decoding import decode
from seckg.ingest.document import SkippedDocument, SourceDocument
from seckg.ingest.files import (
    MAX_BYTES,
    SUFFIXES,
    Discovery,
    discover,
    discover_all,
    read_bytes_limited,
)
from seckg.ingest.language import unsupported_language
from seckg.ingest.metadata import (
    Metadata,
    find_source_url,
    find_title,
    read_sidecar,
    split_front_matter,
)

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Discovery",
    "SkippedDocument",
    "SourceDocument",
    "discover",
    "discover_all",
    "find_date",
    "find_title",
    "load_boilerplate",
    "looks_like_html",
    "read_all",
    "read_bytes_limited",
    "read_document",
    "strip_boilerplate",
]


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read one file into a `SourceDocument`, or raise `SkippedDocument` saying why not."""
    raw = read_bytes_limited(path, max_bytes)
    sidecar = read_sidecar(path)
    if raw.startswith(b"%PDF-"):
        text, pages, found = _read_pdf(raw, path)
    else:
        text, found = _read_text(decode(raw, path), path)
        pages = ()
    found.update(sidecar)
    if not re.search(r"[A-Za-z]{3,}", text):
        raise SkippedDocument(path, "no readable text")
    if why := unsupported_language(text, found.language):
        raise SkippedDocument(path, f"not in English: {why}; only English is read for now")
    date, date_source = found.date, "metadata" if found.date else None
    if not date and (date := find_date(text)):
        date_source = "text"
    if not date and (date := found.file_date):
        date_source = "file"
    return SourceDocument(
        identifier=path.stem,
        path=str(path),
        text=text,
        title=found.title or find_title(text),
        date=date,
        source_url=found.source_url or find_source_url(text),
        content_hash=hashlib.sha256(raw).hexdigest(),
        publisher=found.publisher,
        language=found.language or "en",
        issuer=found.issuer,
        date_source=date_source,
        pages=pages,
        notes=tuple(found.notes),
    )


def _read_text(text: str, path: Path) -> tuple[str, Metadata]:
    """Plain text of a .txt, .md or HTML file, and the metadata found on the way."""
    suffix = path.suffix.lower()
    found, text = split_front_matter(text, path)
    if suffix in (".html", ".htm") or looks_like_html(text):
        text, page = html_to_text(text, path)
        found = _merged(
            Metadata(
                title=page.get("title"),
                date=parse_date_value(page.get("date")),
                source_url=page.get("url"),
            ),
            found,
        )
    elif suffix in (".md", ".markdown"):
        heading = next(
            (ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("#")), None
        )
        found = _merged(Metadata(title=heading), found)
        text = markdown_to_text(text)
    else:
        text = clean_markup_residue(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    found = _merged(Metadata(source_url=find_source_url(text)), found)
    return strip_boilerplate(text, load_boilerplate()), found


def _read_pdf(raw: bytes, path: Path) -> tuple[str, tuple[int, ...], Metadata]:
    """A PDF's pages as one text, with the offset where each page starts."""
    from seckg.ingest.pdf import read_pdf

    pdf = read_pdf(raw, path)
    boilerplate = load_boilerplate()
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pdf.pages:
        cleaned = strip_boilerplate(page.replace("\u00a0", " "), boilerplate).strip()
        starts.append(offset)
        parts.append(cleaned)
        offset += len(cleaned) + 2  # the blank line between pages
    return "\n\n".join(parts) + "\n", tuple(starts), Metadata(title=pdf.title, file_date=pdf.date)


def _merged(found: Metadata, authoritative: Metadata) -> Metadata:
    found.update(authoritative)
    return found


def read_all(paths: Iterable[Path]) -> Iterator[SourceDocument | SkippedDocument]:
    """Each path read, or the reason it was skipped, in order."""
    for path in paths:
        try:
            yield read_document(path)
        except SkippedDocument as skipped:
            yield skipped
