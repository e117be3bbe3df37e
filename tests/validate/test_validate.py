"""Validation: the domain rules find exactly what was planted, fast, with labels and sources."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, SH, Graph

from seckg.reference import ontology_graph
from seckg.store import load_graph
from seckg.validate import shapes_graph, validate_graph

ONE_OF_EACH = Path(__file__).parent.parent / "fixtures" / "validation" / "one_of_each.ttl"
CURATED = "https://example.org/curated/"


@pytest.fixture(scope="module")
def planted():
    return validate_graph(load_graph(ONE_OF_EACH))


def test_one_of_each_kind_yields_exactly_those_results(planted):
    found = {
        (f.severity, f.shape, f.focus.removeprefix(CURATED).rsplit("/", 1)[-1])
        for f in planted.findings
    }
    assert found == {
        ("Violation", "Membership period", "membership-backwards"),
        ("Violation", "Commitment after the forum's founding", "commitment-too-early"),
        ("Violation", "Unique ISO code", "AUS"),
        ("Violation", "Unique ISO code", "australia-again"),
        ("Warning", "Initiative of a known forum", "harbour-watch"),
        ("Warning", "Commitment evidence names its parties", "commitment-unsupported"),
        # the core constraint, found through the subclass: a State is an Actor
        ("Violation", "Actor", "nameless-state"),
        ("Violation", "State", "nameless-state"),
    }
    assert not planted.conforms and (planted.violations, planted.warnings) == (6, 2)


def test_findings_carry_label_value_message_and_source(planted):
    early = next(f for f in planted.findings if f.focus.endswith("commitment-too-early"))
    assert early.path == "dcterms:date" and early.value == "1999-05-01"
    assert "before its actor Quad was founded (2007)" in early.message
    assert early.document == "curated-notes"
    assert early.evidence == "The Quad will cooperate on maritime security."
    backwards = next(f for f in planted.findings if f.shape == "Membership period")
    assert backwards.message.startswith("This membership starts (2020) after it ends (2015)")
    initiative = next(f for f in planted.findings if f.shape == "Initiative of a known forum")
    assert initiative.focus_label == "Harbour Watch Initiative"
    assert all("{?" not in f.message for f in planted.findings)


def test_the_sparql_rules_agree_with_pyshacl_per_node(planted):
    """The one-query evaluation gives what pyshacl's own SHACL-SPARQL engine gives."""
    data = load_graph(ONE_OF_EACH) + ontology_graph()
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), advanced=True)
    theirs = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    }
    ours = {
        (
            str(planted.report_graph.value(r, SH.focusNode)),
            str(planted.report_graph.value(r, SH.sourceShape)),
        )
        for r in planted.report_graph.subjects(RDF.type, SH.ValidationResult)
        if planted.report_graph.value(r, SH.sourceConstraintComponent)
        == SH.SPARQLConstraintComponent
    }
    assert ours == theirs and len(ours) == 6


def test_fixing_the_data_clears_the_finding():
    graph = load_graph(ONE_OF_EACH)
    backwards = next(s for s in graph.subjects() if str(s).endswith("membership-backwards"))
    graph.remove((backwards, None, None))
    outcome = validate_graph(graph)
    assert not any(f.shape == "Membership period" for f in outcome.findings)


WARNING_ONLY = """
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://example.org/f> a sec:Forum ; rdfs:label "Harbour Forum" .
<https://example.org/i> a sec:Initiative ; rdfs:label "Harbour Watch" ;
    sec:launchedBy <https://example.org/f> ; prov:wasDerivedFrom <https://example.org/notes> .
"""


def test_fail_on_threshold():
    outcome = validate_graph(Graph().parse(data=WARNING_ONLY, format="turtle"))
    assert outcome.conforms and outcome.warnings == 1
    assert not outcome.fails("Violation") and outcome.fails("Warning")
    assert outcome.summary() == "conforms, 1 warning"


def test_seed_graph_conforms_and_is_not_changed(seed_graph: Graph):
    size = len(seed_graph)
    outcome = validate_graph(seed_graph)
    assert outcome.conforms and outcome.violations == 0, outcome.summary()
    assert not outcome.fails("Violation")
    assert len(seed_graph) == size


def test_an_empty_graph_is_said_to_be_empty_not_to_conform(tmp_path):
    from click.testing import CliRunner

    from seckg.cli import main

    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = CliRunner().invoke(main, ["validate", "--graph", str(empty)])
    # CONTRACT: exit 0 when the graph conforms, and an empty one does; but it is said
    assert result.exit_code == 0 and "the graph is empty" in result.stdout
    assert "conforms" not in result.output
    as_json = CliRunner().invoke(main, ["validate", "--graph", str(empty), "--format", "json"])
    assert json.loads(as_json.stdout)["empty"] is True
