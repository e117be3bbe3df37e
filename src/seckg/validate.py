"""SHACL validation against `ontology/shapes.ttl`: of a file in memory, or of a store in place.

Every constraint runs as one SPARQL query over all focus nodes: the core ones compiled by
`seckg.shacl_sparql`, the SHACL-SPARQL domain rules as written. A file is validated in an
in-memory Oxigraph copy; a store (Oxigraph folder or SPARQL server) in its own engine, so a
million-triple store is never loaded into Python. pyshacl remains as `engine="pyshacl"`, the
reference the tests hold the compiled constraints to.

The ontology and its vocabularies are added to a copy of the data, so a user's file that uses
sec:State without stating that it is a sec:Actor still validates as one (SHACL follows
rdfs:subClassOf in the data graph), and secid:threat/cyber is known to be a sec:Threat.
The caller's graph is never changed.

Each result is turned into a `Finding` that a person can act on: the focus node's label, the
path, the value, the message, and for facts read from a document the document and the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache

import pyoxigraph
import pyshacl
from rdflib import RDF, RDFS, SH, SKOS, BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV

from seckg import resources
from seckg.namespaces import SEC
from seckg.query import shorten
from seckg.reference import load_reference, ontology_graph, reference_graph
from seckg.shacl_sparql import Check, Select, compile_shapes, focus_nodes
from seckg.store import GraphStore
from seckg.store.oxigraph import as_result

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("sparql", "pyshacl")


@dataclass
class Finding:
    """One validation result, with what a person needs to find and fix it."""

    severity: str
    shape: str
    constraint: str
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    document: str = ""
    evidence: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class ValidationOutcome:
    conforms: bool
    report_graph: Graph
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def warnings(self) -> int:
        return self.count("Warning")

    def fails(self, threshold: str) -> bool:
        """Whether any finding is at least as severe as `threshold` (Violation or Warning)."""
        levels = SEVERITIES[: SEVERITIES.index(threshold) + 1]
        return any(finding.severity in levels for finding in self.findings)

    def summary(self) -> str:
        if not self.findings:
            return "conforms"
        counts = ", ".join(
            f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}"
            for s in SEVERITIES
            if self.count(s)
        )
        return ("conforms, " if self.conforms else "does not conform: ") + counts


@cache
def shapes_graph() -> Graph:
    return Graph().parse(resources.ontology_file(resources.SHAPES_FILE), format="turtle")


@dataclass
class _Result:
    """One validation result from either engine, before it becomes a `Finding`."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str
    severity: URIRef
    shape: Node
    component: URIRef
    constraint: Node | None = None

    def add_to(self, report: Graph) -> BNode:
        """A standard sh:ValidationResult, as pyshacl would have written it."""
        node = BNode()
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, self.focus))
        report.add((node, SH.resultSeverity, self.severity))
        report.add((node, SH.sourceShape, self.shape))
        report.add((node, SH.sourceConstraintComponent, self.component))
        report.add((node, SH.resultMessage, Literal(self.message)))
        if self.constraint is not None:
            report.add((node, SH.sourceConstraint, self.constraint))
        if self.path is not None:
            report.add((node, SH.resultPath, self.path))
        if self.value is not None:
            report.add((node, SH.value, self.value))
        return node


@dataclass
class _SparqlConstraint:
    shape: Node
    constraint: Node
    target_class: Node
    select: str
    message: str
    severity: URIRef

    def run(self, select: Select) -> Iterable[_Result]:
        """The SELECT for all focus nodes at once: `$this` joined to the target class.

        The focus nodes are a sub-select joined to the constraint's own group: written as one
        flat group, Oxigraph looped over the group once per focus node (minutes on 1M triples;
        one second this way).
        """
        head, _, body = self.select.partition("{")
        focus = focus_nodes([self.target_class])
        query = f"{head.replace('$this', '?this')}{{ {focus} {{ {body.replace('$this', '?this')} }}"
        chosen: dict[tuple, _Result] = {}
        for bound in select(query):
            key = (bound.get("this"), bound.get("path"), bound.get("value"))
            result = _Result(
                focus=bound["this"],
                path=bound.get("path"),
                value=bound.get("value"),
                message=_fill_message(self.message, bound),
                severity=self.severity,
                shape=self.shape,
                component=SH.SPARQLConstraintComponent,
                constraint=self.constraint,
            )
            # one result per focus, path and value; of several wordings (a forum with two
            # labels) the first in order, so every engine and run says the same
            if key not in chosen or result.message < chosen[key].message:
                chosen[key] = result
        yield from chosen.values()


@dataclass(frozen=True)
class _Shapes:
    """The packaged shapes split by engine: core (pyshacl or compiled) and SHACL-SPARQL."""

    core: Graph
    compiled: list[Check]
    sparql: list[_SparqlConstraint]


@cache
def _packaged_shapes() -> _Shapes:
    shapes = shapes_graph()
    core, sparql = _split_shapes(shapes)
    return _Shapes(core=core, compiled=compile_shapes(core), sparql=sparql)


def _split_shapes(shapes: Graph) -> tuple[Graph, list[_SparqlConstraint]]:
    """The shapes without their sh:sparql constraints, and those constraints ready to run."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    prefixes = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for d in shapes.objects(None, SH.declare)
    )
    constraints = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        constraints.extend(
            _SparqlConstraint(
                shape=shape,
                constraint=constraint,
                target_class=target_class,
                select=prefixes + str(shapes.value(constraint, SH.select)),
                message=str(shapes.value(constraint, SH.message) or ""),
                severity=shapes.value(shape, SH.severity) or SH.Violation,
            )
            for target_class in shapes.objects(shape, SH.targetClass)
        )
    return core, constraints


def _oxigraph_select(graph: Graph) -> Select:
    """SELECTs over an in-memory Oxigraph copy of the graph."""
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return lambda query: (row.asdict() for row in as_result(store.query(query)))


def _store_select(store: GraphStore) -> Select:
    return lambda query: (row.asdict() for row in store.query(query))


def _fill_message(template: str, bound: dict[str, Node]) -> str:
    """SHACL's {?var} and {$var} placeholders, filled with the solution's values."""

    def value(match: re.Match) -> str:
        node = bound.get(match.group(1))
        return _value_text(node) if node is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, template)


def validate_graph(graph: Graph, engine: str = "sparql") -> ValidationOutcome:
    """Validate an in-memory graph (with the ontology added, so subclasses are known).

    engine="sparql" (the default) runs every constraint as one SPARQL query over all focus
    nodes in an Oxigraph copy (see `seckg.shacl_sparql`); engine="pyshacl" runs the core
    constraints through pyshacl, the reference implementation the tests compare against.
    The SHACL-SPARQL domain rules always run as one query each: pyshacl runs them once per
    focus node, parsing and evaluating each time in rdflib (26 s on the 5k-triple seed graph).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    shapes = _packaged_shapes()
    with_ontology = graph + ontology_graph()  # a new graph: the caller's is never changed
    select = _oxigraph_select(with_ontology)
    if engine == "pyshacl":
        _, report_graph, _ = pyshacl.validate(
            with_ontology,
            shacl_graph=shapes.core,
            advanced=True,
            inplace=True,
            allow_warnings=True,
        )
        results = [r for check in shapes.sparql for r in check.run(select)]
    else:
        report_graph = Graph()
        results = list(_all_results(shapes, select))
    return _outcome(report_graph, results, graph)


def validate_store(store: GraphStore) -> ValidationOutcome:
    """Validate a store in its own engine, without copying it into memory.

    Only the nodes named in findings are fetched afterwards, for their labels and sources.
    """
    select = _store_select(store)
    results = list(_all_results(_packaged_shapes(), select))
    return _outcome(Graph(), results, _context(select, results))


def validate_location(location: str, engine: str = "sparql") -> ValidationOutcome:
    """A file is validated in memory; a store (folder or server) where it lives, unless the
    pyshacl engine is asked for, which needs the whole graph in memory."""
    from seckg.store import open_store

    with open_store(location) as store:
        if store.incremental and engine == "sparql":
            return validate_store(store)
        return validate_graph(store.to_graph(), engine=engine)


def _all_results(shapes: _Shapes, select: Select) -> Iterator[_Result]:
    for check in shapes.compiled:
        for found in check.run(select):
            yield _Result(
                focus=found.focus,
                path=check.path,
                value=found.value,
                message=check.message,
                severity=check.severity,
                shape=check.shape,
                component=check.component,
            )
    for constraint in shapes.sparql:
        yield from constraint.run(select)


def _outcome(report_graph: Graph, results: list[_Result], data: Graph) -> ValidationOutcome:
    """Add the results to the SHACL report (pyshacl's, or a new one) and explain each."""
    report = report_graph.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        report = BNode()
        report_graph.add((report, RDF.type, SH.ValidationReport))
    for result in results:
        report_graph.add((report, SH.result, result.add_to(report_graph)))
    conforms = not any(
        report_graph.value(r, SH.resultSeverity) == SH.Violation
        for r in report_graph.objects(report, SH.result)
    )
    report_graph.set((report, SH.conforms, Literal(conforms)))
    findings = sorted(
        _findings(report_graph, data),
        key=lambda f: (SEVERITIES.index(f.severity), f.shape, f.constraint, f.focus_label, f.value),
    )
    return ValidationOutcome(conforms, report_graph, findings)


_CONTEXT = (
    RDFS.label,
    SKOS.prefLabel,
    DCTERMS.title,
    SEC.statedIn,
    SEC.evidence,
    PROV.wasDerivedFrom,
)


def _context(select: Select, results: list[_Result], chunk: int = 500) -> Graph:
    """What `_findings` shows of the focus nodes (labels, sources), fetched from a store."""
    context = Graph()
    focus = sorted({r.focus for r in results if isinstance(r.focus, URIRef)})
    predicates = " ".join(p.n3() for p in _CONTEXT)
    for start in range(0, len(focus), chunk):
        nodes = " ".join(n.n3() for n in focus[start : start + chunk])
        for row in select(
            f"SELECT ?n ?p ?o ?id WHERE {{ VALUES ?n {{ {nodes} }} VALUES ?p {{ {predicates} }} "
            f"?n ?p ?o OPTIONAL {{ ?o a {SEC.Document.n3()} ; {DCTERMS.identifier.n3()} ?id }} }}"
        ):
            context.add((row["n"], row["p"], row["o"]))
            if "id" in row:
                context.add((row["o"], RDF.type, SEC.Document))
                context.add((row["o"], DCTERMS.identifier, row["id"]))
    return context


def _findings(report: Graph, data: Graph) -> Iterable[Finding]:
    shapes = shapes_graph()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        source_shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        component = report.value(result, SH.sourceConstraintComponent)
        document, evidence = _provenance(data, focus)
        yield Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            shape=_shape_name(shapes, source_shape),
            constraint=_constraint_name(shapes, source_shape, result, report, component),
            focus=str(focus),
            focus_label=_label(data, focus),
            path=shorten(path) if path is not None else "",
            value=_value_text(value),
            message=str(report.value(result, SH.resultMessage) or ""),
            document=document,
            evidence=evidence,
        )


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The node shape's label; a property shape is named by the node shape holding it."""
    if shape is None:
        return "?"
    owner = shapes.value(predicate=SH.property, object=shape) or shape
    label = shapes.value(owner, RDFS.label)
    return str(label) if label else shorten(owner)


def _constraint_name(
    shapes: Graph, shape: Node | None, result: Node, report: Graph, component: Node | None
) -> str:
    """What was checked: the SPARQL constraint's label, or the component (MinCount, Class...)."""
    constraint = report.value(result, SH.sourceConstraint)
    label = shapes.value(constraint, RDFS.label) if constraint is not None else None
    if label:
        return str(label)
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    path = shapes.value(shape, SH.path) if shape is not None else None
    return f"{shorten(path)} {name}" if path is not None else name


def _label(data: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    for graph in (data, _known_terms()):
        for predicate in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            # the smallest of several labels, so every engine and run names a node alike
            label = min(map(str, graph.objects(node, predicate)), default=None)
            if label is not None:
                return label
    return shorten(node)


@cache
def _known_terms() -> Graph:
    """Labels for what a user's file names without labelling: threats, states, forums."""
    return ontology_graph() + reference_graph(load_reference())


def _provenance(data: Graph, node: Node | None) -> tuple[str, str]:
    """The document a fact was read from (its identifier) and the sentence, when known."""
    if node is None:
        return "", ""
    document = data.value(node, SEC.statedIn)
    evidence = data.value(node, SEC.evidence)
    if document is None:
        document = next(
            (
                d
                for d in data.objects(node, PROV.wasDerivedFrom)
                if (d, RDF.type, SEC.Document) in data
            ),
            None,
        )
    if document is None:
        return "", str(evidence or "")
    identifier = data.value(document, DCTERMS.identifier)
    return str(identifier or shorten(document)), str(evidence or "")


def _value_text(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return shorten(value)
