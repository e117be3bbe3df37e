"""Where the packaged knowledge lives: ontology, reference data, lexicons, queries, corpus.

In a wheel these ship under `seckg/_resources/` (see `[tool.hatch...force-include]` in
pyproject.toml). In a source checkout (editable install, tests) they are the top-level folders
of the repository, so editing `ontology/threats.ttl` takes effect without a reinstall.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The folder holding `ontology/`, `data/` and `queries/`."""
    packaged = _PACKAGE_DIR / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    source_tree = _PACKAGE_DIR.parent.parent
    if (source_tree / "ontology").is_dir():
        return source_tree
    raise FileNotFoundError(
        f"seckg resources not found in {packaged} or {source_tree}; reinstall the package"
    )


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def ontology_file(name: str) -> Path:
    return ontology_dir() / name


def reference_dir() -> Path:
    return resource_root() / "data" / "reference"


def lexicon_dir() -> Path:
    return resource_root() / "data" / "lexicon"


def corpus_dir() -> Path:
    return resource_root() / "data" / "corpus"


def queries_dir() -> Path:
    return resource_root() / "queries"


ONTOLOGY_FILES = ("seckg.ttl", "threats.ttl", "vocabularies.ttl")
SHAPES_FILE = "shapes.ttl"


@cache
def rules_fingerprint() -> str:
    """SHA-256 over everything that decides what a document yields: code, lexicons, reference.

    A store remembers it; when it changes (a new release, an edited lexicon), an incremental
    build re-extracts every document instead of keeping facts made by the old rules.
    """
    digest = hashlib.sha256()
    folders = [_PACKAGE_DIR, ontology_dir(), reference_dir(), lexicon_dir()]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".ttl", ".yaml", ".csv", ".txt"):
                if "_resources" in path.relative_to(folder).parts[:1]:
                    continue  # the packaged copies are hashed as the resource folders
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
