"""Networks and their analysis on a small handmade graph whose answers are known by hand.

Forum F1 has members A, B, C; forum F2 has members C, D. F1 commits on cyber, A and B each
commit on WMD, F2 and D commit on terrorism. So A and B share most (cyber and WMD), C sits in
both groups and brokers between them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from seckg.analysis import analyze, brokers, centrality, communities
from seckg.network import (
    actor_forum_network,
    forum_forum_network,
    forum_initiative_network,
    full_network,
    load_facts,
    shared_commitment_network,
)
from seckg.reference import ontology_graph

SMALL = """
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://w3id.org/seckg/id/test/> .
@prefix role: <https://w3id.org/seckg/id/role/> .
@prefix ct: <https://w3id.org/seckg/id/commitment/> .
@prefix threat: <https://w3id.org/seckg/id/threat/> .

x:F1 a sec:Forum ; rdfs:label "F1" .
x:F2 a sec:Forum ; rdfs:label "F2" .
x:A a sec:State ; rdfs:label "A" ; sec:iso3 "AAA" .
x:B a sec:State ; rdfs:label "B" ; sec:iso3 "BBB" .
x:C a sec:State ; rdfs:label "C" ; sec:iso3 "CCC" .
x:D a sec:State ; rdfs:label "D" ; sec:iso3 "DDD" .
x:m1 a sec:Membership ; org:member x:A ; org:organization x:F1 ; sec:role role:member ;
    sec:since "2001"^^xsd:gYear .
x:m2 a sec:Membership ; org:member x:B ; org:organization x:F1 ; sec:role role:member ;
    sec:since "2001"^^xsd:gYear .
x:m3 a sec:Membership ; org:member x:C ; org:organization x:F1 ; sec:role role:member ;
    sec:since "2010"^^xsd:gYear .
x:m4 a sec:Membership ; org:member x:C ; org:organization x:F2 ; sec:role role:member ;
    sec:since "2015"^^xsd:gYear .
x:m5 a sec:Membership ; org:member x:D ; org:organization x:F2 ; sec:role role:member ;
    sec:since "2015"^^xsd:gYear .
x:d1 a sec:Document ; dcterms:identifier "d1" ; dcterms:date "2020-05-01"^^xsd:date .
x:d2 a sec:Document ; dcterms:identifier "d2" ; dcterms:date "2023-05-01"^^xsd:date .
x:c1 a sec:Commitment ; sec:actor x:F1 ; sec:concerns threat:ransomware ; sec:statedIn x:d1 ;
    sec:commitmentType ct:condemn ; dcterms:date "2020-05-01"^^xsd:date .
x:c2 a sec:Commitment ; sec:actor x:A , x:B ; sec:concerns threat:wmd ; sec:statedIn x:d1 ;
    sec:commitmentType ct:support ; dcterms:date "2020-05-01"^^xsd:date .
x:c3 a sec:Commitment ; sec:actor x:F2 , x:D ; sec:concerns threat:terrorism , x:I1 ;
    sec:statedIn x:d2 ; sec:commitmentType ct:cooperate ; dcterms:date "2023-05-01"^^xsd:date .
x:I1 a sec:Initiative ; rdfs:label "Joint Counter-Terrorism Centre" ; sec:launchedBy x:F2 ;
    sec:addresses threat:terrorism .
"""
X = "https://w3id.org/seckg/id/test/"


@pytest.fixture(scope="module")
def facts():
    return load_facts(Graph().parse(data=SMALL, format="turtle") + ontology_graph())


def test_actor_forum_network_is_bipartite_with_roles_and_years(facts):
    network = actor_forum_network(facts)
    assert set(network.neighbors(X + "C")) == {X + "F1", X + "F2"}
    assert network.edges[X + "C", X + "F2"]["since"] == 2015
    assert network.edges[X + "A", X + "F1"]["role"] == "member"


def test_shared_commitments_through_forums(facts):
    network = shared_commitment_network(facts)
    ab = network.edges[X + "A", X + "B"]
    assert ab["weight"] == 2  # cyber (via F1) and WMD (direct)
    assert "Cyber threats" in ab["concerns"] and "direct" in ab["via"] and "F1" in ab["via"]
    assert ab["documents"] == "d1"
    assert network.edges[X + "C", X + "D"]["weight"] == 2  # terrorism and the centre, via F2
    assert not network.has_edge(X + "A", X + "D")


def test_pair_sharing_most(facts):
    report = analyze(facts)
    pairs = report["shared_commitments"]["strongest_pairs"]
    assert max(p["weight"] for p in pairs) == 2
    ab = next(p for p in pairs if {p["a"], p["b"]} == {"A", "B"})
    assert (
        ab["weight"] == 2
        and ab["shares"] == "Cyber threats; Weapons of mass destruction and proliferation"
    )


def test_community_split_and_broker(facts):
    network = shared_commitment_network(facts)
    groups = communities(network)
    assert groups[X + "A"] == groups[X + "B"] == groups[X + "F1"]
    assert groups[X + "D"] == groups[X + "F2"]
    assert groups[X + "A"] != groups[X + "D"]
    scores = centrality(network)
    assert max(scores, key=lambda n: scores[n]["betweenness"]) == X + "C"
    assert brokers(network, groups, scores)[0]["label"] == "C"


def test_forum_forum_similarity(facts):
    edge = forum_forum_network(facts).edges[X + "F1", X + "F2"]
    assert edge["shared_members"] == 1
    assert edge["member_jaccard"] == pytest.approx(1 / 4)
    assert edge["threat_jaccard"] == 0.0  # F1: cyber; F2: terrorism


def test_window_restricts_commitments_and_memberships(facts):
    graph = Graph().parse(data=SMALL, format="turtle") + ontology_graph()
    late = load_facts(graph, since=2021)
    assert {c.document for c in late.commitments} == {"d2"}
    early = load_facts(graph, until=2012)
    assert {(m.member, m.forum) for m in early.memberships} == {
        (X + "A", X + "F1"),
        (X + "B", X + "F1"),
        (X + "C", X + "F1"),
    }


def test_forum_initiative_and_full_network(facts):
    assert forum_initiative_network(facts).has_edge(X + "F2", X + "I1")
    full = full_network(facts)
    kinds = {d["kind"] for _, _, d in full.edges(data=True)}
    assert kinds == {"membership", "commits-on", "launched", "addresses"}
    assert full.edges[X + "F1", "https://w3id.org/seckg/id/threat/cyber"]["since"] == 2020


def test_seed_analysis_says_what_an_analyst_expects(seed_graph):
    report = analyze(load_facts(seed_graph))
    pairs = {(p["a"], p["b"]): p["forums"] for p in report["states_sharing_forums"]}
    forums = pairs[("Australia", "Japan")]
    assert "Indo-Pacific Four" in forums and "Quadrilateral Security Dialogue" in forums
    assert "North Atlantic Treaty Organization (partner/partner)" in forums
    focus = {f["forum"]: f["threats"] for f in report["forum_threat_focus"]}
    assert focus["Group of Seven"].startswith("Foreign interference")
