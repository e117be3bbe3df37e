"""SHACL property paths as SPARQL property paths, and copies of them for a report.

Every SHACL path form has a SPARQL counterpart with the same (set) semantics: an IRI, a list
(sequence, `/`), sh:alternativePath (`|`), sh:inversePath (`^`), sh:zeroOrMorePath (`*`),
sh:oneOrMorePath (`+`) and sh:zeroOrOnePath (`?`).
"""

from __future__ import annotations

from rdflib import RDF, SH, BNode, Graph, Node, URIRef
from rdflib.collection import Collection

_UNARY = {
    SH.inversePath: ("^(", ")"),
    SH.zeroOrMorePath: ("(", ")*"),
    SH.oneOrMorePath: ("(", ")+"),
    SH.zeroOrOnePath: ("(", ")?"),
}


class BadPath(ValueError):
    """A sh:path value that is not a well-formed SHACL path."""


def sparql_path(shapes: Graph, path: Node) -> str:
    """The SPARQL property path for a SHACL path node of `shapes`."""
    if isinstance(path, URIRef):
        return path.n3()
    if not isinstance(path, BNode):
        raise BadPath(f"a literal is not a path: {path}")
    if (path, RDF.first, None) in shapes:
        steps = [sparql_path(shapes, step) for step in Collection(shapes, path)]
        if len(steps) < 2:
            raise BadPath("a sequence path needs at least two steps")
        return "(" + "/".join(steps) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [sparql_path(shapes, option) for option in Collection(shapes, alternatives)]
        if len(options) < 2:
            raise BadPath("an alternative path needs at least two options")
        return "(" + "|".join(options) + ")"
    for predicate, (before, after) in _UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return before + sparql_path(shapes, inner) + after
    raise BadPath("a blank node path of no known form")


def copy_node(source: Graph, node: Node, target: Graph, seen: set[Node] | None = None) -> None:
    """Copy what `source` says of a blank node (and of blank nodes it reaches) into `target`,
    so a report's paths, shapes and blank focus nodes still mean something on their own."""
    if not isinstance(node, BNode):
        return
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for predicate, value in source.predicate_objects(node):
        target.add((node, predicate, value))
        copy_node(source, value, target, seen)
