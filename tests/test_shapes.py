"""SHACL shapes: every constraint speaks to a person, and each catches what it should.

Each case is the valid graph below with one block replaced by a broken one; the expected
(focus node, path) pair must be among the results.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph, Namespace

from conftest import CONTRACT_CLASSES, TEST_PREFIXES
from seckg.reference import ontology_graph
from seckg.validate import shapes_graph, validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = TEST_PREFIXES

VALID = {
    "state": 'state:FRA a sec:State ; rdfs:label "France" ; sec:iso3 "FRA" .',
    "forum": 'forum:g7 a sec:Forum ; rdfs:label "Group of Seven" ; sec:acronym "G7" .',
    "document": 'doc:d1 a sec:Document ; dcterms:identifier "d1" ; sec:mentions forum:g7 .',
    "membership": "x:m1 a sec:Membership ; org:member state:FRA ; org:organization forum:g7 ;"
    ' sec:role role:member ; sec:since "1975"^^xsd:gYear ;'
    " dcterms:source <https://www.g7italy.it/en/g7-history/> ; prov:wasDerivedFrom src:reference .",
    "commitment": "x:c1 a sec:Commitment ; sec:actor forum:g7 ; sec:concerns threat:cyber ;"
    " sec:commitmentType ct:condemn ; sec:statedIn doc:d1 ;"
    ' sec:evidence "The G7 condemned cyber attacks." .',
}


def results(**replaced: str) -> set[tuple[str, str]]:
    """(focus, path) of each result; the compiled SPARQL engine and pyshacl must agree."""
    blocks = {**VALID, **replaced}
    graph = Graph().parse(data=PREFIXES + "\n".join(blocks.values()), format="turtle")
    by_engine = []
    for engine in ("sparql", "pyshacl"):
        report = validate_graph(graph + ontology_graph(), engine=engine).report_graph
        found = set()
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            local = re.split(r"[#/]", str(path))[-1] if path else ""
            found.add((str(focus).rsplit("/", 1)[-1], local))
        by_engine.append(found)
    assert by_engine[0] == by_engine[1]
    return by_engine[0]


def test_every_constraint_has_a_message():
    shapes = shapes_graph()
    for property_shape in shapes.objects(None, SH.property):
        assert shapes.value(property_shape, SH.message) is not None, property_shape
    for shape in shapes.subjects(SH["or"], None):
        if (shape, RDF.type, SH.NodeShape) in shapes:
            assert shapes.value(shape, SH.message) is not None, shape
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None


def test_valid_graph_conforms():
    assert results() == set()


@pytest.mark.parametrize(
    "block,broken,expected",
    [
        ("state", 'state:FRA a sec:State ; rdfs:label "France" ; sec:iso3 "fr" .', ("FRA", "iso3")),
        ("state", 'state:FRA a sec:State ; rdfs:label "France" .', ("FRA", "iso3")),
        (
            "membership",
            "x:m1 a sec:Membership ; org:member state:FRA ; org:organization forum:g7 ;"
            " sec:role role:member .",
            ("m1", ""),
        ),
        (
            "membership",
            "x:m1 a sec:Membership ; org:member state:FRA ; org:organization forum:g7 ;"
            ' sec:role role:member ; sec:since "1975" ; prov:wasDerivedFrom src:reference .',
            ("m1", "since"),
        ),
        (
            "membership",
            "x:m1 a sec:Membership ; org:member state:FRA ; org:organization state:FRA ;"
            " sec:role role:member ; prov:wasDerivedFrom src:reference .",
            ("m1", "organization"),
        ),
        (
            "commitment",
            "x:c1 a sec:Commitment ; sec:actor forum:g7 ; sec:concerns threat:cyber ;"
            " sec:commitmentType ct:condemn ; sec:statedIn doc:d1 .",
            ("c1", "evidence"),
        ),
        (
            "commitment",
            "x:c1 a sec:Commitment ; sec:actor forum:g7 ; sec:concerns state:FRA ;"
            ' sec:commitmentType ct:condemn ; sec:statedIn doc:d1 ; sec:evidence "x" .',
            ("c1", "concerns"),
        ),
        (
            "commitment",
            "x:c1 a sec:Commitment ; sec:concerns threat:cyber ;"
            ' sec:commitmentType ct:condemn ; sec:statedIn doc:d1 ; sec:evidence "x" .',
            ("c1", "actor"),
        ),
        ("document", "doc:d1 a sec:Document ; sec:mentions forum:g7 .", ("d1", "identifier")),
        (
            "document",
            'doc:d1 a sec:Document ; dcterms:identifier "d1" ; sec:mentions ct:condemn .',
            ("d1", "mentions"),
        ),
    ],
)
def test_each_broken_fact_is_reported(block, broken, expected):
    assert expected in results(**{block: broken})


def test_extracted_membership_without_evidence_is_a_violation():
    broken = (
        "x:m1 a sec:Membership ; org:member state:FRA ; org:organization forum:g7 ;"
        " sec:role role:member ; sec:statedIn doc:d1 ."
    )
    assert ("m1", "") in results(membership=broken)


def test_shapes_target_every_contract_class():
    shapes = shapes_graph()
    targets = {str(o).rsplit("#", 1)[-1] for o in shapes.objects(None, SH.targetClass)}
    assert set(CONTRACT_CLASSES) <= targets
