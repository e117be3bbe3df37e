"""Run SPARQL: bundled analyst queries by name, a `.rq` file or inline text, over any graph.

Every query runs in Oxigraph (see `seckg.sparql.dataset`): a file in memory, a store folder in
place, or a SPARQL server over HTTP. Parameters are bound as RDF terms with a VALUES block,
never pasted into the query text; a bare code or name given for an entity parameter (`state=JPN`,
`forum=Quad`, `threat=cyber`) is looked up in the graph, so it does not silently become a string
that matches nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, Graph, Literal, Node, URIRef

from seckg import resources
from seckg.errors import InputError, SeckgError
from seckg.namespaces import ENTITY_PREFIXES, PREFIXES
from seckg.sparql import dataset
from seckg.sparql.dataset import Answer, Request
from seckg.sparql.lexer import query_form
from seckg.store import is_server, with_bindings
from seckg.store.oxigraph import to_rdflib

# Parameters named like these stand for an entity: which kinds of entity each may be.
ENTITY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "state": ("state", "territory"),
    "territory": ("territory",),
    "forum": ("forum",),
    "threat": ("threat",),
    "initiative": ("initiative",),
    "actor": ("state", "territory", "forum"),
    "issuer": ("state", "territory", "forum"),
    "member": ("state", "territory", "forum"),
    "concern": ("threat", "initiative"),
}

_LOOKUP = """
SELECT DISTINCT ?entity WHERE {
  VALUES ?property { sec:iso3 sec:acronym rdfs:label skos:prefLabel skos:altLabel }
  ?entity ?property ?name .
  FILTER (LCASE(STR(?name)) = LCASE(?wanted) && STRSTARTS(STR(?entity), ?namespace))
}"""
_BY_LOCAL_NAME = """
SELECT DISTINCT ?entity WHERE {
  ?entity a ?type .
  FILTER (STRSTARTS(STR(?entity), ?namespace)
          && LCASE(STRAFTER(STR(?entity), ?namespace)) = LCASE(?wanted))
}"""


@dataclass(frozen=True)
class BundledQuery:
    name: str
    path: Path
    question: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


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
        try:
            return path.stem, path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not a UTF-8 text file (byte {exc.start})") from exc
    queries = bundled_queries()
    if query not in queries:
        names = ", ".join(queries) or "none"
        raise InputError(f"{query}: not a .rq file nor a bundled query (bundled: {names})")
    return query, queries[query].text


# --------------------------------------------------------------------------- where it runs


class Target(AbstractContextManager):
    """A graph to ask: `answer` runs one request and returns its serialised answer."""

    location: str

    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        pass


class LocalTarget(Target):
    """An Oxigraph store in this process: a file loaded into memory, or a folder in place."""

    def __init__(self, store: ox.Store, location: str = "graph"):
        self.store = store
        self.location = location

    def answer(self, request: Request) -> Answer:
        return dataset.execute(self.store, request, PREFIXES)


class WorkerTarget(Target):
    """The same, in a worker process that is killed when the time limit passes."""

    def __init__(self, source: dataset.Source, timeout: float):
        from seckg.sparql.workers import WorkerPool

        self.location = source.describe()
        self.pool = WorkerPool(source, size=1, timeout=timeout)

    def answer(self, request: Request) -> Answer:
        return self.pool.run(request)

    def close(self) -> None:
        self.pool.close()


class ServerTarget(Target):
    """A SPARQL 1.1 server (`seckg serve`, Oxigraph, Fuseki, Virtuoso): the query is sent as
    is, with our prefixes declared, and the server's own serialisation is returned."""

    def __init__(self, url: str, timeout: float | None):
        from seckg.store.sparql import SparqlServerStore

        self.location = url
        self.server = SparqlServerStore(url, timeout=timeout)

    def answer(self, request: Request) -> Answer:
        body, media_type = self.server.raw_query(request.text, request.media_type)
        form = query_form(request.text) or "SELECT"
        return Answer("GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form, media_type, body)


def open_target(locations: Sequence[str | Path], timeout: float | None = None) -> Target:
    """The target for `--graph` values: one server URL, one store folder, or RDF files."""
    texts = [str(location) for location in locations]
    if not texts:
        raise InputError("no graph given: use --graph FILE, --graph FOLDER or --graph URL")
    servers = [text for text in texts if is_server(text)]
    if servers:
        if len(texts) > 1:
            raise InputError(f"{servers[0]}: a SPARQL server is queried alone, not with files")
        return ServerTarget(servers[0], timeout)
    source = dataset.source_of(texts, PREFIXES)
    if timeout is not None:
        return WorkerTarget(source, timeout)
    return LocalTarget(dataset.open_source(source), source.describe())


def target_of_graph(graph: Graph) -> LocalTarget:
    """An in-memory rdflib graph copied into Oxigraph (for tests and library callers)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    return LocalTarget(store, "graph")


# --------------------------------------------------------------------------- parameters


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")


def _iri(text: str, value: str) -> URIRef:
    if not _IRI.fullmatch(text):
        raise InputError(f"--param value {value!r}: not a valid absolute IRI")
    return URIRef(text)


def parse_binding(value: str) -> Node:
    """A parameter value as an RDF term: <iri>, prefixed name, number, or a plain string."""
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], value)
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and not local.startswith("//"):
        return _iri(PREFIXES[prefix] + local, value)
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def _entities(target: Target, text: str, bindings: dict[str, Node]) -> list[str]:
    answer = target.answer(Request(with_bindings(text, bindings)))
    return sorted(str(row["entity"]) for row in solutions(answer)[1])


def find_entities(target: Target, value: str, kinds: tuple[str, ...]) -> list[str]:
    """IRIs of the entities of these kinds whose code, local name or label is `value`."""
    found: list[str] = []
    for kind in kinds:
        bindings = {"wanted": Literal(value), "namespace": Literal(ENTITY_PREFIXES[kind])}
        for text in (_BY_LOCAL_NAME, _LOOKUP):
            matches = _entities(target, text, bindings)
            if matches:
                found += [m for m in matches if m not in found]
                break
    return found


def resolve_entity(
    target: Target,
    parameter: str,
    value: str,
    given_as: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> URIRef:
    """The entity a bare code or name stands for, for an entity parameter; a message saying
    what was expected when nothing (or more than one thing) matches. `given_as` names the
    option in that message (default: --param NAME=VALUE)."""
    kinds = kinds or ENTITY_PARAMETERS[parameter]
    given_as = given_as or f"--param {parameter}={value}"
    term = parse_binding(value)
    if isinstance(term, URIRef):
        return term
    found = find_entities(target, value, kinds)
    if len(found) == 1:
        return URIRef(found[0])
    wanted = " or ".join(kinds)
    example = {"state": "JPN", "forum": "nato", "threat": "cyber"}.get(kinds[0], "x")
    if not found:
        raise InputError(
            f"{given_as}: no {wanted} with that code or name in the graph "
            f"(give a code or name, or an IRI such as {kinds[0]}:{example})"
        )
    shown = ", ".join(shorten(URIRef(iri)) for iri in found[:5])
    raise InputError(f"{given_as}: ambiguous, it names {shown}; give one IRI")


INCLUDE_REJECTED = "include_rejected"


def including_rejected(text: str) -> str:
    """The query with the switch bound that keeps facts analysts rejected (`seckg curate`):
    bundled queries leave them out unless ?include_rejected is bound."""
    if not re.search(rf"[?$]{INCLUDE_REJECTED}\b", text):
        return text
    from seckg.store import bind_everywhere

    return bind_everywhere(text, INCLUDE_REJECTED, Literal(True))


AS_OF = "as_of"


def as_of_term(value: str) -> Literal:
    """The day a membership question is asked about, as an xsd:date ("2022" is its last day)."""
    from seckg.reference import as_of_day

    return Literal(as_of_day(value).isoformat(), datatype=XSD.date)


def bind_parameters(target: Target, text: str, name: str, params: dict[str, str] | None) -> str:
    """The query text with its parameters bound (a VALUES block), after checking that each
    names one of the query's variables. ?as_of is bound in every group, subqueries too: each
    membership filter of a bundled query reads it."""
    if not params:
        return text
    variables = set(re.findall(r"[?$](\w+)", text))
    bindings: dict[str, Node] = {}
    as_of: Literal | None = None
    for key, value in params.items():
        if key not in variables:
            raise InputError(
                f"{name}: unknown parameter {key!r} (variables: {', '.join(sorted(variables))})"
            )
        if key == AS_OF:
            as_of = as_of_term(value)
            continue
        term = parse_binding(value)
        if isinstance(term, Literal) and key in ENTITY_PARAMETERS:
            term = resolve_entity(target, key, value)
        bindings[key] = term
    bound = with_bindings(text, bindings)
    if as_of is not None:
        from seckg.store import bind_everywhere

        bound = bind_everywhere(bound, AS_OF, as_of)
    return bound


# --------------------------------------------------------------------------- answers


def solutions(answer: Answer) -> tuple[list[str], list[dict[str, Node]]]:
    """(variables, rows) of a SELECT answer in SPARQL JSON or XML, as rdflib terms."""
    readable = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)  # terms typed in full
    formats = {media: kind for media, kind in dataset.RESULT_FORMATS.items() if kind in readable}
    media_type = answer.media_type.split(";")[0].strip()
    if media_type not in formats:
        raise SeckgError(f"cannot read rows from a {media_type or 'typeless'} answer")
    parsed = ox.parse_query_results(answer.body, format=formats[media_type])
    if isinstance(parsed, ox.QueryBoolean):
        return [], []
    variables = [variable.value for variable in parsed.variables]
    rows = [
        {name: to_rdflib(row[name]) for name in variables if row[name] is not None}
        for row in parsed
    ]
    return variables, rows


def select_rows(
    source: Target | Graph,
    text: str,
    name: str = "query",
    params: dict[str, str] | None = None,
) -> list[dict[str, Node]]:
    """The rows of a SELECT query, as dictionaries of rdflib terms (for tests and callers)."""
    target = target_of_graph(source) if isinstance(source, Graph) else source
    bound = bind_parameters(target, text, name, params)
    return solutions(target.answer(Request(bound)))[1]


def select_values(source: Target | Graph, text: str) -> list[dict[str, str]]:
    """The rows of a SELECT as plain strings: an IRI's or a literal's value, unbound (and
    empty) values left out. The networks read 10^5 rows at a time, and building rdflib terms
    from SPARQL JSON cost them more than evaluating the queries; SPARQL's CSV results carry
    exactly these strings and Python's csv reader splits them in C."""
    target = target_of_graph(source) if isinstance(source, Graph) else source
    answer = target.answer(Request(text, media_type="text/csv"))
    if answer.media_type.split(";")[0].strip() != "text/csv":  # a server that would not
        _, rows = solutions(answer)
        return [{name: str(term) for name, term in row.items() if str(term)} for row in rows]
    reader = csv.reader(io.StringIO(answer.body.decode("utf-8"), newline=""))
    header = next(reader, None)
    if not header:
        return []
    return [
        {name: value for name, value in zip(header, row, strict=False) if value} for row in reader
    ]


def _legal_local(local: str) -> bool:
    return bool(re.fullmatch(r"[\w\-]([\w\-.]*[\w\-])?", local)) or local == ""


def shorten(term: Node | None) -> str:
    """A term for display: a legal prefixed name where a contract prefix fits (the longest),
    else the IRI in angle brackets, so what is printed can be pasted into a query."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, iri in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(iri) and _legal_local(text.removeprefix(iri)):
                return f"{prefix}:{text.removeprefix(iri)}"
        return f"<{text}>"
    return str(term)
