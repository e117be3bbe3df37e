"""Networks and their analysis on a small handmade graph whose answers are known by hand.

Forum F1 has members A, B (since 2001) and C (since 2010); forum F2 has members C, D (since
2015). In d1 (2020) F1 commits on ransomware (cyber) and A and B on WMD; in d2 (2023) F2 and D
commit on terrorism and the Joint Counter-Terrorism Centre I1. C is never named in a document.

By hand, per basis:
- stated: A-B (WMD, 1) and F2-D (terrorism and I1, 2); F1 and C have no tie;
- via-forum: A, B, C inherit cyber from F1 and C inherits terrorism and I1 from F2, so A-B
  weighs 2 (cyber and WMD) and is stated (WMD), C-D weighs 2 only via F2, A-C 1 via F1, and C
  brokers between the two groups;
- reference: A-B, A-C, B-C share F1 and C-D shares F2; with only the named actors (not C): A-B.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from conftest import TEST_PREFIXES
from seckg.network import build_network, load_facts
from seckg.network.bipartite import actor_forum_network, forum_initiative_network
from seckg.network.full import full_network
from seckg.network.measures import brokers, centrality, communities
from seckg.network.similarity import forum_forum_network, jaccard
from seckg.network.summary import analyze
from seckg.network.ties import actor_network
from seckg.reference import ontology_graph

SMALL = (
    TEST_PREFIXES
    + """

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
)

X = "https://w3id.org/seckg/id/test/"
CYBER = "https://w3id.org/seckg/id/threat/cyber"
TERRORISM = "https://w3id.org/seckg/id/threat/terrorism"


def _facts(extra: str = "", **window):
    graph = Graph().parse(data=SMALL + extra, format="turtle") + ontology_graph()
    return load_facts(graph, **window)


@pytest.fixture(scope="module")
def facts():
    return _facts()


def _ties(network) -> dict:
    return {
        tuple(sorted((u.removeprefix(X), v.removeprefix(X)))): d
        for u, v, d in network.edges(data=True)
    }


def test_stated_ties_are_only_what_the_documents_say(facts):
    ties = _ties(actor_network(facts, "stated"))
    assert {pair: d["weight"] for pair, d in ties.items()} == {("A", "B"): 1, ("D", "F2"): 2}
    ab = ties[("A", "B")]
    assert ab["basis"] == "stated" and ab["via"] == [] and ab["documents"] == ["d1"]
    assert ab["joint_documents"] == ["d1"] and ab["commitment_types"] == ["support"]
    assert ab["first"] == ab["last"] == "2020-05-01" and ab["corroboration"] == 1
    scores = centrality(actor_network(facts, "stated"))
    assert max(scores, key=lambda n: (scores[n]["weighted_degree"], n)) == X + "F2"


def test_via_forum_ties_say_what_they_are_inherited_through(facts):
    network = actor_network(facts, "via-forum")
    ties = _ties(network)
    assert ties[("A", "B")]["weight"] == 2 and ties[("A", "B")]["basis"] == "stated"
    assert ties[("A", "B")]["concerns"] == [CYBER, "https://w3id.org/seckg/id/threat/wmd"]
    assert ties[("C", "D")]["weight"] == 2 and ties[("C", "D")]["basis"] == "via forum"
    assert ties[("C", "D")]["via"] == [X + "F2"]
    assert ties[("A", "C")]["weight"] == 1 and ties[("A", "C")]["via"] == [X + "F1"]
    assert ("A", "D") not in ties
    groups = communities(network)
    assert groups[X + "A"] == groups[X + "B"] == groups[X + "F1"]
    assert groups[X + "D"] == groups[X + "F2"] != groups[X + "A"]
    scores = centrality(network)
    assert max(scores, key=lambda n: scores[n]["betweenness"]) == X + "C"
    assert brokers(network, groups, scores)[0]["label"] == "C"
    # C is reached only through forums: with --mentioned-only it is not drawn
    assert X + "C" not in actor_network(facts, "via-forum", mentioned=True)


def test_inheritance_follows_membership_at_the_commitment_date():
    # F1 commits again in 2005, before C joined (2010): C does not inherit that one
    late_joiner = _facts(
        """x:c9 a sec:Commitment ; sec:actor x:F1 ; sec:concerns threat:maritime-security ;
        sec:statedIn x:d1 ; sec:commitmentType ct:support ; dcterms:date "2005-01-01"^^xsd:date ."""
    )
    maritime = "https://w3id.org/seckg/id/threat/maritime-security"
    ties = _ties(actor_network(late_joiner, "via-forum"))
    assert maritime in ties[("A", "B")]["concerns"]
    assert maritime not in ties[("A", "C")]["concerns"]


def test_reference_ties_are_shared_forums(facts):
    ties = _ties(actor_network(facts, "reference"))
    assert {pair: d["weight"] for pair, d in ties.items()} == {
        ("A", "B"): 1,
        ("A", "C"): 1,
        ("B", "C"): 1,
        ("C", "D"): 1,
    }
    assert ties[("C", "D")]["forums"] == [X + "F2"] and ties[("C", "D")]["roles"] == [
        "member/member"
    ]
    assert set(_ties(actor_network(facts, "reference", mentioned=True))) == {("A", "B")}


def test_actor_forum_network_is_bipartite_with_roles_and_years(facts):
    network = actor_forum_network(facts)
    assert set(network.neighbors(X + "C")) == {X + "F1", X + "F2"}
    assert network.edges[X + "C", X + "F2"]["since"] == 2015
    assert network.edges[X + "C", X + "F2"]["until"] is None
    assert network.edges[X + "A", X + "F1"]["role"] == "member"
    assert network.edges[X + "A", X + "F1"]["source"] == "reference"


def test_analysis_json_gives_iris_labels_and_lists(facts):
    report = analyze(facts, basis="via-forum", mentioned=False)
    assert report["basis"] == "via-forum"
    tie = report["actors"]["strongest_ties"][0]
    assert set(tie["a"]) == {"iri", "label"} and isinstance(tie["concerns"], list)
    assert all(set(c) == {"iri", "label"} for c in tie["concerns"])
    assert isinstance(tie["documents"], list) and isinstance(tie["via"], list)
    central = report["actors"]["central"][0]
    assert central["iri"].startswith(X) and central["label"]


def test_jaccard_of_a_known_pair():
    assert jaccard({1, 2}, {2, 3}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) is None
    # F1 now commits on cyber and terrorism; F2 on terrorism (and its centre addresses it)
    both = _facts(
        """x:c8 a sec:Commitment ; sec:actor x:F1 ; sec:concerns threat:terrorism ;
        sec:statedIn x:d2 ; sec:commitmentType ct:support ; dcterms:date "2023-05-01"^^xsd:date ."""
    )
    edge = forum_forum_network(both).edges[X + "F1", X + "F2"]
    assert edge["threat_jaccard"] == pytest.approx(1 / 2)
    assert edge["shared_threats"] == [TERRORISM]
    assert edge["member_jaccard"] == pytest.approx(1 / 4)  # {A, B, C} and {C, D}


def test_forums_without_threats_have_no_threat_similarity(facts):
    # F1: cyber, F2: terrorism -> 0; a forum with no commitments at all -> None, not 0
    assert forum_forum_network(facts).edges[X + "F1", X + "F2"]["threat_jaccard"] == 0.0
    lone = _facts(
        """x:F3 a sec:Forum ; rdfs:label "F3" .
        x:m9 a sec:Membership ; org:member x:C ; org:organization x:F3 ; sec:role role:member ."""
    )
    assert forum_forum_network(lone).edges[X + "F1", X + "F3"]["threat_jaccard"] is None


def test_window_restricts_commitments_and_memberships():
    late = _facts(since=2021)
    assert {c.document for c in late.commitments} == {"d2"}
    early = _facts(until=2012)
    assert {(m.member, m.forum) for m in early.memberships} == {
        (X + "A", X + "F1"),
        (X + "B", X + "F1"),
        (X + "C", X + "F1"),
    }


def test_full_network_is_directed_with_meaningful_direction(facts):
    assert forum_initiative_network(facts).has_edge(X + "F2", X + "I1")
    full = full_network(facts)
    assert full.is_directed() and full.is_multigraph()
    kinds = {d["kind"] for _, _, d in full.edges(data=True)}
    assert kinds == {"membership", "commitment", "launched", "addresses"}
    assert full.has_edge(X + "A", X + "F1") and not full.has_edge(X + "F1", X + "A")
    (membership,) = full.get_edge_data(X + "C", X + "F2").values()
    assert membership["spells"] == [(2015, None)] and membership["role"] == "member"
    (commitment,) = full.get_edge_data(X + "F1", CYBER).values()
    assert commitment["since"] == 2020 and commitment["commitment_type"] == "condemn"
    assert commitment["document_count"] == 1
    assert full.has_edge(X + "I1", TERRORISM)


def test_networks_are_the_same_on_every_run(facts):
    again = _facts()
    for name in ("full", "actors", "actor-forum", "forum-forum"):
        one, two = build_network(facts, name), build_network(again, name)
        assert list(one.nodes) == list(two.nodes) and list(one.edges) == list(two.edges)


def test_seed_analysis_says_what_an_analyst_expects(seed_graph):
    report = analyze(load_facts(seed_graph))
    pairs = {
        (p["a"]["label"], p["b"]["label"]): {f["label"]: f["roles"] for f in p["forums"]}
        for p in report["states_sharing_forums"]
    }
    forums = pairs[("Australia", "Japan")]
    assert "Indo-Pacific Four" in forums and "Quadrilateral Security Dialogue" in forums
    assert forums["North Atlantic Treaty Organization"] == "partner/partner"
    focus = {f["forum"]["label"]: f["threats"] for f in report["forum_threat_focus"]}
    assert focus["Group of Seven"][0]["label"] == "Foreign interference"
    # stated: Italy is never named committing, so it is nowhere among the actors
    actors = {a["label"] for c in report["actors"]["communities"] for a in c["members"]}
    assert "Italy" not in actors and "Quadrilateral Security Dialogue" in actors


WIRE_COPIES = """
x:d3 a sec:Document ; dcterms:identifier "d3" ; dcterms:date "2021-01-01"^^xsd:date ;
    dcterms:source <https://wire.example/story> .
x:d4 a sec:Document ; dcterms:identifier "d4" ; dcterms:date "2021-01-02"^^xsd:date ;
    dcterms:source <https://wire.example/story-again> .
x:c4 a sec:Commitment ; sec:actor x:A , x:B ; sec:concerns threat:wmd ; sec:statedIn x:d3 ;
    sec:commitmentType ct:support .
x:c5 a sec:Commitment ; sec:actor x:A , x:B ; sec:concerns threat:wmd ; sec:statedIn x:d4 ;
    sec:commitmentType ct:support .
"""


@pytest.mark.parametrize(
    ("weight", "expected"), [("concerns", 1), ("documents", 3), ("publishers", 2)]
)
def test_ties_can_be_weighted_by_corroboration(weight, expected):
    """A-B is stated in d1 (no known publisher) and in two copies from one wire service:
    one concern, three documents, two independent publishers."""
    network = actor_network(_facts(WIRE_COPIES), "stated", weight=weight)
    assert _ties(network)[("A", "B")]["weight"] == expected
    assert network.graph["weight"] == weight


REPUBLISHED = """
x:d5 a sec:Document ; dcterms:identifier "d5" ; dcterms:date "2021-02-01"^^xsd:date ;
    dcterms:publisher "Ministry of Defence" ; dcterms:source <https://mod.example/a> .
x:d6 a sec:Document ; dcterms:identifier "d6" ; dcterms:date "2021-02-02"^^xsd:date ;
    dcterms:publisher "Daily Times" ; sec:nearDuplicateOf x:d5 .
x:d7 a sec:Document ; dcterms:identifier "d7" ; dcterms:date "2021-02-03"^^xsd:date ;
    dcterms:publisher "ministry of  defence" ; dcterms:source <https://other.example/b> .
x:d8 a sec:Document ; dcterms:identifier "d8" ; dcterms:date "2021-02-04"^^xsd:date .
x:c6 a sec:Commitment ; sec:actor x:C , x:D ; sec:concerns threat:wmd ; sec:statedIn x:d5 ;
    sec:commitmentType ct:support .
x:c7 a sec:Commitment ; sec:actor x:C , x:D ; sec:concerns threat:wmd ; sec:statedIn x:d6 ;
    sec:commitmentType ct:support .
x:c8 a sec:Commitment ; sec:actor x:C , x:D ; sec:concerns threat:wmd ; sec:statedIn x:d7 ;
    sec:commitmentType ct:support .
x:c9 a sec:Commitment ; sec:actor x:C , x:D ; sec:concerns threat:wmd ; sec:statedIn x:d8 ;
    sec:commitmentType ct:support .
"""


def test_a_republished_story_and_one_publisher_count_once():
    """C-D rests on four documents: d6 republishes d5 (another publisher), d7 is by d5's
    publisher (named, whatever its URL), d8 stands alone: two independent sources."""
    network = actor_network(_facts(REPUBLISHED), "stated", weight="publishers")
    tie = _ties(network)[("C", "D")]
    assert tie["document_count"] == 4 and tie["corroboration"] == tie["weight"] == 2


def test_rejected_commitments_make_no_ties():
    rejected = "x:c2 sec:status <https://w3id.org/seckg/id/status/rejected> ."
    ties = _ties(actor_network(_facts(rejected), "stated"))
    assert ("A", "B") not in ties and ("D", "F2") in ties
    graph = Graph().parse(data=SMALL + rejected, format="turtle") + ontology_graph()
    kept = _ties(actor_network(load_facts(graph, include_rejected=True), "stated"))
    assert ("A", "B") in kept


def test_a_tie_keeps_its_joint_commitments_first_as_evidence():
    """A and B each commit alone on WMD eight times (e1..e8) and once together (c2): the tie
    counts all nine, and its evidence (EVIDENCE_PER_TIE of them) starts with the joint one."""
    from seckg.network.ties import EVIDENCE_PER_TIE

    alone = "".join(
        f"x:e{n} a sec:Commitment ; sec:actor x:{'A' if n % 2 else 'B'} ; sec:concerns "
        f'threat:wmd ; sec:statedIn x:d2 ; sec:commitmentType ct:support ; dcterms:date "2023-0'
        f'{n}-01"^^xsd:date .\n'
        for n in range(1, 9)
    )
    tie = _ties(actor_network(_facts(alone), "stated"))[("A", "B")]
    assert tie["commitment_count"] == 9 and len(tie["evidence"]) == EVIDENCE_PER_TIE
    assert tie["evidence"][0] == X + "c2" and tie["joint_documents"] == ["d1"]
    assert tie["documents"] == ["d1", "d2"] and tie["commitment_types"] == ["support"]
    assert (tie["first"], tie["last"]) == ("2020-05-01", "2023-08-01")
