"""SHACL validation of a graph against `ontology/shapes.ttl`, with pyshacl.

The ontology is passed as pyshacl's `ont_graph`, so a user's file that uses sec:State without
stating that it is a sec:Actor still validates as one (RDFS inference over the ontology).
pyshacl works on a copy: the caller's graph is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import Graph

from seckg import resources
from seckg.reference import ontology_graph


@dataclass
class ValidationOutcome:
    conforms: bool
    report_graph: Graph
    report_text: str
    violations: int
    warnings: int


@cache
def shapes_graph() -> Graph:
    return Graph().parse(resources.ontology_file(resources.SHAPES_FILE), format="turtle")


def validate_graph(graph: Graph, inference: str = "rdfs") -> ValidationOutcome:
    conforms, report_graph, report_text = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        advanced=True,
        inplace=False,
        allow_warnings=True,
    )
    query = """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?severity (COUNT(?r) AS ?n) WHERE { ?r a sh:ValidationResult ;
        sh:resultSeverity ?severity } GROUP BY ?severity"""
    counts = {str(row[0]).rsplit("#", 1)[-1]: int(row[1]) for row in report_graph.query(query)}
    return ValidationOutcome(
        conforms=bool(conforms),
        report_graph=report_graph,
        report_text=report_text,
        violations=counts.get("Violation", 0),
        warnings=counts.get("Warning", 0),
    )
