"""The ontology and the SKOS schemes: they parse, and every contract term is declared."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from conftest import CONTRACT_CLASSES
from seckg import resources
from seckg.namespaces import SEC, SECID, THREAT
from seckg.reference import ontology_graph

CONTRACT_PROPERTIES = [
    "iso3",
    "acronym",
    "role",
    "since",
    "until",
    "launchedBy",
    "addresses",
    "actor",
    "concerns",
    "commitmentType",
    "statedIn",
    "evidence",
    "mentions",
]
TOP_THREATS = [
    "cyber",
    "terrorism",
    "disinformation",
    "foreign-interference",
    "wmd",
    "armed-conflict",
    "maritime-security",
    "transnational-crime",
    "natural-disaster",
    "humanitarian-crisis",
    "health-security",
    "climate-change",
    "critical-infrastructure",
    "emerging-technology",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


@pytest.mark.parametrize("name", ["seckg.ttl", "threats.ttl", "vocabularies.ttl", "shapes.ttl"])
def test_ontology_files_parse(name):
    assert len(Graph().parse(resources.ontology_file(name))) > 50


def test_ontology_header_has_version_title_licence(onto):
    header = URIRef("https://w3id.org/seckg/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    for prop in (
        OWL.versionInfo,
        URIRef("http://purl.org/dc/terms/title"),
        URIRef("http://purl.org/dc/terms/license"),
    ):
        assert onto.value(header, prop) is not None, prop


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_declared_with_label_and_comment(onto, name):
    term = SEC[name]
    assert (term, RDF.type, OWL.Class) in onto
    assert onto.value(term, RDFS.label) and onto.value(term, RDFS.comment)


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES)
def test_contract_property_declared_with_label_comment_domain_range(onto, name):
    term = SEC[name]
    kinds = set(onto.objects(term, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    for prop in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert onto.value(term, prop) is not None, (name, prop)


def test_alignments_are_stated(onto):
    assert (SEC.Forum, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (SEC.Membership, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Membership")) in onto
    assert (SEC.Threat, RDFS.subClassOf, SKOS.Concept) in onto
    assert (SEC.Document, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert (
        SEC.statedIn,
        RDFS.subPropertyOf,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
    ) in onto
    assert (SEC.State, RDFS.subClassOf, URIRef("https://schema.org/Country")) in onto


def test_closed_namespace_matches_declared_terms(onto):
    """Every sec: term used in the code is declared in the ontology, and the reverse."""
    declared = {
        str(s).removeprefix(str(SEC._NS))
        for s in onto.subjects()
        if str(s).startswith(str(SEC._NS))
    }
    in_code = set(SEC.__annotations__)
    assert declared == in_code
    with pytest.raises(AttributeError):
        SEC.Memebership  # noqa: B018  (a misspelling fails loudly)


def test_every_sec_term_used_in_any_resource_is_declared(onto):
    declared = {s for s in onto.subjects() if str(s).startswith(str(SEC._NS))}
    for name in ("threats.ttl", "vocabularies.ttl", "shapes.ttl"):
        graph = Graph().parse(resources.ontology_file(name))
        used = {
            t
            for triple in graph
            for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(SEC._NS))
        }
        assert used <= declared, (name, used - declared)


def test_threat_scheme_has_the_fourteen_top_concepts(onto):
    tops = set(onto.objects(SECID.threats, SKOS.hasTopConcept))
    assert tops == {THREAT[k] for k in TOP_THREATS}
    for concept in tops:
        assert (concept, SKOS.topConceptOf, SECID.threats) in onto
        assert onto.value(concept, SKOS.definition) is not None
        labels = list(onto.objects(concept, SKOS.altLabel)) + list(
            onto.objects(concept, SKOS.hiddenLabel)
        )
        assert len(labels) >= 5, concept


@pytest.mark.parametrize(
    "narrower,top",
    [
        ("ransomware", "cyber"),
        ("nerve-agent", "wmd"),
        ("election-interference", "foreign-interference"),
        ("land-reclamation", "maritime-security"),
        ("undersea-cable-sabotage", "critical-infrastructure"),
        ("money-laundering", "transnational-crime"),
    ],
)
def test_narrower_concepts_reach_their_top_concept(onto, narrower, top):
    node = THREAT[narrower]
    while (node, SKOS.broader, None) in onto:
        node = onto.value(node, SKOS.broader)
    assert node == THREAT[top]


def test_roles_and_commitment_types_are_schemes(onto):
    for role in ("member", "partner", "observer", "dialogue-partner"):
        assert (SECID[f"role/{role}"], RDF.type, SEC.Role) in onto
    for kind in (
        "reaffirm",
        "condemn",
        "support",
        "establish",
        "fund",
        "cooperate",
        "call",
        "concern",
    ):
        assert (SECID[f"commitment/{kind}"], RDF.type, SEC.CommitmentType) in onto


def _run_hermit(graph: Graph):
    owlready2 = pytest.importorskip("owlready2")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seckg.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load()
        # raises OwlReadyInconsistentOntologyError when inconsistent
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        return list(world.inconsistent_classes())


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@pytest.mark.slow
@needs_java
def test_ontology_is_consistent_under_hermit(onto):
    assert _run_hermit(onto) == []


@pytest.mark.slow
@needs_java
def test_hermit_check_detects_an_inconsistency(onto):
    """The reasoner test can fail: a state that must not be an actor is caught."""
    owlready2 = pytest.importorskip("owlready2")
    broken = Graph() + onto
    broken.add((SEC.State, OWL.disjointWith, SEC.Actor))
    individual = URIRef("https://w3id.org/seckg/id/state/XXX")
    broken.add((individual, RDF.type, OWL.NamedIndividual))
    broken.add((individual, RDF.type, SEC.State))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _run_hermit(broken)
