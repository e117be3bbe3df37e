"""SHACL Core compiled to SPARQL: one SELECT per constraint of a shape, all focus nodes at once.

pyshacl walks the focus nodes one by one in Python over an rdflib graph (about 12 s for 50k
triples); the same constraints written as SPARQL run inside Oxigraph or the store's own engine,
so a store is validated where it lives. Every target form, every path form and every core
component compile; the logical and shape-based ones (sh:node, sh:not, sh:and, sh:or, sh:xone,
sh:qualifiedValueShape, nested sh:property) become SPARQL boolean expressions of the value
node. What does not compile raises `NotCompiled` naming the shape and the reason — recursive
shapes, sh:sparql below the top level, counts too large to unroll, blank-node targets — and
`seckg.validate` hands that shape to pyshacl: a shape is checked or refused, never skipped.
The W3C SHACL Core suite is the proof (`tests/validate/test_w3c_suite.py`).

Blank nodes of the data are skolemized as IRIs under `BLANK` before loading (so a result's
blank focus node can be described afterwards); `_is_blank` and `_is_iri` tell them apart.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection

from seckg.validate.paths import BadPath, sparql_path

Select = Callable[[str], Iterable[dict[str, Node]]]
"""Runs a SELECT and yields each solution as variable name -> bound term."""

BLANK = "https://rdflib.github.io/.well-known/genid/rdflib/"
"""Where rdflib's `Graph.skolemize` puts blank nodes: IRIs the compiled checks treat as blank."""

_IS_A = f"{RDF.type.n3()}/{RDFS.subClassOf.n3()}*"
_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_UNROLL = 6  # largest count unrolled into distinct variables inside an expression

# Component parameter -> the component IRI a result names.
COMPONENTS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
}
# Parameters that describe or qualify, and are read where their component is.
_OTHER = {
    SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
    SH.defaultValue, SH.deactivated, SH.property, SH.sparql, SH.declare, SH.flags,
    SH.ignoredProperties, SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint,
    SH.prefixes, SH.shapesGraph, SH.targetNode, SH.targetClass, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.target, SH.entailment, SH.suggestedShapesGraph,
}  # fmt: skip
LEXICAL = {SH.datatype, SH.pattern, SH.minLength, SH.maxLength, SH["in"], SH.hasValue,
           SH.equals, SH.disjoint, SH.languageIn, SH.uniqueLang}  # fmt: skip
"""Components whose answer depends on a literal's lexical form or datatype IRI as written,
which Oxigraph canonicalises on load ("007"^^xsd:integer is stored as "7", xsd:byte as
xsd:integer). `seckg.validate` hands shapes using them to pyshacl when the data holds such
literals."""


class NotCompiled(ValueError):
    """A shape this compiler does not translate; the message names the shape and the reason."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SELECT of ?this, ?value and (for sh:closed) ?path."""

    shape: Node
    component: URIRef
    path: Node | None
    severity: URIRef
    messages: tuple[Literal, ...]
    query: str
    lexical: bool = False
    top: Node | None = None  # the shape with the target this check was compiled for

    def run(self, select: Select) -> Iterator[dict[str, Node]]:
        yield from select(self.query)


@dataclass
class Plan:
    """The compiled checks of every shape with a target, and the shapes refused, with why."""

    checks: list[Check] = field(default_factory=list)
    refused: dict[Node, str] = field(default_factory=dict)

    def lexical_shapes(self) -> set[Node]:
        """Top-level shapes with a check that reads literals as written (see `LEXICAL`)."""
        return {check.top for check in self.checks if check.lexical}


def target_shapes(shapes: Graph) -> list[Node]:
    """Every shape that selects focus nodes itself: by a target or as an implicit class target."""
    found: set[Node] = set()
    for predicate in _TARGETS:
        found.update(shapes.subjects(predicate, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if (shape, RDF.type, RDFS.Class) in shapes:
                found.add(shape)
    return sorted(s for s in found if not _deactivated(shapes, s))


def compile_shapes(shapes: Graph, ill_formed: Iterable[Literal] = ()) -> Plan:
    """Compile every shape with a target; a shape that cannot be is refused as a whole.

    `ill_formed` are the data's literals with a lexical form invalid for their datatype
    (see `seckg.validate.lexical`): sh:datatype fails them.
    """
    plan = Plan()
    compiler = _Compiler(shapes, tuple(ill_formed))
    for shape in target_shapes(shapes):
        try:
            checks = list(compiler.shape_checks(shape, compiler.targets(shape)))
        except (NotCompiled, BadPath) as refusal:
            reason = str(refusal)
            top = _name(shape)
            plan.refused[shape] = reason if reason.startswith(top) else f"{top}: {reason}"
        else:
            plan.checks.extend(replace(check, top=shape) for check in checks)
    return plan


def focus_pattern(shapes: Graph, shape: Node, var: str = "?this") -> str:
    """A sub-select binding `var` to each focus node of a shape with a target (for the
    SHACL-SPARQL constraints, which join their own SELECT to it)."""
    return _Compiler(shapes, ()).targets(shape)(var)


@dataclass(frozen=True)
class Focus:
    """A SPARQL group binding a variable to each focus node: once per focus node of a shape
    with a target; for a shape below a property shape, once per value node *and* parent focus
    node (`keys` name the parents), since SHACL validates a value node once for each."""

    pattern: Callable[[str], str]
    keys: tuple[str, ...] = ()

    def __call__(self, var: str) -> str:
        return self.pattern(var)


class _Compiler:
    def __init__(self, shapes: Graph, ill_formed: tuple[Literal, ...]) -> None:
        self.shapes = shapes
        self.ill_formed = ill_formed
        self.names = itertools.count()
        self.read_lexical = False  # set when a compiled expression uses a `LEXICAL` component

    def fresh(self) -> str:
        return f"?v{next(self.names)}"

    # --- focus nodes -------------------------------------------------------------------

    def targets(self, shape: Node) -> Focus:
        shapes = self.shapes
        nodes = list(shapes.objects(shape, SH.targetNode))
        classes = list(shapes.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in shapes:
            classes.append(shape)
        subjects_of = list(shapes.objects(shape, SH.targetSubjectsOf))
        objects_of = list(shapes.objects(shape, SH.targetObjectsOf))
        if shapes.value(shape, SH.target) is not None:
            raise NotCompiled(f"{_name(shape)}: sh:target (SHACL-AF) is not compiled")
        for term in nodes + classes + subjects_of + objects_of:
            if isinstance(term, BNode):
                raise NotCompiled(f"{_name(shape)}: a blank node as target is not compiled")

        def focus(var: str) -> str:
            parts = []
            if nodes:
                parts.append(f"VALUES {var} {{ {' '.join(_term(n) for n in sorted(nodes))} }}")
            if classes:
                values = " ".join(c.n3() for c in sorted(classes))
                parts.append(f"VALUES ?class {{ {values} }} {var} {_IS_A} ?class")
            parts += [f"{var} {p.n3()} ?any" for p in sorted(subjects_of)]
            parts += [f"?any {p.n3()} {var}" for p in sorted(objects_of)]
            union = " UNION ".join(f"{{ {part} }}" for part in parts) or "FILTER(false)"
            return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

        return Focus(focus)

    def values_of(self, shape: Node, focus: Focus) -> Focus:
        """The value nodes of `shape`, as focus nodes of the shapes below it."""
        path = self.path(shape)
        if path is None:
            return focus

        up = self.fresh()
        keys = (*focus.keys, up)

        def values(var: str) -> str:
            parent = self.fresh()
            return (
                f"{{ SELECT DISTINCT {var} {' '.join(keys)} WHERE {{ {focus(parent)} "
                f"{parent} {path} {var} BIND({parent} AS {up}) }} }}"
            )

        return Focus(values, keys)

    def path(self, shape: Node) -> str | None:
        path = self.shapes.value(shape, SH.path)
        return None if path is None else sparql_path(self.shapes, path)

    # --- the checks of one shape -------------------------------------------------------

    def shape_checks(self, shape: Node, focus: Focus, stack: tuple = ()) -> Iterator[Check]:
        """Every check of `shape` on the focus nodes `focus` gives, and of the shapes below it."""
        if _deactivated(self.shapes, shape):
            return
        self._refuse_unknown(shape, top=not stack)
        if shape in stack:
            raise NotCompiled(f"{_name(shape)}: recursive shapes are not compiled")
        path = self.path(shape)
        values = f"?this {path} ?value" if path else "BIND(?this AS ?value)"
        head = focus("?this")
        for parameter, argument in self._parameters(shape):
            component = COMPONENTS[parameter]
            self.read_lexical = parameter in LEXICAL
            query = self._query(shape, parameter, argument, head, values, path)
            if query is not None and focus.keys:
                query = _with_keys(query, focus.keys)
            if query is not None:
                yield self._check(shape, component, query, self.read_lexical)
        for nested in self.shapes.objects(shape, SH.property):
            yield from self.shape_checks(nested, self.values_of(shape, focus), (*stack, shape))

    def _query(self, shape, parameter, argument, head, values, path) -> str | None:
        select = f"SELECT DISTINCT ?this ?value WHERE {{ {head} {values}"
        if parameter in (SH.minCount, SH.maxCount):
            if path is None:
                raise NotCompiled(f"{_name(shape)}: {_name(parameter)} needs sh:path")
            n = _integer(shape, parameter, argument)
            if parameter == SH.minCount:
                if n == 0:
                    return None
                if n == 1:
                    return (
                        f"SELECT ?this WHERE {{ {head} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
                    )
                return (
                    f"SELECT ?this WHERE {{ {head} OPTIONAL {{ ?this {path} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
                )
            return (
                f"SELECT ?this WHERE {{ {head} ?this {path} ?v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})"
            )
        if parameter == SH.hasValue:
            if path is None:
                return (
                    f"SELECT ?this WHERE {{ {head} FILTER(!sameTerm(?this, {_term(argument)})) }}"
                )
            missing = f"FILTER NOT EXISTS {{ ?this {path} {_term(argument)} }}"
            return f"SELECT ?this WHERE {{ {head} {missing} }}"
        if parameter == SH.uniqueLang:
            if path is None:
                raise NotCompiled(f"{_name(shape)}: sh:uniqueLang needs sh:path")
            if argument != Literal(True):
                return None
            return (
                f"SELECT DISTINCT ?this ?lang WHERE {{ {head} ?this {path} ?a . ?this {path} ?b "
                'FILTER(!sameTerm(?a, ?b) && LANG(?a) != "" && LCASE(LANG(?a)) = LCASE(LANG(?b))) '
                "BIND(LCASE(LANG(?a)) AS ?lang) }"
            )
        if parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            other = _iri(shape, parameter, argument).n3()
            if parameter == SH.equals:
                inside = f"EXISTS {{ ?this {path} ?value }}" if path else "sameTerm(?value, ?this)"
                return (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {{ {head} {values} "
                    f"FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                    f"{{ {head} ?this {other} ?value FILTER(!({inside})) }} }}"
                )
            if parameter == SH.disjoint:
                return f"{select} . ?this {other} ?value }}"
            operator = "<" if parameter == SH.lessThan else "<="
            if path is None:
                raise NotCompiled(f"{_name(shape)}: {_name(parameter)} needs sh:path")
            return (
                f"SELECT DISTINCT ?this ?value ?o WHERE {{ {head} {values} . ?this {other} ?o "
                f"FILTER(!COALESCE(?value {operator} ?o, false)) }}"
            )
        if parameter == SH.closed:
            if argument != Literal(True):
                return None
            allowed = self._allowed_properties(shape)
            keep = f"FILTER(?path NOT IN ({', '.join(allowed)}))" if allowed else ""
            nodes = values.replace("?value", "?node")
            return (
                f"SELECT DISTINCT ?this ?value ?path WHERE {{ {head} {nodes} . "
                f"?node ?path ?value {keep} }}"
            )
        if parameter in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            if path is None:
                raise NotCompiled(f"{_name(shape)}: qualified counts need sh:path")
            n = _integer(shape, parameter, argument)
            condition = self._qualified(shape, "?value", ())
            if parameter == SH.qualifiedMinCount:
                return (
                    f"SELECT ?this WHERE {{ {head} OPTIONAL {{ {values} FILTER({condition}) }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
                )
            return (
                f"SELECT ?this WHERE {{ {head} {values} FILTER({condition}) }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
            )
        condition = self._value_condition(shape, parameter, argument, "?value", (shape,))
        return f"{select} FILTER(!COALESCE({condition}, false)) }}"

    def _check(self, shape: Node, component: URIRef, query: str, lexical: bool) -> Check:
        return Check(
            shape=shape,
            component=component,
            path=self.shapes.value(shape, SH.path),
            severity=self.shapes.value(shape, SH.severity) or SH.Violation,
            messages=tuple(sorted(self.shapes.objects(shape, SH.message)))
            or (Literal(_default_message(component, self.shapes.value(shape, SH.path))),),
            query=query,
            lexical=lexical,
        )

    # --- conditions on one value node ----------------------------------------------------

    def _value_condition(self, shape, parameter, argument, var: str, stack: tuple) -> str:
        """A SPARQL expression, true when the value node in `var` meets the constraint."""
        self.read_lexical |= parameter in LEXICAL
        if parameter == SH["class"]:
            return f"EXISTS {{ {var} {_IS_A} {_iri(shape, parameter, argument).n3()} }}"
        if parameter == SH.datatype:
            return self._datatype(shape, argument, var)
        if parameter == SH.nodeKind:
            return _node_kind(shape, argument, var)
        if parameter in (SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive):
            operator = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<",
                        SH.maxInclusive: "<="}[parameter]  # fmt: skip
            return f"COALESCE({var} {operator} {_term(argument)}, false)"
        if parameter in (SH.minLength, SH.maxLength):
            operator = ">=" if parameter == SH.minLength else "<="
            n = _integer(shape, parameter, argument)
            return f"(!{_is_blank(var)} && STRLEN(STR({var})) {operator} {n})"
        if parameter == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            regex = f"REGEX(STR({var}), {_string(argument)}, {_string(flags or '')})"
            return f"(!{_is_blank(var)} && {regex})"
        if parameter == SH.languageIn:
            tags = [_string(tag) for tag in self._list(shape, argument)]
            matches = " || ".join(f"langMatches(LANG({var}), {tag})" for tag in tags) or "false"
            return f"(isLiteral({var}) && ({matches}))"
        if parameter == SH["in"]:
            members = [f"sameTerm({var}, {_term(m)})" for m in self._list(shape, argument)]
            return "(" + (" || ".join(members) or "false") + ")"
        if parameter == SH.hasValue:
            return f"sameTerm({var}, {_term(argument)})"
        if parameter == SH.node:
            return self.conforms(argument, var, stack)
        if parameter == SH["not"]:
            return f"!{self.conforms(argument, var, stack)}"
        if parameter in (SH["and"], SH["or"], SH.xone):
            members = [self.conforms(m, var, stack) for m in self._list(shape, argument)]
            if parameter == SH.xone:
                ones = " + ".join(f"IF({m}, 1, 0)" for m in members) or "0"
                return f"(({ones}) = 1)"
            joiner = " && " if parameter == SH["and"] else " || "
            return "(" + (joiner.join(members) or ("true" if joiner == " && " else "false")) + ")"
        raise NotCompiled(f"{_name(shape)}: {_name(parameter)} is not compiled")

    def _datatype(self, shape: Node, datatype: Node, var: str) -> str:
        datatype = _iri(shape, SH.datatype, datatype)
        if datatype == RDF.langString:
            return f'(isLiteral({var}) && LANG({var}) != "")'
        test = f"isLiteral({var}) && sameTerm(DATATYPE({var}), {datatype.n3()})"
        bad = [lit for lit in self.ill_formed if lit.datatype == datatype]
        if bad:
            test += " && !(" + " || ".join(f"sameTerm({var}, {_term(b)})" for b in bad) + ")"
        if datatype == XSD.string:
            test += f' && LANG({var}) = ""'
        return f"({test})"

    def conforms(self, shape: Node, var: str, stack: tuple) -> str:
        """A SPARQL expression, true when the node in `var` conforms to `shape`."""
        if _deactivated(self.shapes, shape):
            return "true"
        if shape in stack:
            raise NotCompiled(f"{_name(shape)}: recursive shapes are not compiled")
        self._refuse_unknown(shape, top=False)
        stack = (*stack, shape)
        path = self.path(shape)
        parts = []
        for parameter, argument in self._parameters(shape):
            part = self._conforms_part(shape, parameter, argument, var, path, stack)
            if part is not None:
                parts.append(part)
        for nested in self.shapes.objects(shape, SH.property):
            if path is None:
                parts.append(self.conforms(nested, var, stack))
            else:
                v = self.fresh()
                inner = self.conforms(nested, v, stack)
                parts.append(f"NOT EXISTS {{ {var} {path} {v} FILTER(!{inner}) }}")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _conforms_part(self, shape, parameter, argument, var, path, stack) -> str | None:
        self.read_lexical |= parameter in LEXICAL
        if path is None and parameter in (SH.minCount, SH.maxCount, SH.uniqueLang,
                                          SH.qualifiedMinCount, SH.qualifiedMaxCount):  # fmt: skip
            raise NotCompiled(f"{_name(shape)}: {_name(parameter)} needs sh:path")
        if parameter == SH.minCount:
            n = _integer(shape, parameter, argument)
            return self._at_least(var, path, n, lambda v: "true") if n else None
        if parameter == SH.maxCount:
            n = _integer(shape, parameter, argument)
            return f"!{self._at_least(var, path, n + 1, lambda v: 'true')}"
        if parameter in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            n = _integer(shape, parameter, argument)
            qualified = lambda v: self._qualified(shape, v, stack)  # noqa: E731
            if parameter == SH.qualifiedMinCount:
                return self._at_least(var, path, n, qualified) if n else None
            return f"!{self._at_least(var, path, n + 1, qualified)}"
        if parameter == SH.hasValue and path is not None:
            return f"EXISTS {{ {var} {path} {_term(argument)} }}"
        if parameter == SH.uniqueLang:
            if argument != Literal(True):
                return None
            a, b = self.fresh(), self.fresh()
            return (
                f"NOT EXISTS {{ {var} {path} {a} . {var} {path} {b} FILTER(!sameTerm({a}, {b}) "
                f'&& LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}'
            )
        if parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            other = _iri(shape, parameter, argument).n3()
            v, o = self.fresh(), self.fresh()
            if path is None:  # the value node is the node itself
                if parameter == SH.equals:
                    return (
                        f"(EXISTS {{ {var} {other} {var} }} && "
                        f"NOT EXISTS {{ {var} {other} {o} FILTER(!sameTerm({o}, {var})) }})"
                    )
                if parameter == SH.disjoint:
                    return f"NOT EXISTS {{ {var} {other} {var} }}"
            values = f"{var} {path} {v}"
            if parameter == SH.equals:
                return (
                    f"(NOT EXISTS {{ {values} FILTER NOT EXISTS {{ {var} {other} {v} }} }} && "
                    f"NOT EXISTS {{ {var} {other} {o} FILTER NOT EXISTS {{ {var} {path} {o} }} }})"
                )
            if parameter == SH.disjoint:
                return f"NOT EXISTS {{ {values} . {var} {other} {v} }}"
            if path is None:
                raise NotCompiled(f"{_name(shape)}: {_name(parameter)} needs sh:path")
            operator = "<" if parameter == SH.lessThan else "<="
            return (
                f"NOT EXISTS {{ {values} . {var} {other} {o} "
                f"FILTER(!COALESCE({v} {operator} {o}, false)) }}"
            )
        if parameter == SH.closed:
            if argument != Literal(True):
                return None
            allowed = self._allowed_properties(shape)
            p, o = self.fresh(), self.fresh()
            keep = f"FILTER({p} NOT IN ({', '.join(allowed)}))" if allowed else ""
            if path is None:
                return f"NOT EXISTS {{ {var} {p} {o} {keep} }}"
            v = self.fresh()
            return f"NOT EXISTS {{ {var} {path} {v} . {v} {p} {o} {keep} }}"
        if path is None:
            return (
                f"COALESCE({self._value_condition(shape, parameter, argument, var, stack)}, false)"
            )
        v = self.fresh()
        condition = self._value_condition(shape, parameter, argument, v, stack)
        return f"NOT EXISTS {{ {var} {path} {v} FILTER(!COALESCE({condition}, false)) }}"

    def _at_least(self, var: str, path: str, n: int, condition: Callable[[str], str]) -> str:
        """`var` has at least n distinct values on `path` meeting `condition`, unrolled."""
        if n > _UNROLL:
            raise NotCompiled(f"a count of {n} inside sh:node/sh:not/sh:or... is not compiled")
        names = [self.fresh() for _ in range(n)]
        patterns = " . ".join(f"{var} {path} {v}" for v in names)
        tests = [f"COALESCE({condition(v)}, false)" for v in names]
        tests += [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        return f"EXISTS {{ {patterns} FILTER({' && '.join(tests)}) }}"

    def _qualified(self, shape: Node, var: str, stack: tuple) -> str:
        """The value node conforms to the qualified shape (and to no sibling, if disjoint)."""
        qualified = self.shapes.value(shape, SH.qualifiedValueShape)
        if qualified is None:
            raise NotCompiled(f"{_name(shape)}: qualified counts need sh:qualifiedValueShape")
        condition = self.conforms(qualified, var, (*stack, shape))
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            for sibling in self._siblings(shape, qualified):
                condition += f" && !{self.conforms(sibling, var, (*stack, shape))}"
        return f"({condition})"

    def _siblings(self, shape: Node, qualified: Node) -> list[Node]:
        siblings = []
        for parent in self.shapes.subjects(SH.property, shape):
            for other in self.shapes.objects(parent, SH.property):
                for sibling in self.shapes.objects(other, SH.qualifiedValueShape):
                    if sibling != qualified and sibling not in siblings:
                        siblings.append(sibling)
        return siblings

    def _allowed_properties(self, shape: Node) -> list[str]:
        allowed = {
            p
            for nested in self.shapes.objects(shape, SH.property)
            if isinstance(p := self.shapes.value(nested, SH.path), URIRef)
        }
        ignored = self.shapes.value(shape, SH.ignoredProperties)
        if ignored is not None:
            allowed.update(self._list(shape, ignored))
        return [p.n3() for p in sorted(allowed)]

    # --- reading the shapes graph --------------------------------------------------------

    def _parameters(self, shape: Node) -> Iterator[tuple[URIRef, Node]]:
        for parameter in COMPONENTS:
            for argument in sorted(self.shapes.objects(shape, parameter)):
                yield parameter, argument

    def _list(self, shape: Node, head: Node) -> list[Node]:
        if head != RDF.nil and (head, RDF.first, None) not in self.shapes:
            raise NotCompiled(f"{_name(shape)}: a list was expected, not {head}")
        return list(Collection(self.shapes, head))

    def _refuse_unknown(self, shape: Node, top: bool) -> None:
        for predicate in set(self.shapes.predicates(shape, None)):
            if not str(predicate).startswith(str(SH)):
                continue
            if predicate == SH.sparql and not top:
                raise NotCompiled(f"{_name(shape)}: sh:sparql below the top level is not compiled")
            if predicate not in COMPONENTS and predicate not in _OTHER:
                raise NotCompiled(f"{_name(shape)}: {_name(predicate)} is not compiled")


def _default_message(component: URIRef, path: Node | None) -> str:
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    where = f" on {path.n3()}" if isinstance(path, URIRef) else ""
    return f"{name} constraint not met{where}"


def _with_keys(query: str, keys: tuple[str, ...]) -> str:
    """The query keeping one row per parent focus node too: `keys` join ?this where it is
    projected and grouped."""
    extra = " ".join(keys)
    return re.sub(r"^(SELECT (?:DISTINCT )?\?this)|(GROUP BY \?this)", rf"\g<0> {extra}", query)


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return shapes.value(shape, SH.deactivated) == Literal(True)


def _node_kind(shape: Node, kind: Node, var: str) -> str:
    blank, iri, literal = _is_blank(var), _is_iri(var), f"isLiteral({var})"
    tests = {
        SH.IRI: iri,
        SH.BlankNode: blank,
        SH.Literal: literal,
        SH.BlankNodeOrIRI: f"({blank} || {iri})",
        SH.BlankNodeOrLiteral: f"({blank} || {literal})",
        SH.IRIOrLiteral: f"({iri} || {literal})",
    }
    if kind not in tests:
        raise NotCompiled(f"{_name(shape)}: unknown sh:nodeKind {kind}")
    return tests[kind]


def _is_blank(var: str) -> str:
    return f'(isBlank({var}) || STRSTARTS(STR({var}), "{BLANK}"))'


def _is_iri(var: str) -> str:
    return f'(isIRI({var}) && !STRSTARTS(STR({var}), "{BLANK}"))'


def _integer(shape: Node, parameter: URIRef, argument: Node) -> int:
    try:
        return int(str(argument))
    except ValueError:
        raise NotCompiled(f"{_name(shape)}: {_name(parameter)} must be an integer") from None


def _iri(shape: Node, parameter: URIRef, argument: Node) -> URIRef:
    if not isinstance(argument, URIRef):
        raise NotCompiled(f"{_name(shape)}: {_name(parameter)} must be an IRI")
    return argument


def _term(node: Node) -> str:
    if isinstance(node, BNode):
        raise NotCompiled(f"a blank node of the shapes graph cannot name data: {node}")
    if isinstance(node, Literal):
        lexical = _string(str(node))
        if node.language:
            return f"{lexical}@{node.language}"
        return f"{lexical}^^{node.datatype.n3()}" if node.datatype else lexical
    return node.n3()


def _string(text) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(13), chr(92) + "r")}"'


def _name(node: Node) -> str:
    text = str(node)
    if text.startswith(str(SH)):
        return "sh:" + text[len(str(SH)) :]
    return f"<{text}>" if isinstance(node, URIRef) else f"_:{text}"
