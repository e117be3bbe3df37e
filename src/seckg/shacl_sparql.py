"""SHACL Core constraints compiled to SPARQL: one SELECT per constraint, all focus nodes at once.

pyshacl walks the focus nodes one by one in Python over an in-memory rdflib graph: about 12 s
for 50k triples, and a store of a million triples would have to be copied into memory first.
The same constraints written as SPARQL run inside the store's own engine (Oxigraph, or the
SPARQL server), so a store is validated where it lives. Only the components the packaged shapes
use are compiled (`COMPILED`); a shape using another one makes `compile_shapes` raise
`NotCompiled`, and the tests check that this engine and pyshacl report the same results on
fixtures that break every compiled component.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, SH, XSD, Graph, Literal, Node, URIRef
from rdflib.collection import Collection

Select = Callable[[str], Iterable[dict[str, Node]]]
"""Runs a SELECT and yields each solution as variable name -> bound term."""

COMPILED = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH["or"],
    SH.hasValue,
    SH.minLength,
    SH.pattern,
    SH.flags,
    SH.uniqueLang,
}
_DESCRIPTIVE = {
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.targetClass,
    SH.property,
    SH.sparql,
    SH.declare,
    SH.deactivated,
}
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
}
# Lexical forms (XML Schema 1.1 part 2), so an ill-formed "19x9"^^xsd:gYear fails sh:datatype
# as it does in pyshacl. Datatypes not listed are checked by their IRI only.
_TZ = "(Z|[+-][0-9]{2}:[0-9]{2})?"
_DATE = "-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_LEXICAL = {
    XSD.gYear: f"^-?[0-9]{{4,}}{_TZ}$",
    XSD.date: f"^{_DATE}{_TZ}$",
    XSD.dateTime: f"^{_DATE}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\\\.[0-9]+)?{_TZ}$",
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.decimal: "^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)$",
    XSD.boolean: "^(true|false|1|0)$",
}
_IS_A = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


class NotCompiled(ValueError):
    """A shape uses a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class CoreResult:
    focus: Node
    value: Node | None
    check: Check


@dataclass(frozen=True)
class Check:
    """One constraint component of one shape, as a SELECT of ?this (and ?value when reported)."""

    shape: Node
    component: URIRef
    path: Node | None
    severity: URIRef
    message: str
    query: str

    def run(self, select: Select) -> Iterator[CoreResult]:
        for row in select(self.query):
            yield CoreResult(focus=row["this"], value=row.get("value"), check=self)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every core constraint of every shape with a target class, as a SPARQL check."""
    checks: list[Check] = []
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        if shapes.value(node_shape, SH.deactivated) == Literal(True):
            continue
        focus = focus_nodes(sorted(shapes.objects(node_shape, SH.targetClass)))
        checks += _node_checks(shapes, node_shape, focus)
        for property_shape in shapes.objects(node_shape, SH.property):
            checks += _property_checks(shapes, property_shape, focus)
    return checks


def focus_nodes(target_classes: list[Node]) -> str:
    """A sub-select of ?this: every instance of a target class or of its subclasses."""
    targets = " ".join(t.n3() for t in target_classes)
    inner = f"VALUES ?target {{ {targets} }} ?this {_IS_A} ?target"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {inner} }} }}"


def _node_checks(shapes: Graph, shape: Node, focus: str) -> list[Check]:
    _refuse_uncompiled(shapes, shape)
    checks = []
    for component, argument in _constraints(shapes, shape):
        conforms = _conforms(shapes, component, argument, "?this")
        checks.append(
            _check(
                shapes,
                shape,
                component,
                None,
                f"SELECT ?this (?this AS ?value) WHERE {{ {focus} FILTER (!({conforms})) }}",
            )
        )
    return checks


def _property_checks(shapes: Graph, shape: Node, focus: str) -> list[Check]:
    _refuse_uncompiled(shapes, shape)
    path = shapes.value(shape, SH.path)
    if not isinstance(path, URIRef):
        raise NotCompiled(f"{shape}: only a single property (an IRI) is compiled as sh:path")
    p = path.n3()
    checks = []
    for component, argument in _constraints(shapes, shape):
        if component == SH.minCount:
            n = int(argument)
            query = (
                f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} ?v }} }}"
                if n == 1
                else f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
            )
        elif component == SH.maxCount:
            query = (
                f"SELECT ?this WHERE {{ {focus} ?this {p} ?v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(argument)})"
            )
        elif component == SH.hasValue:
            query = (
                f"SELECT ?this WHERE {{ {focus} "
                f"FILTER NOT EXISTS {{ ?this {p} {argument.n3()} }} }}"
            )
        elif component == SH.uniqueLang:
            if argument != Literal(True):
                continue
            query = (
                f'SELECT ?this WHERE {{ {focus} ?this {p} ?v FILTER (LANG(?v) != "") }} '
                "GROUP BY ?this (LANG(?v) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1)"
            )
        else:
            conforms = _conforms(shapes, component, argument, "?value")
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {p} ?value "
                f"FILTER (!({conforms})) }}"
            )
        checks.append(_check(shapes, shape, component, path, query))
    return checks


def _constraints(shapes: Graph, shape: Node) -> Iterator[tuple[URIRef, Node]]:
    for component in _COMPONENT:
        for argument in shapes.objects(shape, component):
            if component == SH.pattern:
                flags = shapes.value(shape, SH.flags)
                argument = (argument, flags)
            yield component, argument


def _conforms(shapes: Graph, component: URIRef, argument, var: str) -> str:
    """A SPARQL expression true when the term in `var` satisfies the constraint."""
    if component == SH.datatype:
        if argument == RDF.langString:
            return f'(isLiteral({var}) && LANG({var}) != "")'
        test = f"(isLiteral({var}) && sameTerm(DATATYPE({var}), {argument.n3()})"
        if argument in _LEXICAL:
            test += f' && REGEX(STR({var}), "{_LEXICAL[argument]}")'
        if argument == XSD.string:
            test += f' && LANG({var}) = ""'
        return test + ")"
    if component == SH["class"]:
        return f"EXISTS {{ {var} {_IS_A} {argument.n3()} }}"
    if component == SH.minLength:
        return f"(!isBlank({var}) && STRLEN(STR({var})) >= {int(argument)})"
    if component == SH.pattern:
        pattern, flags = argument
        return f"(!isBlank({var}) && REGEX(STR({var}), {_string(pattern)}, {_string(flags or '')}))"
    if component == SH.hasValue:
        return f"sameTerm({var}, {argument.n3()})"
    if component == SH["or"]:
        members = [_shape_conforms(shapes, member, var) for member in Collection(shapes, argument)]
        return "(" + " || ".join(members) + ")"
    raise NotCompiled(f"{component} is not compiled inside sh:or")


def _shape_conforms(shapes: Graph, shape: Node, var: str) -> str:
    """An sh:or member: a node shape's constraints on `var`, or 'has a value for this path'."""
    _refuse_uncompiled(shapes, shape)
    path = shapes.value(shape, SH.path)
    constraints = list(_constraints(shapes, shape))
    if path is not None:
        if constraints != [(SH.minCount, Literal(1))] or not isinstance(path, URIRef):
            raise NotCompiled(f"{shape}: inside sh:or only [sh:path P ; sh:minCount 1] compiles")
        return f"EXISTS {{ {var} {path.n3()} ?any }}"
    if not constraints:
        return "true"
    return "(" + " && ".join(_conforms(shapes, c, a, var) for c, a in constraints) + ")"


def _check(shapes: Graph, shape: Node, component: URIRef, path: Node | None, query: str) -> Check:
    message = shapes.value(shape, SH.message)
    return Check(
        shape=shape,
        component=_COMPONENT[component],
        path=path,
        severity=shapes.value(shape, SH.severity) or SH.Violation,
        message=str(message) if message else _default_message(component, path),
        query=query,
    )


def _default_message(component: URIRef, path: Node | None) -> str:
    name = str(_COMPONENT[component]).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return f"{name} not met" + (f" on {path}" if path is not None else "")


def _refuse_uncompiled(shapes: Graph, shape: Node) -> None:
    for predicate in set(shapes.predicates(shape, None)):
        if str(predicate).startswith(str(SH)) and predicate not in COMPILED | _DESCRIPTIVE:
            raise NotCompiled(f"{shape}: {predicate} is not compiled to SPARQL")


def _string(text) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
