"""SHACL validation: of a graph in memory, of a file as written, or of a store in place.

The default engine ("sparql") compiles every shape with a target into SPARQL
(`seckg.validate.compiler`) and runs each constraint as one query over all focus nodes, in an
in-memory Oxigraph copy of a file or in the store's own engine, so a million-triple store is
never loaded into Python. A shape the compiler refuses is validated by pyshacl instead — and
so is a shape whose checks read literals as written when the data holds literals Oxigraph
would rewrite — so no shape is ever skipped. SHACL-SPARQL constraints (sh:sparql) of node
shapes run as one query each. engine="pyshacl" runs pyshacl alone (the SHACL-SPARQL rules of
the packaged shapes still as one query each: pyshacl runs them per focus node, 26 s on the
seed graph). Both pass the W3C SHACL Core suite (`tests/validate/test_w3c_suite.py`).

By default the bundled shapes are used and the ontology and its vocabularies are added to a
copy of the data, so a user's file that uses sec:State without stating that it is a sec:Actor
still validates as one; with a user's own shapes nothing is added unless asked. The caller's
graph is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, Node, URIRef

from seckg import resources
from seckg.errors import InputError
from seckg.store import GraphStore
from seckg.store.oxigraph import as_result
from seckg.validate.compiler import (
    BLANK,
    Plan,
    Select,
    compile_shapes,
    focus_pattern,
    target_shapes,
)
from seckg.validate.findings import (
    SEVERITIES,
    Finding,
    ValidationOutcome,
    findings,
    store_context,
    value_text,
)
from seckg.validate.lexical import checked_datatypes, literals_as_written, well_formed
from seckg.validate.paths import copy_node

__all__ = [
    "ENGINES",
    "SEVERITIES",
    "Finding",
    "ValidationOutcome",
    "shapes_graph",
    "validate_graph",
    "validate_location",
    "validate_store",
]

ENGINES = ("sparql", "pyshacl")


@cache
def shapes_graph() -> Graph:
    return Graph().parse(resources.ontology_file(resources.SHAPES_FILE), format="turtle")


def load_shapes(paths: Iterable[Path]) -> Graph:
    """A user's shapes files merged into one shapes graph (a clear error for a bad file)."""
    from seckg.store import load_graph

    shapes = Graph()
    with literals_as_written():  # "1"^^xsd:boolean is not "true" (it leaves sh:closed off)
        for path in paths:
            shapes += load_graph(Path(path))
    return shapes


@dataclass
class _Result:
    """One validation result from any engine, before it goes into the report."""

    focus: Node
    path: Node | None
    value: Node | None
    messages: tuple[Literal, ...]
    severity: URIRef
    shape: Node
    component: URIRef
    constraint: Node | None = None
    described_in: Graph | None = None  # where its blank nodes are described, if not the inputs


@dataclass
class _SparqlConstraint:
    """A SHACL-SPARQL constraint (sh:sparql) of a node shape, run once for all focus nodes."""

    shape: Node
    constraint: Node
    select: str
    messages: tuple[Literal, ...]
    severity: URIRef

    def run(self, select: Select, focus: str) -> Iterator[_Result]:
        """The SELECT for all focus nodes at once: `$this` joined to the focus sub-select.

        Written as one flat group, Oxigraph looped over the group once per focus node (minutes
        on 1M triples; one second this way).
        """
        head, _, body = self.select.partition("{")
        query = f"{head.replace('$this', '?this')}{{ {focus} {{ {body.replace('$this', '?this')} }}"
        chosen: dict[tuple, _Result] = {}
        for bound in select(query):
            key = (bound.get("this"), bound.get("path"), bound.get("value"))
            messages = tuple(Literal(_fill_message(str(m), bound)) for m in self.messages)
            result = _Result(
                focus=bound["this"],
                path=bound.get("path"),
                value=bound.get("value"),
                messages=messages,
                severity=self.severity,
                shape=self.shape,
                component=SH.SPARQLConstraintComponent,
                constraint=self.constraint,
            )
            # one result per focus, path and value; of several wordings (a forum with two
            # labels) the first in order, so every engine and run says the same
            if key not in chosen or messages < chosen[key].messages:
                chosen[key] = result
        yield from chosen.values()


@dataclass(frozen=True)
class _Shapes:
    """A shapes graph split for the engines: core shapes and SHACL-SPARQL constraints."""

    graph: Graph
    core: Graph
    sparql: dict[Node, list[_SparqlConstraint]]


def _with_context(graph: Graph, with_ontology: bool, with_reference: bool) -> Graph:
    """A copy of the data with the context added (the caller's graph is never changed)."""
    from seckg.reference import context_graph, ontology_graph

    if with_reference:
        return graph + context_graph()
    if with_ontology:
        return graph + ontology_graph()
    return graph


def with_bundled_shapes(shapes: Graph) -> Graph:
    """A team's own shapes added to seckg's."""
    return shapes_graph() + shapes


def _packaged_shapes() -> _Shapes:
    return _split_shapes(shapes_graph())


def _split_shapes(shapes: Graph) -> _Shapes:
    """The shapes without the sh:sparql of node shapes with a target, and those constraints."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    prefixes = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for d in shapes.objects(None, SH.declare)
    )
    constraints: dict[Node, list[_SparqlConstraint]] = {}
    for shape in target_shapes(shapes):
        if shapes.value(shape, SH.path) is not None:
            continue  # $PATH substitution: pyshacl's
        for constraint in list(shapes.objects(shape, SH.sparql)):
            if shapes.value(constraint, SH.deactivated) == Literal(True):
                core.remove((shape, SH.sparql, constraint))
                continue
            select = shapes.value(constraint, SH.select)
            if select is None:
                continue
            core.remove((shape, SH.sparql, constraint))
            constraints.setdefault(shape, []).append(
                _SparqlConstraint(
                    shape=shape,
                    constraint=constraint,
                    select=prefixes + str(select),
                    messages=tuple(sorted(shapes.objects(constraint, SH.message))),
                    severity=shapes.value(shape, SH.severity) or SH.Violation,
                )
            )
    return _Shapes(graph=shapes, core=core, sparql=constraints)


def _fill_message(template: str, bound: dict[str, Node]) -> str:
    """SHACL's {?var} and {$var} placeholders, filled with the solution's values."""

    def value(match: re.Match) -> str:
        node = bound.get(match.group(1))
        return value_text(node) if node is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, template)


# --------------------------------------------------------------------------- the data


@dataclass
class _Data:
    """The data in an Oxigraph copy, blank nodes skolemized, with what the checks need to know
    of its literals: the ill-formed ones, and those Oxigraph rewrote on load (canonical form
    -> as written)."""

    graph: Graph
    select: Select
    ill_formed: list[Literal]
    rewritten: dict[Literal, Literal]


def _load(graph: Graph, shapes: Graph) -> _Data:
    """The data in Oxigraph; the literals of the data and of the shapes (a literal can be a
    target node) checked for their form."""
    store = pyoxigraph.Store()
    skolem = graph.skolemize()
    store.load(skolem.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    typed = {
        o
        for source in (graph, shapes)
        for o in source.objects()
        if isinstance(o, Literal) and (o.datatype is not None or o.language)
    }
    return _Data(
        graph=graph,
        select=lambda query: (_unskolem(row.asdict()) for row in as_result(store.query(query))),
        ill_formed=sorted(lit for lit in typed if not _checked_well_formed(lit)),
        rewritten=_rewritten(typed),
    )


def _ill_formed_in_store(select: Select, shapes: Graph) -> list[Literal]:
    """The store's literals of the datatypes sh:datatype asks for whose form is ill-formed."""
    wanted = sorted({d for d in shapes.objects(None, SH.datatype) if str(d) in checked_datatypes()})
    if not wanted:
        return []
    query = (
        "SELECT DISTINCT ?literal WHERE { ?s ?p ?literal FILTER(isLiteral(?literal) && "
        f"DATATYPE(?literal) IN ({', '.join(d.n3() for d in wanted)})) }}"
    )
    return sorted(row["literal"] for row in select(query) if not well_formed(row["literal"]))


def _checked_well_formed(literal: Literal) -> bool:
    return str(literal.datatype) not in checked_datatypes() or well_formed(literal)


def _rewritten(literals: set[Literal]) -> dict[Literal, Literal]:
    """The literals Oxigraph stores in another form than written, by their stored form."""
    from seckg.store.oxigraph import to_rdflib

    probe = pyoxigraph.Store()
    subject, predicate = pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p")
    rewritten: dict[Literal, Literal] = {}
    for literal in literals:
        term = (
            pyoxigraph.Literal(str(literal), language=literal.language)
            if literal.language
            else pyoxigraph.Literal(str(literal), datatype=pyoxigraph.NamedNode(literal.datatype))
        )
        probe.add(pyoxigraph.Quad(subject, predicate, term))
        stored = to_rdflib(next(iter(probe.quads_for_pattern(subject, predicate, None))).object)
        probe.clear()
        if stored != literal or str(stored) != str(literal) or stored.datatype != literal.datatype:
            rewritten[stored] = literal
    return rewritten


def _unskolem(row: dict[str, Node]) -> dict[str, Node]:
    return {k: BNode(v[len(BLANK) :]) if str(v).startswith(BLANK) else v for k, v in row.items()}


# --------------------------------------------------------------------------- engines


def validate_graph(
    graph: Graph,
    engine: str = "sparql",
    shapes: Graph | None = None,
    with_ontology: bool | None = None,
    with_reference: bool = False,
) -> ValidationOutcome:
    """Validate an in-memory graph against the bundled shapes, or against `shapes`.

    `with_ontology` adds the ontology and vocabularies to a copy of the data (default: with
    the bundled shapes only), as pyshacl's ontology graph (`-e`) does. `with_reference` adds
    the reference data too (states, forums, memberships) and reports only on the caller's own
    nodes: so a file of an analyst's additions that links to state:JPN is not told that Japan
    is no sec:Actor. Off by default: a built graph holds its reference data already.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    split = _packaged_shapes() if shapes is None else _split_shapes(shapes)
    given = graph
    graph = _with_context(
        graph, shapes is None if with_ontology is None else with_ontology, with_reference
    )
    data = _load(graph, split.graph)
    if engine == "pyshacl":
        results = _pyshacl(graph, split.core, target_shapes(split.core))
        results += [r for shape in split.sparql for r in _sparql_rules(split, shape, data.select)]
    else:
        results = list(_sparql_engine(split, data))
    if with_reference:  # report on what the user brought, not on the context
        results = [r for r in results if (r.focus, None, None) in given]
    return _outcome(results, split.graph, graph)


def validate_store(
    store: GraphStore, shapes: Graph | None = None, with_ontology: bool | None = None
) -> ValidationOutcome:
    """Validate a store in its own engine, without copying it into memory.

    Only the nodes named in findings are fetched afterwards, for their labels and sources. A
    shape the compiler refuses needs the whole graph in memory, for pyshacl. A store built by
    seckg holds its ontology and reference data, so none is added.
    """
    split = _packaged_shapes() if shapes is None else _split_shapes(shapes)
    select: Select = lambda query: (row.asdict() for row in store.query(query))  # noqa: E731
    ill_formed = _ill_formed_in_store(select, split.core)
    data = _Data(graph=Graph(), select=select, ill_formed=ill_formed, rewritten={})
    plan = compile_shapes(split.core, ill_formed)
    if plan.refused:  # pyshacl needs the whole graph in memory
        return validate_graph(store.to_graph(), shapes=shapes, with_ontology=with_ontology)
    results = list(_sparql_engine(split, data, plan))
    context = store_context(select, (r.focus for r in results))
    return _outcome(results, split.graph, context)


def validate_location(
    location: str,
    engine: str = "sparql",
    shapes: Graph | None = None,
    with_ontology: bool | None = None,
    with_reference: bool = False,
) -> ValidationOutcome:
    """A file is validated in memory, its literals as written; a store (folder or server)
    where it lives, unless the pyshacl engine is asked for, which needs it all in memory."""
    from seckg.store import open_store
    from seckg.store.rdffile import FileStore

    with open_store(location) as store:
        if store.incremental and engine == "sparql":
            return validate_store(store, shapes=shapes, with_ontology=with_ontology)
        if isinstance(store, FileStore):
            from seckg.store import load_graph

            with literals_as_written():
                graph = load_graph(store.path)
        else:
            graph = store.to_graph()
        if len(graph) == 0:  # "conforms" would be true and say nothing
            return ValidationOutcome(True, Graph(), empty=True)
        return validate_graph(
            graph,
            engine=engine,
            shapes=shapes,
            with_ontology=with_ontology,
            with_reference=with_reference,
        )


def _sparql_engine(split: _Shapes, data: _Data, plan: Plan | None = None) -> Iterator[_Result]:
    plan = plan or compile_shapes(split.core, data.ill_formed)
    delegated = set(plan.refused)
    if data.rewritten:
        delegated |= plan.lexical_shapes()
    for check in plan.checks:
        if check.top in delegated:
            continue
        for row in check.run(data.select):
            value, focus = row.get("value"), row["this"]
            yield _Result(
                focus=data.rewritten.get(focus, focus),
                path=row.get("path", check.path),
                value=data.rewritten.get(value, value),
                messages=check.messages,
                severity=check.severity,
                shape=check.shape,
                component=check.component,
            )
    for shape in split.sparql:
        if shape not in delegated:
            yield from _sparql_rules(split, shape, data.select)
    if delegated:
        yield from _pyshacl(data.graph, split.graph, sorted(delegated))


def _sparql_rules(split: _Shapes, shape: Node, select: Select) -> Iterator[_Result]:
    focus = focus_pattern(split.core, shape)
    for constraint in split.sparql[shape]:
        yield from constraint.run(select, focus)


def _pyshacl(graph: Graph, shapes: Graph, use_shapes: list[Node]) -> list[_Result]:
    """The results pyshacl gives for these shapes, read back from its report.

    The other shapes lose their targets in a copy of the shapes graph (pyshacl's own
    `use_shapes` misses implicit class targets and the property shapes below a shape).
    """
    keep = set(use_shapes)
    only = Graph()
    for triple in shapes:
        only.add(triple)
    for shape in target_shapes(shapes):
        if shape not in keep:
            for predicate in (
                SH.targetNode,
                SH.targetClass,
                SH.targetSubjectsOf,
                SH.targetObjectsOf,
            ):
                only.remove((shape, predicate, None))
            only.remove((shape, RDF.type, RDFS.Class))
    try:
        _, report, _ = pyshacl.validate(
            graph, shacl_graph=only, advanced=True, allow_warnings=True, allow_infos=True
        )
    except pyshacl.errors.ReportableRuntimeError as error:
        raise InputError(f"the shapes cannot be used: {error.message}") from error
    results = []
    for node in report.objects(None, SH.result):  # not the sh:detail below a result
        results.append(
            _Result(
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                messages=tuple(sorted(report.objects(node, SH.resultMessage))),
                severity=report.value(node, SH.resultSeverity),
                shape=report.value(node, SH.sourceShape),
                component=report.value(node, SH.sourceConstraintComponent),
                constraint=report.value(node, SH.sourceConstraint),
                described_in=report,
            )
        )
    return results


def _outcome(results: list[_Result], shapes: Graph, data: Graph) -> ValidationOutcome:
    """The standard sh:ValidationReport, with the blank nodes it names described, and the
    findings a person reads."""
    report_graph = Graph()
    report = BNode()
    report_graph.add((report, RDF.type, SH.ValidationReport))
    for result in results:
        node = BNode()
        report_graph.add((report, SH.result, node))
        report_graph.add((node, RDF.type, SH.ValidationResult))
        report_graph.add((node, SH.focusNode, result.focus))
        report_graph.add((node, SH.resultSeverity, result.severity))
        report_graph.add((node, SH.sourceShape, result.shape))
        report_graph.add((node, SH.sourceConstraintComponent, result.component))
        for message in result.messages:
            report_graph.add((node, SH.resultMessage, message))
        of_shapes, of_data = (result.described_in or shapes), (result.described_in or data)
        if result.constraint is not None:
            report_graph.add((node, SH.sourceConstraint, result.constraint))
            copy_node(of_shapes, result.constraint, report_graph)
        if result.path is not None:
            report_graph.add((node, SH.resultPath, result.path))
            copy_node(of_shapes, result.path, report_graph)
        if result.value is not None:
            report_graph.add((node, SH.value, result.value))
            copy_node(of_data, result.value, report_graph)
        copy_node(of_shapes, result.shape, report_graph)
        copy_node(of_data, result.focus, report_graph)
    # the report conforms when there is no result at all (SHACL 3.6.1); a person's outcome,
    # when there is no violation (warnings and infos are advice)
    report_graph.add((report, SH.conforms, Literal(not results)))
    conforms = not any(r.severity == SH.Violation for r in results)
    for prefix, namespace in shapes.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    return ValidationOutcome(conforms, report_graph, findings(report_graph, data, shapes))
