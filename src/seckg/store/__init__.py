"""Where the graph lives: an RDF file, an embedded Oxigraph folder, or a SPARQL 1.1 server.

One interface, `GraphStore`, for the commands that read or write the graph; `open_store` picks
the backend from the location. The stores keep each document's facts in a named graph of its
own (named by the document's IRI) and the ontology with the reference data in `secid:graph/base`,
so a document can be re-extracted or removed without touching the rest, and every store keeps
the default graph equal to the union of those graphs (each fact once), so queries read the
default graph on every backend and no server needs a "union default graph" setting. A file holds one
merged graph and is always rebuilt whole.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from pathlib import Path

from rdflib import Graph, Literal, Node, URIRef
from rdflib.query import Result

from seckg.errors import InputError
from seckg.namespaces import SEC, SECID
from seckg.store.files import (
    load_graph,
    rdf_format_of,
    write_graph_atomically,
    write_text_atomically,
)

__all__ = [
    "BASE_GRAPH",
    "GraphStore",
    "load_graph",
    "open_store",
    "rdf_format_of",
    "write_graph_atomically",
    "write_text_atomically",
]

BASE_GRAPH = SECID["graph/base"]
RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".json", ".rdf", ".xml", ".n3", ".owl")

_HASHES = f"""
SELECT ?graph ?identifier ?hash ?rules WHERE {{
  GRAPH ?graph {{ ?graph <http://purl.org/dc/terms/identifier> ?identifier ;
                        <{SEC.contentHash}> ?hash
                 OPTIONAL {{ ?graph <{SEC.extractedWith}> ?rules }} }}
}}"""
_FINGERPRINT = f"""
SELECT ?rules WHERE {{ GRAPH <{BASE_GRAPH}> {{ <{BASE_GRAPH}> <{SEC.extractedWith}> ?rules }} }}"""


def ntriples_text(facts: Graph | str) -> str:
    """A named graph's triples as N-Triples: how every store takes them."""
    return facts if isinstance(facts, str) else facts.serialize(format="nt")


class GraphStore(ABC):
    """A graph made of named graphs: the base, and one per document."""

    location: str
    incremental = True

    @abstractmethod
    def query(self, text: str, bindings: dict[str, object] | None = None) -> Result:
        """SPARQL over the union of all graphs, with variables pre-bound."""

    @abstractmethod
    def to_graph(self) -> Graph:
        """Everything, merged into one in-memory graph (for validation, networks, export)."""

    @abstractmethod
    def replace_graphs(self, graphs: dict[URIRef, str]) -> None:
        """Put each named graph (N-Triples text) in place of its old one; each whole or not
        at all."""

    def replace_documents(self, documents: dict[str, Graph | str], fingerprint: str) -> None:
        """Each document's facts in the named graph of its IRI, tagged with the rules used."""
        from seckg.graph import document_iri, ntriples

        graphs = {}
        for identifier, facts in documents.items():
            name = document_iri(identifier)
            tag = ntriples([(name, SEC.extractedWith, Literal(fingerprint))])
            graphs[name] = ntriples_text(facts) + tag
        self.replace_graphs(graphs)

    def replace_base(self, graph: Graph, fingerprint: str) -> None:
        """The ontology and reference data, tagged with the fingerprint of the rules."""
        from seckg.graph import ntriples

        tag = ntriples([(BASE_GRAPH, SEC.extractedWith, Literal(fingerprint))])
        self.replace_graphs({BASE_GRAPH: ntriples_text(graph) + tag})

    @abstractmethod
    def remove_document(self, identifier: str) -> bool:
        """Drop a document's named graph; False when the store does not hold it."""

    def close(self) -> None:  # noqa: B027 (most backends hold nothing to release)
        pass

    def document_hashes(self) -> dict[str, tuple[str, str | None]]:
        """Identifier -> (SHA-256 of the document's bytes, fingerprint of the rules used)."""
        return {
            str(row[1]): (str(row[2]), str(row[3]) if row[3] is not None else None)
            for row in self.query(_HASHES)
        }

    def size(self) -> int:
        """Triples over all graphs."""
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0][0])

    def fingerprint(self) -> str | None:
        """The rules' fingerprint the stored documents were extracted with, if any."""
        rows = list(self.query(_FINGERPRINT))
        return str(rows[0][0]) if rows else None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def bind_everywhere(text: str, name: str, term: Node) -> str:
    """Binds a variable in every WHERE group, subqueries included: for a switch such as
    ?include_rejected that a filter deep inside a subquery must see (a VALUES block on the
    outermost group does not reach into a subquery)."""
    values = f" VALUES ?{name} {{ {term.n3()} }} "
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + values, body, flags=re.IGNORECASE)


def with_bindings(text: str, bindings: dict[str, Node]) -> str:
    """Pre-binds variables with a VALUES block at the start of the outermost WHERE group.

    What rdflib's initBindings do for an in-memory graph, in plain SPARQL 1.1 that any engine
    runs (Oxigraph's own substitutions insist the variable be projected).
    """
    if not bindings:
        return text
    values = " ".join(f"VALUES ?{name} {{ {term.n3()} }}" for name, term in bindings.items())
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    group = re.search(r"\bWHERE\s*\{", body, re.IGNORECASE) or re.search(
        r"\b(SELECT|ASK|DESCRIBE)\b[^{]*\{", body, re.IGNORECASE
    )
    if group is None:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    return f"{body[: group.end()]} {values} {body[group.end() :]}"


def drop_graphs_update(names: list[URIRef]) -> str:
    """SPARQL Update removing named graphs, and their triples from the default graph (the
    union) unless another graph still states them: the one layout every store keeps."""
    listed = " ".join(f"<{name}>" for name in names)
    drops = " ; ".join(f"DROP SILENT GRAPH <{name}>" for name in names)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?old {{ {listed} }} GRAPH ?old {{ ?s ?p ?o }}"
        " FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o }"
        f" FILTER (?other NOT IN ({listed.replace(' ', ', ')})) }} }} ; {drops}"
    )


def is_server(location: str) -> bool:
    return bool(re.match(r"https?://", location))


def open_store(location: str | Path, *, create: bool = False) -> GraphStore:
    """The store at `location`: an http(s) URL, an RDF file (by suffix), or a folder.

    A folder (or a new path without an RDF suffix, when `create`) is an Oxigraph store.
    """
    text = str(location)
    if is_server(text):
        from seckg.store.sparql import SparqlServerStore

        return SparqlServerStore(text)
    path = Path(text)
    if path.is_dir() or (create and not path.exists() and path.suffix.lower() not in RDF_SUFFIXES):
        from seckg.store.oxigraph import OxigraphStore

        return OxigraphStore(path)
    if path.suffix.lower() in RDF_SUFFIXES or path.is_file():
        from seckg.store.rdffile import FileStore

        return FileStore(path)
    raise InputError(
        f"{path}: no such store (a .ttl/.nt/.nq file, an Oxigraph folder, or an http:// URL)"
    )


def load_any(location: str | Path) -> Graph:
    """The whole graph at a location, in memory: what `--graph` reads."""
    with open_store(location) as store:
        return store.to_graph()
