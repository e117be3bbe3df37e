"""Read documents: decode, take the main text, strip web boilerplate, find title, date and URL.

Everything downstream works on `SourceDocument.text`; evidence offsets refer to it.
A file that cannot be used raises `SkippedDocument` with a reason a person understands, and
the build goes on without it.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import yaml

from seckg import resources
from seckg.errors import InputError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 5_000_000  # a news article is rarely over 200 kB; 5 MB is a dump, not a document


class SkippedDocument(Exception):
    """A file that was found but cannot be read as a document; the message says why."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: skipped: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SourceDocument:
    identifier: str
    path: str
    text: str
    title: str | None
    date: str | None  # ISO 8601 date
    source_url: str | None
    content_hash: str


# --------------------------------------------------------------------------- finding files


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Files to read from the given files and folders (recursively), sorted, without repeats."""
    found: dict[Path, None] = {}
    for item in inputs:
        if not item.exists():
            raise InputError(f"{item}: no such file or folder")
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and path.suffix.lower() in SUFFIXES:
                    found[path] = None
        else:
            found[item] = None
    return list(found)


# --------------------------------------------------------------------------- decoding


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


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class Boilerplate:
    cut_from: re.Pattern[str]  # one alternation of the lexicon's patterns, matched whole
    drop_lines: re.Pattern[str]


_BOILERPLATE_LINE = 300  # characters; a longer line is prose, never a footer or a share button


@cache
def load_boilerplate(path: Path | None = None) -> Boilerplate:
    path = path or resources.lexicon_dir() / "boilerplate.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))

    def compile_all(key: str) -> re.Pattern[str]:
        patterns = [f"(?:{p})" for p in spec.get(key, ())] or ["(?!)"]
        return re.compile("|".join(patterns), re.IGNORECASE)

    return Boilerplate(compile_all("cut_from"), compile_all("drop_lines"))


def strip_boilerplate(text: str, boilerplate: Boilerplate) -> str:
    """Drop boilerplate lines and everything from the comment section on; keep paragraphs."""
    kept: list[str] = []
    seen_headlines: set[str] = set()
    for line in text.splitlines():
        stripped = line.strip().strip("|").strip()
        short = 0 < len(stripped) <= _BOILERPLATE_LINE
        if short and kept and boilerplate.cut_from.fullmatch(stripped):
            break
        if short and boilerplate.drop_lines.fullmatch(stripped):
            continue
        # pages repeat their headline (site header, then article): keep the first copy
        if stripped and len(stripped) < 200 and not stripped.endswith((".", "!", "?")):
            if stripped in seen_headlines:
                continue
            seen_headlines.add(stripped)
        kept.append(line.rstrip())
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip() + "\n"


# --------------------------------------------------------------------------- metadata

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+(\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
)
_MONTH_NUMBER = {
    name.lower(): index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_URL_LINE = re.compile(r"^(?:source|url|link|original|canonical)\s*:\s*(https?://\S+)\s*$", re.I)


def _to_date(match: re.Match[str], order: str) -> date | None:
    try:
        if order == "iso":
            return date(int(match[1]), int(match[2]), int(match[3]))
        if order == "dmy":
            return date(int(match[3]), _MONTH_NUMBER[match[2].lower()], int(match[1]))
        return date(int(match[3]), _MONTH_NUMBER[match[1].lower()], int(match[2]))
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> str | None:
    """The publication date: a line that is (mostly) a date near the top, else none.

    Dates inside sentences are events ("a landslide in May 2024"), not publication dates, so
    only short lines in the first part of the document count.
    """
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if not stripped or len(stripped) > 60:
            continue
        for pattern, order in _DATE_PATTERNS:
            match = pattern.search(stripped)
            if match and (found := _to_date(match, order)):
                return found.isoformat()
    return None


def find_title(text: str) -> str | None:
    """The first heading, else the first line that reads like a headline (six or more words)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:30]:
        if line.startswith("#") and line.lstrip("#").strip():
            return line.lstrip("#").strip()
    for line in lines[:30]:
        if len(re.findall(r"[A-Za-z][\w'’-]*", line)) >= 6:
            return line
    return lines[0] if lines else None


def find_source_url(text: str) -> str | None:
    for line in text.splitlines()[:60]:
        if match := _URL_LINE.match(line.strip()):
            return match[1]
    return None


# --------------------------------------------------------------------------- formats


def markdown_to_text(markdown: str) -> str:
    """Plain text of Markdown prose: headings kept as lines, links and emphasis unwrapped."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+", "• ", text, flags=re.M)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    return text


_MARKUP_RESIDUE = (
    (re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#)[^)\s]*\)"), r"\1"),  # [text](url)
    (re.compile(r"</?(?:sup|sub|b|i|em|strong|span|br)\b[^>]*>", re.I), ""),  # inline tags
    (re.compile(r"\\([.#*_\-()\[\]!])"), r"\1"),  # Markdown escapes: "1\." "\###"
    (re.compile(r"\*\*|__"), ""),  # bold markers, wherever they were left
    (re.compile(r"(?<![A-Za-z])the(?=[A-Z][a-z]{2,})"), "the "),  # "thePartners": a lost space
)


def clean_markup_residue(text: str) -> str:
    r"""Plain text copied from web pages keeps Markdown and HTML debris: links with their URLs,
    `**bold**` markers splitting names and lists, escaped list numbers (`1\.`), `<sup>` tags.
    Removing them keeps names and lists whole for the gazetteer and the sentence splitter."""
    for pattern, replacement in _MARKUP_RESIDUE:
        text = pattern.sub(replacement, text)
    return text


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:p|div|span|script|style|br|a|table|li|ul|h[1-6]|meta|link)\b", re.I)


def looks_like_html(text: str) -> bool:
    """A page saved under another name (`.txt`): an HTML start, or tags throughout. Read as
    text, its markup (scripts included) would become titles and evidence sentences."""
    head = text[:20000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 10


def html_to_text(html: str, path: Path) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of an HTML page, with trafilatura (boilerplate-aware)."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, with_metadata=False
    )
    if not text or not text.strip():
        raise SkippedDocument(path, "no main text found in the HTML page")
    metadata = trafilatura.extract_metadata(html)
    info: dict[str, str | None] = {"title": None, "date": None, "url": None}
    if metadata is not None:
        info = {"title": metadata.title, "date": metadata.date, "url": metadata.url}
    return text, info


# --------------------------------------------------------------------------- reading


def read_bytes_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most `max_bytes`, or SkippedDocument saying why not.

    Only regular files are opened: a device (`/dev/zero`) would be read until memory runs out
    and a FIFO would block for ever. The read itself is bounded too, for a file that grows
    after it was measured."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise SkippedDocument(path, "not a regular file (a device, FIFO or socket)")
        if status.st_size > max_bytes:
            raise SkippedDocument(
                path, f"too large ({status.st_size:,} bytes; limit {max_bytes:,})"
            )
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise SkippedDocument(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > max_bytes:
        raise SkippedDocument(path, f"too large (over {max_bytes:,} bytes while read)")
    return raw


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read one file into a `SourceDocument`, or raise `SkippedDocument` saying why not."""
    raw = read_bytes_limited(path, max_bytes)
    text = decode(raw, path)
    suffix = path.suffix.lower()
    meta: dict[str, str | None] = {"title": None, "date": None, "url": None}
    if suffix in (".html", ".htm") or looks_like_html(text):
        text, meta = html_to_text(text, path)
    elif suffix in (".md", ".markdown"):
        title = next(
            (ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("#")), None
        )
        meta["title"] = title
        text = markdown_to_text(text)
    else:
        text = clean_markup_residue(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    url = meta.get("url") or find_source_url(text)
    text = strip_boilerplate(text, load_boilerplate())
    if not re.search(r"[A-Za-z]{3,}", text):
        raise SkippedDocument(path, "no readable text")
    return SourceDocument(
        identifier=path.stem,
        path=str(path),
        text=text,
        title=meta.get("title") or find_title(text),
        date=_iso_date(meta.get("date")) or find_date(text),
        source_url=url,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date().isoformat()
    except ValueError:
        return None


def read_all(paths: Iterable[Path]) -> Iterator[SourceDocument | SkippedDocument]:
    """Each path read, or the reason it was skipped, in order."""
    for path in paths:
        try:
            yield read_document(path)
        except SkippedDocument as skipped:
            yield skipped
