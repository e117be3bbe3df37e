"""The SHACL Core constraints compiled to SPARQL report what pyshacl reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Graph

from seckg.reference import ontology_graph
from seckg.shacl_sparql import COMPILED, NotCompiled, compile_shapes
from seckg.store import load_graph
from seckg.store.oxigraph import OxigraphStore
from seckg.validate import shapes_graph, validate_graph, validate_store

FIXTURES = Path(__file__).parent / "fixtures" / "validation"
CORE_EACH = FIXTURES / "core_each.ttl"
ONE_OF_EACH = FIXTURES / "one_of_each.ttl"


def _rows(outcome) -> set[tuple[str, ...]]:
    return {
        (f.severity, f.shape, f.constraint, f.focus, f.path, f.value, f.message, f.document)
        for f in outcome.findings
    }


def test_every_core_constraint_of_the_packaged_shapes_becomes_one_check():
    shapes = shapes_graph()
    parameters = COMPILED - {SH.flags}
    expected = 0
    for shape in set(shapes.subjects(SH.targetClass, None)):
        for owner in (shape, *shapes.objects(shape, SH.property)):
            expected += sum(1 for p, _ in shapes.predicate_objects(owner) if p in parameters)
    checks = compile_shapes(shapes)
    assert len(checks) == expected > 50
    assert all(check.query.startswith("SELECT") and check.message for check in checks)


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


def test_a_feature_that_is_not_compiled_is_refused_by_name():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:maxLength 3 ] .
        """,
        format="turtle",
    )
    with pytest.raises(NotCompiled, match="maxLength"):
        compile_shapes(shapes)


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="pyshacl"):
        validate_graph(Graph(), engine="owl")
