"""What reading a file gives: a document to extract from, or the reason it was skipped."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


class SkippedDocument(Exception):
    """A file that was found but cannot be read as a document; the message says why."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: skipped: {reason}")
        self.path = path
        self.reason = reason

    def as_dict(self) -> dict[str, str]:
        return {"path": str(self.path), "reason": self.reason}

    def __reduce__(self):  # keep both arguments across process boundaries
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class SourceDocument:
    """One document's cleaned text and metadata; evidence offsets refer to `text`.

    `pages` holds the offset in `text` where each page starts (a PDF), so a sentence's page is
    found from its offset; empty for formats without pages. `notes` are warnings about the
    file that did not stop it being read (an unknown front matter key, say).
    """

    identifier: str
    path: str
    text: str
    title: str | None
    date: str | None  # ISO 8601 date
    source_url: str | None
    content_hash: str
    publisher: str | None = None
    language: str | None = None
    issuer: str | None = None  # the speaker or issuing body, as the metadata names it
    date_source: str | None = None  # where the date was found: metadata, dateline, page
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def signature(self) -> str | None:
        """MinHash of the text (see `duplicates.text_signature`), computed once."""
        from seckg.ingest.duplicates import text_signature

        return text_signature(self.text)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page the character at `offset` is on; None without pages."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))
