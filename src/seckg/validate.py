"""SHACL validation of a graph against `ontology/shapes.ttl`, with pyshacl.

The ontology and its vocabularies are added to a copy of the data, so a user's file that uses
sec:State without stating that it is a sec:Actor still validates as one (SHACL follows
rdfs:subClassOf in the data graph), and secid:threat/cyber is known to be a sec:Threat.
The caller's graph is never changed.

Each result is turned into a `Finding` that a person can act on: the focus node's label, the
path, the value, the message, and for facts read from a document the document and the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
from seckg.store.oxigraph import to_rdflib

SEVERITIES = ("Violation", "Warning", "Info")


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
    report_text: str
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
class _SparqlResult:
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    severity: URIRef
    shape: Node
    constraint: Node

    def add_to(self, report: Graph) -> BNode:
        """A standard sh:ValidationResult, as pyshacl would have written it."""
        node = BNode()
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, self.focus))
        report.add((node, SH.resultSeverity, self.severity))
        report.add((node, SH.sourceShape, self.shape))
        report.add((node, SH.sourceConstraint, self.constraint))
        report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((node, SH.resultMessage, Literal(self.message)))
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

    def run(self, store: pyoxigraph.Store) -> Iterable[_SparqlResult]:
        """The SELECT for all focus nodes at once: `$this` joined to the target class."""
        head, _, body = self.select.partition("{")
        target = f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{self.target_class}> ."
        query = f"{head.replace('$this', '?this')}{{ {target} {body.replace('$this', '?this')}"
        seen = set()
        for solution in store.query(query):
            bound = {
                name: to_rdflib(solution[name])
                for name in _variables(query)
                if solution[name] is not None
            }
            key = (bound.get("this"), bound.get("path"), bound.get("value"))
            if key in seen:
                continue
            seen.add(key)
            yield _SparqlResult(
                focus=bound["this"],
                path=bound.get("path"),
                value=bound.get("value"),
                message=_fill_message(self.message, bound),
                severity=self.severity,
                shape=self.shape,
                constraint=self.constraint,
            )


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


def _oxigraph_store(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _variables(query: str) -> set[str]:
    return set(re.findall(r"[?$](\w+)", query.partition("WHERE")[0]))


def _fill_message(template: str, bound: dict[str, Node]) -> str:
    """SHACL's {?var} and {$var} placeholders, filled with the solution's values."""

    def value(match: re.Match) -> str:
        node = bound.get(match.group(1))
        return _value_text(node) if node is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, template)


def validate_graph(graph: Graph, inference: str = "none") -> ValidationOutcome:
    """Core constraints through pyshacl; the SHACL-SPARQL domain rules in one query each.

    pyshacl runs a SPARQL constraint once per focus node and rdflib parses and evaluates it each
    time: 26 s on the 5k-triple seed graph, hours on a large one. The same SELECT with `$this`
    left free and joined to the shape's target class gives the same results in one query, which
    Oxigraph answers in milliseconds. `inference="rdfs"` runs owlrl first (slower; only needed
    for rules beyond subclassing, which the shapes do not use).
    """
    core_shapes, sparql_constraints = _split_shapes(shapes_graph())
    with_ontology = graph + ontology_graph()  # a new graph: the caller's is never changed
    conforms, report_graph, report_text = pyshacl.validate(
        with_ontology,
        shacl_graph=core_shapes,
        inference=inference,
        advanced=True,
        inplace=True,
        allow_warnings=True,
    )
    if sparql_constraints:
        store = _oxigraph_store(with_ontology)
        report = report_graph.value(predicate=RDF.type, object=SH.ValidationReport)
        for constraint in sparql_constraints:
            for result in constraint.run(store):
                report_graph.add((report, SH.result, result.add_to(report_graph)))
                if result.severity == SH.Violation:
                    conforms = False
        report_graph.set((report, SH.conforms, Literal(bool(conforms))))
    findings = sorted(
        _findings(report_graph, graph),
        key=lambda f: (SEVERITIES.index(f.severity), f.shape, f.constraint, f.focus_label),
    )
    return ValidationOutcome(bool(conforms), report_graph, report_text, findings)


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
            label = graph.value(node, predicate)
            if label is not None:
                return str(label)
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
