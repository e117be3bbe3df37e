"""What a document says about itself: front matter, a sidecar file, or lines of its text.

A user who knows better than the text gives metadata in YAML, either at the top of a .txt or
.md file between `---` lines (front matter) or in `NAME.meta.yaml` beside `NAME.txt` (a
sidecar; for PDFs and pages that cannot be edited). The sidecar wins over the front matter,
and both win over what is found in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from seckg.ingest.dates import parse_date_value
from seckg.ingest.document import SkippedDocument

# key as written -> field; the first name of each field is the one the README documents
KEYS = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "source": "source_url",
    "url": "source_url",
    "source_url": "source_url",
    "link": "source_url",
    "publisher": "publisher",
    "language": "language",
    "lang": "language",
    "speaker": "issuer",
    "issuer": "issuer",
    "author": "issuer",
}
DOCUMENTED_KEYS = ("title", "date", "source", "publisher", "language", "speaker")


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    language: str | None = None
    issuer: str | None = None
    file_date: str | None = None  # a date the file format records (a PDF's creation date)
    notes: list[str] = field(default_factory=list)

    def update(self, other: Metadata) -> None:
        """Take every value `other` has (it is the more authoritative source)."""
        for name in ("title", "date", "source_url", "publisher", "language", "issuer"):
            value = getattr(other, name)
            if value:
                setattr(self, name, value)
        self.notes.extend(other.notes)


_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)


def split_front_matter(text: str, path: Path) -> tuple[Metadata, str]:
    """(metadata, the text after it). The text keeps its line count, blanked where the front
    matter was, so line numbers a user sees still match the file."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return Metadata(), text
    metadata = metadata_from_yaml(match[1], path, "front matter")
    return metadata, "\n" * match[0].count("\n") + text[match.end() :]


def sidecar_of(path: Path) -> Path | None:
    """`NAME.meta.yaml` (or `NAME.EXT.meta.yaml`) beside the file, if there is one."""
    for candidate in (
        path.with_name(path.stem + ".meta.yaml"),
        path.with_name(path.name + ".meta.yaml"),
    ):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> Metadata:
    sidecar = sidecar_of(path)
    if sidecar is None:
        return Metadata()
    try:
        text = sidecar.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SkippedDocument(
            path, f"its metadata file {sidecar.name} cannot be read ({exc})"
        ) from exc
    return metadata_from_yaml(text, path, f"metadata file {sidecar.name}")


def metadata_from_yaml(text: str, path: Path, where: str) -> Metadata:
    """The known keys of a YAML mapping; unknown keys and bad values become notes."""
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise SkippedDocument(path, f"{where} is not valid YAML{at}: {problem}") from exc
    if values is None:
        return Metadata()
    if not isinstance(values, dict):
        raise SkippedDocument(path, f"{where} must be a mapping of keys to values (title: ...)")
    metadata = Metadata()
    for key, value in values.items():
        name = KEYS.get(str(key).strip().lower())
        if name is None:
            metadata.notes.append(
                f"{where}: unknown key {key!r} ignored (known: {', '.join(DOCUMENTED_KEYS)})"
            )
            continue
        if value is None or value == "":
            continue
        if name == "date":
            day = parse_date_value(value)
            if day is None:
                metadata.notes.append(f"{where}: date {value!r} is not a day; ignored")
            metadata.date = day or metadata.date
        elif name == "source_url":
            url = str(value).strip()
            if not re.match(r"https?://\S+$", url):
                metadata.notes.append(f"{where}: source {url!r} is not an http(s) URL; ignored")
            else:
                metadata.source_url = url
        elif name == "language":
            metadata.language = _language_code(str(value))
            if metadata.language is None:
                metadata.notes.append(f"{where}: language {value!r} is not known; ignored")
        else:
            setattr(metadata, name, " ".join(str(value).split()))
    return metadata


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


_URL_LINE = re.compile(r"^(?:source|url|link|original|canonical)\s*:\s*(https?://\S+)\s*$", re.I)


def find_source_url(text: str) -> str | None:
    for line in text.splitlines()[:60]:
        if match := _URL_LINE.match(line.strip()):
            return match[1]
    return None


def _language_code(value: str) -> str | None:
    """ISO 639-1 code of a language given by code or name ("en", "en-GB", "eng", "French")."""
    import pycountry

    code = re.split(r"[-_]", value.strip())[0].lower()
    if len(code) == 2:  # a code first: lookup() would also match a language *named* "En"
        language = pycountry.languages.get(alpha_2=code)
    else:
        try:
            language = pycountry.languages.lookup(code)
        except LookupError:
            language = None
    return getattr(language, "alpha_2", None)
