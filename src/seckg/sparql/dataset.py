"""Where every SPARQL query runs: Oxigraph's engine, whatever the graph's location.

rdflib's engine answers the bundled queries 100 to 10,000 times slower than Oxigraph's on the
same data, so a file is loaded into an in-memory Oxigraph store and a store folder is opened in
place, read-only. rdflib stays for parsing terms and writing the formats Oxigraph lacks.

Every location has one layout: the default graph holds every fact once (the union of the
documents), and a built store or a quad file also keeps each document in a named graph. Quads
read from a file are copied into the default graph as well, so the bundled queries give the
same rows on a file, a folder and a server, and nobody needs a "union default graph" switch
(whose bag semantics would return a fact once per document that states it).

This module is what a query worker process imports: it leaves rdflib out, to start fast.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from seckg.errors import InputError, SeckgError
from seckg.sparql.lexer import refuse_unsafe

RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "Turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "N-Triples"),
    ".nq": (ox.RdfFormat.N_QUADS, "N-Quads"),
    ".trig": (ox.RdfFormat.TRIG, "TriG"),
    ".n3": (ox.RdfFormat.N3, "N3"),
    ".rdf": (ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".owl": (ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".xml": (ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "JSON-LD"),
    ".json": (ox.RdfFormat.JSON_LD, "JSON-LD"),
}
QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)

# media type -> Oxigraph serialiser; the first of each table is the default
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/n3": ox.RdfFormat.N3,
}


class QuerySyntaxError(SeckgError):
    """The text is not SPARQL 1.1: the message gives line and column."""


class QueryFailed(SeckgError):
    """The engine could not finish the query (e.g. a store read error)."""


@dataclass(frozen=True)
class Source:
    """What to open: RDF files, or one Oxigraph folder. Picklable, so that a worker process
    opens the same data."""

    files: tuple[str, ...] = ()
    folder: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return self.folder or ", ".join(self.files)


@dataclass(frozen=True)
class Request:
    """One query, with the result format already negotiated and the protocol's dataset."""

    text: str
    media_type: str = "application/sparql-results+json"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    form: str  # SELECT | ASK | GRAPH (CONSTRUCT and DESCRIBE)
    media_type: str
    body: bytes


def source_of(locations: Sequence[str | Path], prefixes: dict[str, str]) -> Source:
    """A Source for `--graph` values, with one-line errors for what cannot be read."""
    files, folders = [], []
    for location in locations:
        path = Path(location)
        if path.is_dir():
            folders.append(str(path))
        elif not path.exists():
            raise InputError(f"{path}: no such file or store folder")
        elif not path.is_file():
            raise InputError(f"{path}: not a regular file (a device, FIFO or socket)")
        elif path.suffix.lower() not in RDF_FORMATS:
            known = ", ".join(sorted(RDF_FORMATS))
            raise InputError(f"{path}: not an RDF file by its name (expected one of {known})")
        else:
            files.append(str(path))
    if len(folders) == 1 and not files:
        return Source(folder=folders[0], prefixes=prefixes)
    if folders:
        raise InputError(
            f"{folders[0]}: a store folder is queried alone; to combine it with other graphs, "
            "build them into the store"
        )
    return Source(files=tuple(files), prefixes=prefixes)


def open_source(source: Source) -> ox.Store:
    """An Oxigraph store over the source: the folder in place, read-only, or the files in
    memory."""
    if source.folder is not None:
        try:
            return ox.Store.read_only(source.folder)
        except OSError as exc:
            raise InputError(f"{source.folder}: cannot open the Oxigraph store: {exc}") from exc
    store = ox.Store()
    for file in source.files:
        load_file(store, Path(file))
    return store


def load_file(store: ox.Store, path: Path) -> None:
    """Parse one RDF file into the store; quads go to their named graph and to the default
    graph (see the module's note on layout)."""
    rdf_format, name = RDF_FORMATS.get(path.suffix.lower(), (ox.RdfFormat.TURTLE, "Turtle"))
    if rdf_format == ox.RdfFormat.RDF_XML:
        refuse_entities(path)
    try:
        if rdf_format in QUAD_FORMATS:
            quads = ox.Store()
            quads.bulk_load(path=str(path), format=rdf_format)
            store.bulk_extend(
                ox.Quad(quad.subject, quad.predicate, quad.object, graph)
                for quad in quads
                for graph in {quad.graph_name, ox.DefaultGraph()}
            )
        else:
            store.bulk_load(path=str(path), format=rdf_format)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {name}: {' '.join(str(exc).split())}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from exc


def refuse_entities(path: Path) -> None:
    """RDF/XML may declare DTD entities, and the parser expands them: a few hundred bytes of
    nested entities grow into gigabytes. RDF/XML has no need of them, so they are refused."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1 << 20)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from exc
    if b"<!ENTITY" in head.split(b"<rdf:RDF", 1)[0] or b"<!ENTITY" in head[:4096]:
        raise InputError(f"{path}: declares DTD entities, which are refused (entity expansion)")


def _graph_name(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def run(store: ox.Store, text: str, request: Request | None = None, prefixes=None):
    """Oxigraph's answer to a read-only query (QuerySolutions, QueryBoolean or QueryTriples)."""
    refuse_unsafe(text)
    options = {}
    if request is not None and request.default_graphs is not None:
        options["default_graph"] = [_graph_name(iri) for iri in request.default_graphs]
    if request is not None and request.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    try:
        return store.query(text, prefixes=prefixes or None, **options)
    except SyntaxError as exc:
        message = re.sub(r"^error at (\d+):(\d+):", r"line \1, column \2:", str(exc))
        raise QuerySyntaxError(f"malformed SPARQL: {' '.join(message.split())}") from exc
    except ValueError as exc:  # e.g. an invalid IRI in default-graph-uri
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise QueryFailed(f"the query failed: {exc}") from exc


def execute(store: ox.Store, request: Request, prefixes: dict[str, str] | None = None) -> Answer:
    """Run the request and serialise its answer in the negotiated format (or in the default
    format of the answer's kind when the client asked for the other kind's). Oxigraph
    evaluates lazily, so evaluation errors surface while serialising: they are caught there."""
    answer = run(store, request.text, request, prefixes)
    try:
        return _serialised(answer, request, prefixes)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed(f"the query failed: {' '.join(str(exc).split())}") from exc


def _serialised(answer, request: Request, prefixes: dict[str, str] | None) -> Answer:
    if isinstance(answer, ox.QueryTriples):
        media_type = request.media_type if request.media_type in GRAPH_FORMATS else "text/turtle"
        rdf_format = GRAPH_FORMATS[media_type]
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N3):
            body = ox.serialize(answer, format=rdf_format, prefixes=prefixes or None)
        else:
            body = answer.serialize(format=rdf_format)
        return Answer("GRAPH", media_type, body or b"")
    media_type = (
        request.media_type
        if request.media_type in RESULT_FORMATS
        else "application/sparql-results+json"
    )
    form = "ASK" if isinstance(answer, ox.QueryBoolean) else "SELECT"
    return Answer(form, media_type, answer.serialize(format=RESULT_FORMATS[media_type]) or b"")
