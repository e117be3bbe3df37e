"""Finding the files to read, and reading their bytes safely."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from seckg.errors import InputError
from seckg.ingest.document import SkippedDocument

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SIDECAR_SUFFIX = ".meta.yaml"  # metadata for the document beside it, not a document
MAX_BYTES = 5_000_000  # a news article is rarely over 200 kB; 5 MB is a dump, not a document


@dataclass
class Discovery:
    """The documents found in the inputs, and what was passed over while walking folders."""

    paths: list[Path] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)  # suffix -> files not read
    skipped: list[SkippedDocument] = field(default_factory=list)  # folders, pages not fetched


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def discover_all(inputs: Iterable[Path]) -> Discovery:
    """Files to read from the given files and folders (recursively), sorted, without repeats.

    In folders, only known document suffixes are read: the others are counted by suffix, so
    the build can say "3 .docx files not read" once instead of one warning per file. A file
    named as an input is always tried (and skipped with a reason if it is no document).
    """
    found: dict[Path, None] = {}
    discovery = Discovery()
    for item in inputs:
        if not item.exists():
            raise InputError(f"{item}: no such file or folder")
        if not item.is_dir():
            found[item] = None
            continue
        for path in _walk(item, discovery):
            if path.suffix.lower() in SUFFIXES:
                found[path] = None
            elif not is_sidecar(path) and not path.name.startswith("."):
                discovery.ignored[path.suffix.lower() or "(no extension)"] += 1
    discovery.paths = list(found)
    return discovery


def _walk(folder: Path, discovery: Discovery) -> list[Path]:
    """Regular files under `folder`, sorted; a sub-folder that cannot be listed is noted."""
    files: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        discovery.skipped.append(
            SkippedDocument(folder, f"folder cannot be read ({exc.strerror or exc})")
        )
        return files
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            files.extend(_walk(entry, discovery))
        elif entry.is_file():
            files.append(entry)
    return files


def discover(inputs: Iterable[Path]) -> list[Path]:
    """The documents of `discover_all`, for callers that need only the paths."""
    return discover_all(inputs).paths


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
