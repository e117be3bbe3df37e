"""The SHACL Core constraints compiled to SPARQL report what pyshacl reports, and what the
compiler does not translate is refused by name and checked by pyshacl, never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Graph, URIRef

from seckg.reference import ontology_graph
from seckg.store import load_graph
from seckg.store.oxigraph import OxigraphStore
from seckg.validate import shapes_graph, validate_graph, validate_store
from seckg.validate.compiler import COMPONENTS, compile_shapes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "validation"
CORE_EACH = FIXTURES / "core_each.ttl"
ONE_OF_EACH = FIXTURES / "one_of_each.ttl"


def _rows(outcome) -> set[tuple[str, ...]]:
    return {
        (f.severity, f.shape, f.constraint, f.focus, f.path, f.value, f.message, f.document)
        for f in outcome.findings
    }


def test_every_core_constraint_of_the_packaged_shapes_becomes_one_check():
    """All of the bundled shapes compile: none is handed to pyshacl."""
    shapes = shapes_graph()
    expected = 0
    for shape in set(shapes.subjects(SH.targetClass, None)):
        for owner in (shape, *shapes.objects(shape, SH.property)):
            expected += sum(1 for p, _ in shapes.predicate_objects(owner) if p in COMPONENTS)
    plan = compile_shapes(shapes)
    assert plan.refused == {}
    assert len(plan.checks) == expected > 50
    assert all(check.query.startswith("SELECT") and check.messages for check in plan.checks)


def test_both_engines_find_every_break_the_same_way():
    """Each compiled component is broken once in the fixture; the findings must be identical,
    but for the ill-formed "19x9"^^xsd:gYear, which SHACL rejects and pyshacl lets through."""
    graph = load_graph(CORE_EACH)
    ours, theirs = (_rows(validate_graph(graph, engine=e)) for e in ("sparql", "pyshacl"))
    extra = ours - theirs
    assert theirs <= ours
    assert {(row[2], row[5]) for row in extra} == {("sec:founded Datatype", "19x9")}
    components = {row[2].rsplit(" ", 1)[-1] for row in ours}
    assert components >= {
        "MinCount",
        "MaxCount",
        "Datatype",
        "Class",
        "Or",
        "HasValue",
        "MinLength",
        "Pattern",
        "UniqueLang",
    }


def test_both_engines_agree_on_the_domain_rule_fixture():
    graph = load_graph(ONE_OF_EACH)
    assert _rows(validate_graph(graph)) == _rows(validate_graph(graph, engine="pyshacl"))


def test_a_store_is_validated_in_place_with_labels_and_sources(tmp_path):
    """The same findings from an Oxigraph folder as from the file, document names included."""
    data = load_graph(CORE_EACH) + load_graph(ONE_OF_EACH)
    with OxigraphStore(tmp_path / "store") as store:
        store.replace_base(ontology_graph(), "rules")
        store.replace_documents({"core-notes": data}, "rules")
        in_place = validate_store(store)
    in_memory = validate_graph(data)
    assert _rows(in_place) == _rows(in_memory)
    assert {f.focus_label for f in in_place.findings} == {f.focus_label for f in in_memory.findings}
    assert any(f.document == "curated-notes" for f in in_place.findings)
    assert not in_place.conforms and in_place.violations == in_memory.violations


PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
# Each shape uses one thing the compiler does not translate, and each is broken by ex:a.
REFUSED = {
    "recursive": """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:property [ sh:path ex:next ; sh:node ex:S ] ;
        sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
    "count": """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:node [ sh:property [ sh:path ex:next ; sh:minCount 9 ] ] .""",
    "sparql below": """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:property [ sh:path ex:next ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] ] .""",
    "blank target": """ex:S a sh:NodeShape ; sh:targetClass [ a ex:C ] ; sh:targetNode ex:a ;
        sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
}
DATA = "ex:a ex:next ex:b . ex:b ex:next ex:a ."


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_shape_that_is_not_compiled_is_refused_by_name_and_checked_by_pyshacl(case):
    shapes = Graph().parse(data=PREFIXES + REFUSED[case], format="turtle")
    data = Graph().parse(data=PREFIXES + DATA, format="turtle")
    plan = compile_shapes(shapes)
    assert list(plan.refused) == [URIRef("https://example.org/S")]
    assert "https://example.org/S" in next(iter(plan.refused.values()))
    ours = validate_graph(data, shapes=shapes)
    theirs = validate_graph(data, shapes=shapes, engine="pyshacl")
    assert not ours.conforms and ours.violations == theirs.violations > 0


def test_every_target_form_selects_its_focus_nodes():
    shapes = Graph().parse(
        data=PREFIXES
        + """
        ex:ByNode a sh:NodeShape ; sh:targetNode ex:n ; sh:nodeKind sh:Literal .
        ex:BySubject a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:nodeKind sh:Literal .
        ex:ByObject a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:Literal .
        ex:C a rdfs:Class, sh:NodeShape ; sh:nodeKind sh:Literal .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data=PREFIXES + "ex:s ex:p ex:o . ex:i a ex:D . ex:D rdfs:subClassOf ex:C .",
        format="turtle",
    )
    focus = {
        (f.shape.rsplit("/", 1)[-1].rstrip(">"), f.focus.rsplit("/", 1)[-1].rstrip(">"))
        for f in validate_graph(data, shapes=shapes).findings
    }
    assert focus == {("ByNode", "n"), ("BySubject", "s"), ("ByObject", "o"), ("C", "i")}


def test_ill_formed_literals_of_a_file_fail_datatype_as_written(tmp_path):
    """rdflib would read "none"^^xsd:boolean as false; 30 February is no date."""
    data = tmp_path / "data.ttl"
    data.write_text(
        PREFIXES
        + 'ex:a ex:flag "none"^^xsd:boolean, true ; '
        + 'ex:day "2021-02-30"^^xsd:date, "2021-02-28"^^xsd:date .'
    )
    shapes = Graph().parse(
        data=PREFIXES
        + """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] ;
            sh:property [ sh:path ex:day ; sh:datatype xsd:date ] .""",
        format="turtle",
    )
    from seckg.validate import validate_location

    for engine in ("sparql", "pyshacl"):
        outcome = validate_location(str(data), engine=engine, shapes=shapes)
        assert sorted(f.value for f in outcome.findings) == ["2021-02-30", "none"], engine


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="pyshacl"):
        validate_graph(Graph(), engine="owl")
