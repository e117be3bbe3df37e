"""What a person reads of a validation: findings with labels, documents and evidence sentences.

Each standard sh:ValidationResult becomes a `Finding`: the focus node's label, the path, the
value, the message, and for facts read from a document the document and the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from rdflib import RDF, RDFS, SH, SKOS, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV

from seckg.namespaces import SEC
from seckg.query import shorten
from seckg.reference import context_graph
from seckg.validate.compiler import Select

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
    findings: list[Finding] = field(default_factory=list)
    empty: bool = False  # the data held no triple: nothing was checked

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
        if self.empty:
            return "the graph is empty (no triples): nothing to validate"
        if not self.findings:
            return "conforms"
        counts = ", ".join(
            f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}"
            for s in SEVERITIES
            if self.count(s)
        )
        return ("conforms, " if self.conforms else "does not conform: ") + counts


_CONTEXT = (
    RDFS.label,
    SKOS.prefLabel,
    DCTERMS.title,
    SEC.statedIn,
    SEC.evidence,
    PROV.wasDerivedFrom,
)


def store_context(select: Select, nodes: Iterable[Node], chunk: int = 500) -> Graph:
    """What `findings` shows of the focus nodes (labels, sources), fetched from a store."""
    context = Graph()
    focus = sorted({node for node in nodes if isinstance(node, URIRef)})
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


def findings(report: Graph, data: Graph, shapes: Graph) -> list[Finding]:
    """Every result of the report, explained, most severe first, in a stable order."""
    return sorted(
        _findings(report, data, shapes),
        key=lambda f: (_rank(f.severity), f.shape, f.constraint, f.focus_label, f.value),
    )


def _rank(severity: str) -> int:
    """Violation, Warning, Info, then a shapes graph's own severities."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _findings(report: Graph, data: Graph, shapes: Graph) -> Iterable[Finding]:
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
            value=value_text(value),
            message=_message(report, result),
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
    for graph in (data, context_graph()):
        for predicate in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            # the smallest of several labels, so every engine and run names a node alike
            label = min(map(str, graph.objects(node, predicate)), default=None)
            if label is not None:
                return label
    return shorten(node)


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


def value_text(value: Node | None) -> str:
    """A value as a finding shows it: a literal's text, an IRI shortened."""
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return shorten(value)


def _message(report: Graph, result: Node) -> str:
    """The English message, else one without a language, else any."""
    messages = sorted(report.objects(result, SH.resultMessage), key=lambda m: str(m))
    for wanted in ("en", None):
        for message in messages:
            if isinstance(message, Literal) and message.language == wanted:
                return str(message)
    return str(messages[0]) if messages else ""
