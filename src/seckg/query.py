"""Run SPARQL: bundled analyst queries by name, or any `.rq` file, over a graph.

Parameters are bound as RDF terms through rdflib's `initBindings`, never pasted into the
query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from seckg import resources
from seckg.errors import InputError
from seckg.namespaces import PREFIXES, SECID
from seckg.store import GraphStore


@dataclass(frozen=True)
class BundledQuery:
    name: str
    path: Path
    question: str


def bundled_queries() -> dict[str, BundledQuery]:
    """The queries shipped in `queries/`, by name, with the question from their first comment."""
    queries = {}
    for path in sorted(resources.queries_dir().glob("*.rq")):
        question: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.lstrip("#").strip()
            if not line.startswith("#") or text.startswith("Parameters:"):
                break
            question.append(text)
        queries[path.stem] = BundledQuery(path.stem, path, " ".join(question))
    return queries


def resolve_query(query: str) -> tuple[str, str]:
    """(name, SPARQL text) of a `.rq` path or a bundled query name."""
    path = Path(query)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        return path.stem, path.read_text(encoding="utf-8")
    queries = bundled_queries()
    if query not in queries:
        names = ", ".join(queries) or "none"
        raise InputError(f"{query}: not a .rq file nor a bundled query (bundled: {names})")
    return query, queries[query].path.read_text(encoding="utf-8")


def parse_binding(value: str) -> URIRef | Literal:
    """A parameter value as an RDF term: <iri>, prefixed name, number, or a plain string."""
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def run_query(
    source: Graph | GraphStore,
    text: str,
    name: str = "query",
    params: dict[str, str] | None = None,
) -> Result:
    """Run a query on an in-memory graph (rdflib) or a store (its own engine).

    The text is parsed by rdflib first either way, so a malformed query gets the same message
    with line and column whatever the store.
    """
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # pyparsing reports position as "(at char N), (line:L, col:C)"
        raise InputError(f"{name}: malformed SPARQL: {' '.join(str(exc).split())[:300]}") from exc
    bindings = {}
    if params:
        variables = set(re.findall(r"[?$](\w+)", text))
        for key, value in params.items():
            if key not in variables:
                raise InputError(
                    f"{name}: unknown parameter {key!r} (variables: {', '.join(sorted(variables))})"
                )
            bindings[key] = parse_binding(value)
    if isinstance(source, GraphStore):
        return source.query(text, bindings)
    return source.query(prepared, initBindings=bindings)


def shorten(term) -> str:
    """A term for display: prefixed where a contract prefix fits."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(str(SECID)):
            return "secid:" + text.removeprefix(str(SECID))
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri):
                return f"{prefix}:{text.removeprefix(iri)}"
        return text
    return str(term)
