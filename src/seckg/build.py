"""The main job: documents → ingest → extract → graph, merged with ontology and reference data.

`build_graph` is the Python API behind `seckg build`. Documents are read and extracted in
`jobs` worker processes (each loads the knowledge once); triples are merged in the parent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import DCTERMS

if TYPE_CHECKING:
    from seckg.curation import Applied, CurationFile
    from seckg.validate import ValidationOutcome

from seckg import resources
from seckg.budgets import OverTime, memory_budget, time_budget
from seckg.errors import InputError
from seckg.extract import extract_document, load_knowledge
from seckg.graph import (
    base_graph,
    copies_triples,
    document_graph,
    document_ntriples,
    near_duplicate_triples,
    ntriples,
)
from seckg.ingest import (
    Discovery,
    SkippedDocument,
    discover_all,
    read_document,
)
from seckg.ingest.duplicates import Copies, NearDuplicate, Signed, group_copies, near_duplicates
from seckg.ingest.web import Fetcher, default_cache
from seckg.namespaces import SEC, SECID
from seckg.processes import die_with_parent
from seckg.store import GraphStore, ntriples_text, open_store, write_graph_atomically


@dataclass
class Processed:
    """One document's facts (a Graph to merge, or N-Triples for a store) and what the
    build reports about it."""

    facts: Graph | str
    identifier: str
    date: str | None
    signature: str | None
    notes: tuple[str, ...] = ()


@dataclass
class Reading:
    """What the build learnt about the documents themselves, beyond their facts."""

    undated: list[str] = field(default_factory=list)  # identifiers without a date
    copies: dict[str, list[str]] = field(default_factory=dict)  # identifier -> other files
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "path: what was odd about it"

    def note(self, path: Path, processed: Processed) -> None:
        if processed.date is None:
            self.undated.append(processed.identifier)
        self.note_oddities(path, processed)

    def note_oddities(self, path: Path, processed: Processed) -> None:
        """Only what was odd about the document: a store build learns which documents are
        undated from the store, unchanged ones included."""
        self.notes.extend(f"{path}: {note}" for note in processed.notes)


@dataclass
class BuildResult:
    graph: Graph
    documents: list[str] = field(default_factory=list)  # identifiers built
    skipped: list[SkippedDocument] = field(default_factory=list)
    reading: Reading = field(default_factory=Reading)


DOCUMENT_BUDGET_S = 600.0  # a 5 MB document (the size limit) extracts in about 50 s
DOCUMENT_MEMORY_MIB = 4096.0  # 100k sentences (2.4 MB) peak at about 0.6 GB for the whole build


def _process(
    path: Path,
    as_text: bool = False,
    budget: float | None = DOCUMENT_BUDGET_S,
    memory: float | None = DOCUMENT_MEMORY_MIB,
) -> Processed | SkippedDocument:
    """Read, extract and turn one file into triples (runs in a worker process): a Graph to
    merge in memory, or N-Triples text for a store. A document that takes longer than the
    time budget, or more memory than its budget, is skipped and named; the build goes on."""
    try:
        document = read_document(path)
    except SkippedDocument as skipped:
        return skipped
    knowledge = load_knowledge()
    document.signature  # noqa: B018 (computed here: it imports numpy, which needs room to load)
    try:
        with time_budget(budget), memory_budget(memory):
            extraction = extract_document(document, knowledge)
            render = document_ntriples if as_text else document_graph
            facts = render(extraction, knowledge)
            return Processed(
                facts, document.identifier, document.date, document.signature, document.notes
            )
    except OverTime:
        return SkippedDocument(path, f"extraction ran past the {budget:g} s budget per document")
    except MemoryError:
        limit = f" of {memory:g} MiB per document" if memory else ""
        return SkippedDocument(path, f"extraction ran past the memory budget{limit}")


def build_graph(
    inputs: Iterable[Path] | None = None,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    budget: float | None = DOCUMENT_BUDGET_S,
    memory: float | None = DOCUMENT_MEMORY_MIB,
) -> BuildResult:
    """Build the whole graph from files and folders (the bundled corpus when none are given).

    Identical files are read once (the others kept as aliases of the first); documents that
    repeat an earlier one with few changes are linked to it (sec:nearDuplicateOf)."""
    paths = input_files(list(inputs or ()))
    knowledge = load_knowledge()
    result = BuildResult(graph=base_graph(knowledge))
    copies = group_copies(paths)
    _skip_aliases(copies, on_progress)
    identifiers: dict[str, Path] = {}
    signed: list[Signed] = []
    for path, outcome in _outcomes(copies.paths, jobs, budget=budget, memory=memory):
        if isinstance(outcome, SkippedDocument):
            result.skipped.append(outcome)
        elif clash := _claim_identifier(path, identifiers):
            result.skipped.append(clash)
        else:
            result.documents.append(outcome.identifier)
            result.graph += outcome.facts
            result.reading.note(path, outcome)
            if outcome.signature:
                signed.append(Signed(outcome.identifier, outcome.date, outcome.signature))
            _record_copies(result.reading, path, outcome.identifier, copies)
            for triple in copies_triples(
                outcome.identifier, result.reading.copies.get(outcome.identifier, ())
            ):
                result.graph.add(triple)
        if on_progress:
            on_progress(path)
    result.reading.near_duplicates = near_duplicates(signed)
    for triple in near_duplicate_triples(result.reading.near_duplicates):
        result.graph.add(triple)
    return result


def _skip_aliases(copies: Copies, on_progress: Callable[[Path], None] | None) -> None:
    """Copies are not read, but they were counted in the progress bar's total."""
    if on_progress:
        for aliases in copies.aliases.values():
            for path in aliases:
                on_progress(path)


def _record_copies(reading: Reading, path: Path, identifier: str, copies: Copies) -> None:
    if path in copies.aliases:
        reading.copies[identifier] = [str(alias) for alias in copies.aliases[path]]


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


def find_inputs(inputs: list[Path]) -> Discovery:
    """The documents to read in the inputs, or the bundled corpus when none, and what the
    walk passed over (other suffixes, folders that cannot be read)."""
    discovery = discover_all(inputs or [resources.corpus_dir()])
    if not discovery.paths:
        passed = ", ".join(f"{n} {suffix}" for suffix, n in discovery.ignored.most_common(5))
        raise InputError(
            "no .txt, .md, .html or .pdf documents found in the given inputs"
            + (f" (passed over: {passed})" if passed else "")
        )
    return discovery


def gather_inputs(
    inputs: list[Path],
    urls: list[str] | None = None,
    fetcher: Fetcher | None = None,
    on_fetch: Callable[[str], None] | None = None,
) -> Discovery:
    """`find_inputs`, with the pages of the URLs fetched (or taken from the cache) and added
    as files; a page that cannot be fetched is skipped with its reason. URLs alone do not
    bring in the bundled corpus."""
    discovery = find_inputs(inputs) if inputs or not urls else Discovery()
    if urls:
        fetched = (fetcher or Fetcher(default_cache())).fetch_all(urls, on_fetch)
        discovery.paths += [path for path in fetched.paths if path not in discovery.paths]
        discovery.skipped += fetched.failed
        if not discovery.paths:
            reasons = "; ".join(str(failure) for failure in fetched.failed[:5])
            raise InputError(f"none of the {len(urls)} URL(s) could be fetched: {reasons}")
    return discovery


def input_files(inputs: list[Path]) -> list[Path]:
    """The documents to read: files found in the inputs, or the bundled corpus when none."""
    return find_inputs(inputs).paths


@dataclass
class StoreBuildResult:
    """What an incremental build did, per document identifier."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    not_in_inputs: list[str] = field(default_factory=list)  # stored, but no longer given
    rules_changed: bool = False
    reading: Reading = field(default_factory=Reading)


DUPLICATES_GRAPH = SECID["graph/duplicates"]

_STORED_DOCUMENTS = f"""
SELECT ?identifier ?date ?signature WHERE {{
  GRAPH ?graph {{ ?graph <{DCTERMS.identifier}> ?identifier
                 OPTIONAL {{ ?graph <{DCTERMS.date}> ?date }}
                 OPTIONAL {{ ?graph <{SEC.textSignature}> ?signature }} }}
}}"""


def update_store(
    store: GraphStore,
    inputs: Iterable[Path] | None = None,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    batch_size: int = 50,
    budget: float | None = DOCUMENT_BUDGET_S,
    memory: float | None = DOCUMENT_MEMORY_MIB,
) -> StoreBuildResult:
    """Bring a store up to date with the inputs, extracting only what changed.

    A document whose bytes hash as stored, and whose facts were made by the current rules (see
    `resources.rules_fingerprint`), is skipped; any other gets its named graph replaced; a new
    one is added. So new rules re-extract every document. Documents are written in batches,
    each document whole or not at all, so an interrupted build is resumed by running it again.
    Copies and near-duplicates are found again on every build, over the whole store, and
    kept in a named graph of their own (`secid:graph/duplicates`).
    """
    paths = input_files(list(inputs or ()))
    result = StoreBuildResult()
    fingerprint = resources.rules_fingerprint()
    if store.fingerprint() != fingerprint:
        result.rules_changed = True
        store.replace_base(base_graph(load_knowledge()), fingerprint)
    stored = store.document_hashes()
    copies = group_copies(paths)
    _skip_aliases(copies, on_progress)
    identifiers: dict[str, Path] = {}
    todo: list[Path] = []
    for path in copies.paths:
        clash = _claim_identifier(path, identifiers)
        if clash:
            result.skipped.append(clash)
            continue
        _record_copies(result.reading, path, path.stem, copies)
        if stored.get(path.stem) == (copies.digest(path), fingerprint):
            result.unchanged.append(path.stem)
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

    for path, outcome in _outcomes(todo, jobs, as_text=True, budget=budget, memory=memory):
        if isinstance(outcome, SkippedDocument):
            result.skipped.append(outcome)
        else:
            batch[outcome.identifier] = outcome.facts
            result.reading.note_oddities(path, outcome)
            if len(batch) >= batch_size:
                flush()
        if on_progress:
            on_progress(path)
    if batch:
        flush()
    _store_duplicates(store, result, set(identifiers))
    return result


def _store_duplicates(store: GraphStore, result: StoreBuildResult, given: set[str]) -> None:
    """Undated documents among the inputs, and near-duplicates over everything stored."""
    signed = []
    for identifier, date, signature in store.query(_STORED_DOCUMENTS):
        if date is None and str(identifier) in given:
            result.reading.undated.append(str(identifier))
        if signature is not None:
            signed.append(Signed(str(identifier), date and str(date), str(signature)))
    result.reading.undated.sort()
    result.reading.near_duplicates = near_duplicates(signed)
    triples = [
        *near_duplicate_triples(result.reading.near_duplicates),
        *(
            triple
            for identifier, files in sorted(result.reading.copies.items())
            for triple in copies_triples(identifier, files)
        ),
    ]
    store.replace_graphs({DUPLICATES_GRAPH: ntriples(triples)})


def _outcomes(
    paths: list[Path],
    jobs: int,
    as_text: bool = False,
    budget: float | None = None,
    memory: float | None = None,
) -> Iterator[tuple[Path, Processed | SkippedDocument]]:
    """Each file's triples (or why it was skipped), in order, from `jobs` processes."""
    work = partial(_process, as_text=as_text, budget=budget, memory=memory)
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
            chunks = max(1, min(50, len(paths) // (jobs * 8)))
            yield from zip(paths, pool.map(work, paths, chunksize=chunks), strict=True)
    else:
        for path in paths:
            yield path, work(path)


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
    reading: Reading = field(default_factory=Reading)
    ignored: dict[str, int] = field(default_factory=dict)  # suffix -> files not read

    def as_dict(self) -> dict:
        summary: dict = {
            "out": self.location,
            "documents": self.documents,
            "skipped": len(self.skipped),
            "skipped_files": [skipped.as_dict() for skipped in self.skipped],
            "ignored_extensions": self.ignored,
            "undated": len(self.reading.undated),
            "undated_documents": self.reading.undated,
            "duplicates": self.reading.copies,
            "near_duplicates": [
                {"document": d.identifier, "original": d.original, "similarity": d.similarity}
                for d in self.reading.near_duplicates
            ],
            "notes": self.reading.notes,
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
    paths: list[Path] | Discovery,
    jobs: int = 1,
    on_progress: Callable[[Path], None] | None = None,
    validate: bool = True,
    budget: float | None = DOCUMENT_BUDGET_S,
    memory: float | None = DOCUMENT_MEMORY_MIB,
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

    discovery = paths if isinstance(paths, Discovery) else Discovery(list(paths))
    paths = discovery.paths
    ignored = dict(sorted(discovery.ignored.items()))
    curation = curation if curation is not None else CurationFile(Path("(none)"))
    where = str(curation.path) if curation else None
    counted = {str(path): len(graph) for path, graph in (additions or {}).items()}

    with open_store(location, create=True) as store:
        if not store.incremental:
            result = build_graph(paths, jobs, on_progress, budget=budget, memory=memory)
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
                skipped=discovery.skipped + result.skipped,
                reading=result.reading,
                ignored=ignored,
                validation=validate_graph(result.graph) if validate else None,
                curation=applied,
                curation_file=where,
                additions=counted,
            )
        update = update_store(store, paths, jobs, on_progress, budget=budget, memory=memory)
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
            skipped=discovery.skipped + update.skipped,
            reading=update.reading,
            ignored=ignored,
            validation=outcome,
            incremental=update,
            curation=applied,
            curation_file=where,
            additions=counted,
        )
