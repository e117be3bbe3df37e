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


ADDITIONS = """\
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/seckg/id/membership/quad/IND/partner/mine> a sec:Membership ;
    org:member <https://w3id.org/seckg/id/state/IND> ;
    org:organization <https://w3id.org/seckg/id/forum/quad> ;
    sec:role <https://w3id.org/seckg/id/role/partner> ;
    prov:wasDerivedFrom <https://example.org/my-notes> .
"""

TEAM_RULE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sec: <https://w3id.org/seckg/ontology#> .
<urn:team:needs-since> a sh:NodeShape ;
    sh:targetClass sec:Membership ;
    sh:property [ sh:path sec:since ; sh:minCount 1 ;
                  sh:message "Our team dates every membership." ] .
"""


def test_additions_that_link_to_reference_entities_validate_in_context(tmp_path):
    from click.testing import CliRunner

    from seckg.cli import main

    additions = tmp_path / "my_additions.ttl"
    additions.write_text(ADDITIONS, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--graph", str(additions), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["conforms"] is True
    # without the reference data, India is no sec:Actor and the Quad no sec:Forum
    bare = runner.invoke(
        main, ["validate", "--graph", str(additions), "--without-context", "--format", "json"]
    )
    assert bare.exit_code == 1
    assert {f["path"] for f in json.loads(bare.output)["findings"]} >= {
        "org:member",
        "org:organization",
    }


def test_team_shapes_are_checked_besides_the_bundled_ones(tmp_path):
    from click.testing import CliRunner

    from seckg.cli import main

    additions = tmp_path / "my_additions.ttl"
    additions.write_text(ADDITIONS, encoding="utf-8")
    rules = tmp_path / "team.ttl"
    rules.write_text(TEAM_RULE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", "--graph", str(additions), "--shapes", str(rules), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert "Our team dates every membership." in messages
    # findings are about what the user brought, not about the reference data read beside it
    # (where many memberships have no start year)
    assert {f["focus"] for f in json.loads(result.output)["findings"]} == {
        "https://w3id.org/seckg/id/membership/quad/IND/partner/mine"
    }
