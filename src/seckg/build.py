"""The main job: documents → ingest → extract → graph, merged with ontology and reference data.

`build_graph` is the Python API behind `seckg build`. Documents are read and extracted in
`jobs` worker processes (each loads the knowledge once); triples are merged in the parent.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

if TYPE_CHECKING:
    from seckg.curation import Applied, CurationFile
    from seckg.validate import ValidationOutcome

from seckg import resources
from seckg.errors import InputError
from seckg.extract import extract_document, load_knowledge
from seckg.graph import base_graph, document_graph, document_ntriples
from seckg.ingest import SkippedDocument, discover, read_bytes_limited, read_document
from seckg.processes import die_with_parent
from seckg.store import GraphStore, ntriples_text, open_store, write_graph_atomically


@dataclass
class BuildResult:
    graph: Graph
    documents: list[str] = field(default_factory=list)  # identifiers built
    skipped: list[SkippedDocument] = field(default_factory=list)


DOCUMENT_BUDGET_S = 600.0  # a 5 MB document (the size limit) extracts in about 50 s


class _OverBudget(Exception):
    pass


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Raise _OverBudget in this thread after `seconds` (a timer signal; only where one can
    be delivered: the main thread of a process, on Unix)."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(*_args) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _process(
    path: Path, as_text: bool = False, budget: float | None = DOCUMENT_BUDGET_S
) -> Graph | str | SkippedDocument:
    """Read, extract and turn one file into triples (runs in a worker process): a Graph to
    merge in memory, or N-Triples text for a store. A document that takes longer than the
    budget is skipped and named, and the build goes on."""
    try:
        document = read_document(path)
    except SkippedDocument as skipped:
        return skipped
    knowledge = load_knowledge()
    try:
        with _time_budget(budget):
            extraction = extract_document(document, knowledge)
            if as_text:
                return document_ntriples(extraction, knowledge)
            return document_graph(extraction, knowledge)
    except _OverBudget:
        return SkippedDocument(path, f"extraction ran past the {budget:g} s budget per document")
    except MemoryError:
        return SkippedDocument(path, "extraction ran out of memory")


def build_graph(
    inputs: Iterable[Path] | None = None,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    budget: float | None = DOCUMENT_BUDGET_S,
) -> BuildResult:
    """Build the whole graph from files and folders (the bundled corpus when none are given)."""
    paths = input_files(list(inputs or ()))
    knowledge = load_knowledge()
    result = BuildResult(graph=base_graph(knowledge))
    identifiers: dict[str, Path] = {}
    for path, outcome in _outcomes(paths, jobs, budget=budget):
        _merge(result, path, outcome, identifiers)
        if on_progress:
            on_progress(path)
    return result


def _merge(result: BuildResult, path: Path, outcome, identifiers: dict[str, Path]) -> None:
    if isinstance(outcome, SkippedDocument):
        result.skipped.append(outcome)
        return
    clash = _claim_identifier(path, identifiers)
    if clash:
        result.skipped.append(clash)
        return
    result.documents.append(path.stem)
    result.graph += outcome


def _claim_identifier(path: Path, identifiers: dict[str, Path]) -> SkippedDocument | None:
    """Record the file's identifier (its stem), or say why a second file with it is skipped."""
    identifier = path.stem
    if identifier in identifiers:
        return SkippedDocument(
            path, f"same identifier {identifier!r} as {identifiers[identifier]}; rename one"
        )
    identifiers[identifier] = path
    return None


ADDITION_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".n3")


def split_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(documents and folders, RDF files of additions): an RDF file named as an input is a
    set of facts to add as they are (hand-made memberships, a team's own data), not a
    document to read."""
    documents, additions = [], []
    for item in inputs:
        is_rdf = item.suffix.lower() in ADDITION_SUFFIXES and not item.is_dir()
        (additions if is_rdf else documents).append(item)
    return documents, additions


def load_additions(paths: Iterable[Path]) -> dict[Path, Graph]:
    """Each additions file parsed, before anything is built: a syntax error stops the build
    with the file, line and column, and nothing is written."""
    from seckg.store import load_graph

    return {path: load_graph(path) for path in paths}


def additions_graph_name(path: Path):
    from seckg.namespaces import SECID

    return SECID[f"graph/additions/{path.stem}"]


def input_files(inputs: list[Path]) -> list[Path]:
    """The documents to read: files found in the inputs, or the bundled corpus when none."""
    paths = discover(inputs or [resources.corpus_dir()])
    if not paths:
        raise InputError("no .txt, .md or .html documents found in the given inputs")
    return paths


@dataclass
class StoreBuildResult:
    """What an incremental build did, per document identifier."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    not_in_inputs: list[str] = field(default_factory=list)  # stored, but no longer given
    rules_changed: bool = False


def update_store(
    store: GraphStore,
    inputs: Iterable[Path] | None = None,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    batch_size: int = 50,
    budget: float | None = DOCUMENT_BUDGET_S,
) -> StoreBuildResult:
    """Bring a store up to date with the inputs, extracting only what changed.

    A document whose bytes hash as stored, and whose facts were made by the current rules (see
    `resources.rules_fingerprint`), is skipped; any other gets its named graph replaced; a new
    one is added. So new rules re-extract every document. Documents are written in batches,
    each document whole or not at all, so an interrupted build is resumed by running it again.
    """
    paths = input_files(list(inputs or ()))
    result = StoreBuildResult()
    fingerprint = resources.rules_fingerprint()
    if store.fingerprint() != fingerprint:
        result.rules_changed = True
        store.replace_base(base_graph(load_knowledge()), fingerprint)
    stored = store.document_hashes()
    identifiers: dict[str, Path] = {}
    todo: list[Path] = []
    for path in paths:
        clash = _claim_identifier(path, identifiers)
        if clash:
            result.skipped.append(clash)
            continue
        identifier = path.stem
        if stored.get(identifier) == (_file_hash(path), fingerprint):
            result.unchanged.append(identifier)
            if on_progress:
                on_progress(path)
        else:
            todo.append(path)
    result.not_in_inputs = sorted(set(stored) - set(identifiers))

    batch: dict[str, str] = {}

    def flush() -> None:
        store.replace_documents(batch, fingerprint)
        for identifier in batch:
            (result.replaced if identifier in stored else result.added).append(identifier)
        batch.clear()

    for path, outcome in _outcomes(todo, jobs, as_text=True, budget=budget):
        if isinstance(outcome, SkippedDocument):
            result.skipped.append(outcome)
        else:
            batch[path.stem] = outcome
            if len(batch) >= batch_size:
                flush()
        if on_progress:
            on_progress(path)
    if batch:
        flush()
    return result


def _outcomes(
    paths: list[Path], jobs: int, as_text: bool = False, budget: float | None = None
) -> Iterator[tuple[Path, Graph | str | SkippedDocument]]:
    """Each file's triples (or why it was skipped), in order, from `jobs` processes."""
    work = partial(_process, as_text=as_text, budget=budget)
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
            chunks = max(1, min(50, len(paths) // (jobs * 8)))
            yield from zip(paths, pool.map(work, paths, chunksize=chunks), strict=True)
    else:
        for path in paths:
            yield path, work(path)


def _file_hash(path: Path) -> str | None:
    """What `read_document` records as sec:contentHash: SHA-256 of the file's bytes; None
    when it cannot be read (the document is then read again, and skipped with the reason)."""
    try:
        return hashlib.sha256(read_bytes_limited(path)).hexdigest()
    except SkippedDocument:
        return None


@dataclass
class BuildReport:
    """What `seckg build` tells the user, whatever the store."""

    location: str
    documents: int
    triples: int
    skipped: list[SkippedDocument]
    validation: ValidationOutcome | None = None
    incremental: StoreBuildResult | None = None
    curation: Applied | None = None
    curation_file: str | None = None
    additions: dict[str, int] = field(default_factory=dict)  # file -> triples

    def as_dict(self) -> dict:
        summary: dict = {
            "out": self.location,
            "documents": self.documents,
            "skipped": len(self.skipped),
            "triples": self.triples,
        }
        if self.incremental:
            summary |= {
                "added": len(self.incremental.added),
                "replaced": len(self.incremental.replaced),
                "unchanged": len(self.incremental.unchanged),
                "not_in_inputs": self.incremental.not_in_inputs,
                "rules_changed": self.incremental.rules_changed,
            }
        if self.additions:
            summary["additions"] = self.additions
        if self.curation is not None:
            summary["curation"] = self.curation.as_dict(self.curation_file or "")
        if self.validation:
            summary["validation"] = {
                "conforms": self.validation.conforms,
                "violations": self.validation.violations,
                "warnings": self.validation.warnings,
            }
        return summary


def build(
    location: str | Path,
    paths: list[Path],
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    validate: bool = True,
    budget: float | None = DOCUMENT_BUDGET_S,
    curation: CurationFile | None = None,
    additions: dict[Path, Graph] | None = None,
) -> BuildReport:
    """Build into a file (whole) or a store (incrementally), apply the analysts' curation,
    then validate what is new.

    A file is replaced only once the new graph is complete. A store is validated in place,
    whole (`validate_store`): a rule may join a new document's facts to stored ones.
    `additions` (parsed RDF files) are merged as they are; in a store each file is a named
    graph of its own, replaced on every build.
    """
    from seckg.curation import CurationFile, apply_to_graph, apply_to_store
    from seckg.validate import validate_graph, validate_store

    curation = curation if curation is not None else CurationFile(Path("(none)"))
    where = str(curation.path) if curation else None
    counted = {str(path): len(graph) for path, graph in (additions or {}).items()}

    with open_store(location, create=True) as store:
        if not store.incremental:
            result = build_graph(paths, jobs=jobs, on_progress=on_progress, budget=budget)
            if not result.documents:
                reasons = "; ".join(str(skipped) for skipped in result.skipped[:5])
                more = len(result.skipped) - 5
                raise InputError(
                    f"nothing could be read ({len(result.skipped)} file(s) skipped: {reasons}"
                    + (f"; and {more} more" if more > 0 else "")
                    + f"); {location} was not written"
                )
            for graph in (additions or {}).values():
                result.graph += graph
            applied = apply_to_graph(result.graph, curation)
            write_graph_atomically(result.graph, Path(location))
            return BuildReport(
                location=str(location),
                documents=len(result.documents),
                triples=len(result.graph),
                skipped=result.skipped,
                validation=validate_graph(result.graph) if validate else None,
                curation=applied,
                curation_file=where,
                additions=counted,
            )
        update = update_store(store, paths, jobs, on_progress, budget=budget)
        if additions:
            store.replace_graphs(
                {additions_graph_name(path): ntriples_text(g) for path, g in additions.items()}
            )
        applied = apply_to_store(store, curation)
        outcome = validate_store(store) if validate else None
        stored = len(update.added) + len(update.replaced) + len(update.unchanged)
        return BuildReport(
            location=str(location),
            documents=stored,
            triples=store.size(),
            skipped=update.skipped,
            validation=outcome,
            incremental=update,
            curation=applied,
            curation_file=where,
            additions=counted,
        )
