"""The main job: documents → ingest → extract → graph, merged with ontology and reference data.

`build_graph` is the Python API behind `seckg build`. Documents are read and extracted in
`jobs` worker processes (each loads the knowledge once); triples are merged in the parent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from seckg import resources
from seckg.errors import InputError
from seckg.extract import extract_document, load_knowledge
from seckg.graph import base_graph, document_graph
from seckg.ingest import SkippedDocument, discover, read_document


@dataclass
class BuildResult:
    graph: Graph
    documents: list[str] = field(default_factory=list)  # identifiers built
    skipped: list[SkippedDocument] = field(default_factory=list)


def _process(path: Path) -> Graph | SkippedDocument:
    """Read, extract and turn one file into triples (runs in a worker process)."""
    try:
        document = read_document(path)
    except SkippedDocument as skipped:
        return skipped
    knowledge = load_knowledge()
    return document_graph(extract_document(document, knowledge), knowledge)


def build_graph(
    inputs: Iterable[Path] | None = None,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Build the whole graph from files and folders (the bundled corpus when none are given)."""
    paths = input_files(list(inputs or ()))
    knowledge = load_knowledge()
    result = BuildResult(graph=base_graph(knowledge))
    identifiers: dict[str, Path] = {}
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = pool.map(_process, paths, chunksize=max(1, len(paths) // (jobs * 8)))
            for path, outcome in zip(paths, outcomes, strict=True):
                _merge(result, path, outcome, identifiers)
                if on_progress:
                    on_progress(path)
    else:
        for path in paths:
            _merge(result, path, _process(path), identifiers)
            if on_progress:
                on_progress(path)
    return result


def _merge(result: BuildResult, path: Path, outcome, identifiers: dict[str, Path]) -> None:
    if isinstance(outcome, SkippedDocument):
        result.skipped.append(outcome)
        return
    identifier = path.stem
    if identifier in identifiers:
        result.skipped.append(
            SkippedDocument(
                path, f"same identifier {identifier!r} as {identifiers[identifier]}; rename one"
            )
        )
        return
    identifiers[identifier] = path
    result.documents.append(identifier)
    result.graph += outcome


def input_files(inputs: list[Path]) -> list[Path]:
    """The documents to read: files found in the inputs, or the bundled corpus when none."""
    paths = discover(inputs or [resources.corpus_dir()])
    if not paths:
        raise InputError("no .txt, .md or .html documents found in the given inputs")
    return paths
