"""Networks of cooperation, projected from the RDF graph with SPARQL, built with networkx.

Raw RDF is never handed to networkx (every triple would become an edge, literals too): the
facts are first selected (`load_facts`), then each network is built from them. Node keys are
IRIs; every node carries `label` and `type` (State, Forum, Initiative, Threat) and plain
str/int/float attributes only, so the GEXF and GraphML writers accept them.

Examples
--------
>>> from seckg.build import build_graph
>>> facts = load_facts(build_graph().graph)
>>> network = shared_commitment_network(facts)
>>> network.number_of_nodes() > 0
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from rdflib import Graph

from seckg.namespaces import SECID
from seckg.query import Target, select_rows, target_of_graph

THREAT_PREFIX = str(SECID) + "threat/"


class _Row:
    """A result row whose variables read as attributes (unbound ones as None)."""

    def __init__(self, values: dict):
        self._values = values

    def __getattr__(self, name: str):
        return self._values.get(name)


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    type: str  # State | Forum | Initiative | Threat
    iso3: str = ""
    acronym: str = ""


@dataclass(frozen=True)
class MembershipFact:
    member: str
    forum: str
    role: str
    since: int | None
    until: int | None


@dataclass(frozen=True)
class CommitmentFact:
    iri: str
    actors: frozenset[str]
    concerns: frozenset[str]  # top threat IRIs and initiative IRIs
    document: str
    year: int | None
    commitment_type: str


@dataclass
class Facts:
    nodes: dict[str, Node] = field(default_factory=dict)
    memberships: list[MembershipFact] = field(default_factory=list)
    commitments: list[CommitmentFact] = field(default_factory=list)
    launched_by: dict[str, str] = field(default_factory=dict)  # initiative -> forum
    addresses: dict[str, set[str]] = field(default_factory=dict)  # initiative -> top threats

    def label(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.label if node else iri.rsplit("/", 1)[-1]


def _year(value) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


_NODES = """
SELECT ?node ?type (SAMPLE(?l) AS ?label) (SAMPLE(?code) AS ?iso3) (SAMPLE(?acr) AS ?acronym)
WHERE {
  { ?node a sec:State . BIND("State" AS ?type) }
  UNION { ?node a sec:Forum . BIND("Forum" AS ?type) }
  UNION { ?node a sec:Initiative . BIND("Initiative" AS ?type) }
  UNION { ?node skos:topConceptOf secid:threats . BIND("Threat" AS ?type) }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?l }
  OPTIONAL { ?node sec:iso3 ?code }
  OPTIONAL { ?node sec:acronym ?acr }
} GROUP BY ?node ?type"""

_MEMBERSHIPS = """
SELECT DISTINCT ?member ?forum ?role ?since ?until WHERE {
  ?m a sec:Membership ; org:member ?member ; org:organization ?forum ; sec:role ?r .
  ?r skos:prefLabel ?role .
  OPTIONAL { ?m sec:since ?since } OPTIONAL { ?m sec:until ?until }
}"""

_COMMITMENTS = """
SELECT ?c ?actor ?concern ?top ?doc ?date ?type WHERE {
  ?c a sec:Commitment ; sec:actor ?actor ; sec:concerns ?concern ; sec:statedIn ?d ;
     sec:commitmentType/skos:prefLabel ?type .
  ?d dcterms:identifier ?doc .
  OPTIONAL { ?c dcterms:date ?date }
  OPTIONAL { ?concern skos:broader* ?top . ?top skos:topConceptOf secid:threats }
}"""

_INITIATIVES = """
SELECT ?initiative ?forum ?top WHERE {
  ?initiative a sec:Initiative .
  OPTIONAL { ?initiative sec:launchedBy ?forum }
  OPTIONAL { ?initiative sec:addresses/skos:broader* ?top . ?top skos:topConceptOf secid:threats }
}"""


def load_facts(graph: Graph | Target, since: int | None = None, until: int | None = None) -> Facts:
    """The facts the networks are made of, restricted to the years [since, until] if given.

    Memberships count when they overlap the window; commitments when their document's year
    falls in it (undated commitments are kept only without a window). The SELECTs run in
    Oxigraph: a graph in memory is copied there first.
    """
    target = target_of_graph(graph) if isinstance(graph, Graph) else graph

    def select(text: str) -> list[_Row]:
        return [_Row(row) for row in select_rows(target, text)]

    facts = Facts()
    for row in select(_NODES):
        iri = str(row.node)
        facts.nodes[iri] = Node(
            iri,
            str(row.label or iri.rsplit("/", 1)[-1]),
            str(row.type),
            str(row.iso3 or ""),
            str(row.acronym or ""),
        )
    for row in select(_MEMBERSHIPS):
        start, end = _year(row.since), _year(row.until)
        if until is not None and start is not None and start > until:
            continue
        if since is not None and end is not None and end < since:
            continue
        facts.memberships.append(
            MembershipFact(str(row.member), str(row.forum), str(row.role), start, end)
        )
    grouped: dict[str, dict] = {}
    for row in select(_COMMITMENTS):
        entry = grouped.setdefault(
            str(row.c),
            {
                "actors": set(),
                "concerns": set(),
                "doc": str(row.doc),
                "year": _year(row.date),
                "type": str(row.type),
            },
        )
        entry["actors"].add(str(row.actor))
        concern = str(row.top) if row.top is not None else str(row.concern)
        if row.top is not None or not str(row.concern).startswith(THREAT_PREFIX):
            entry["concerns"].add(concern)
    for iri, entry in sorted(grouped.items()):
        year = entry["year"]
        if (since is not None or until is not None) and year is None:
            continue
        if (since is not None and year < since) or (until is not None and year > until):
            continue
        facts.commitments.append(
            CommitmentFact(
                iri,
                frozenset(entry["actors"]),
                frozenset(entry["concerns"]),
                entry["doc"],
                year,
                entry["type"],
            )
        )
    for row in select(_INITIATIVES):
        initiative = str(row.initiative)
        if row.forum is not None:
            facts.launched_by[initiative] = str(row.forum)
        if row.top is not None:
            facts.addresses.setdefault(initiative, set()).add(str(row.top))
    return facts


def _add_node(network: nx.Graph, facts: Facts, iri: str) -> None:
    if iri in network:
        return
    node = facts.nodes.get(iri) or Node(iri, iri.rsplit("/", 1)[-1], "Actor")
    network.add_node(iri, label=node.label, type=node.type, iso3=node.iso3, acronym=node.acronym)


# --------------------------------------------------------------------------- networks


def actor_forum_network(facts: Facts) -> nx.Graph:
    """Bipartite: states and organisations to the forums they belong to.

    Edges carry `role`, `since` and `until` (0 when unknown) and `kind="membership"`; a member
    with two roles in one forum (a stated and a reference membership) keeps the reference one.
    """
    network = nx.Graph(name="actor-forum")
    for m in facts.memberships:
        _add_node(network, facts, m.member)
        _add_node(network, facts, m.forum)
        if network.has_edge(m.member, m.forum):
            continue
        network.add_edge(
            m.member,
            m.forum,
            kind="membership",
            role=m.role,
            since=m.since or 0,
            until=m.until or 0,
            weight=1,
        )
    return network


def _members_at(facts: Facts, forum: str, year: int | None) -> set[str]:
    return {
        m.member
        for m in facts.memberships
        if m.forum == forum
        and m.role in ("member", "permanent member", "elected member")
        and (
            m.until is None
            if year is None
            else (m.since or 0) <= year and (m.until is None or year <= m.until)
        )
    }


def shared_commitment_network(facts: Facts) -> nx.Graph:
    """Actors linked when they commit to the same threat or initiative.

    An actor commits directly (named as a commitment's actor) or as a member of a forum that
    commits (at the commitment's date). Edge `weight` is the number of threats and initiatives
    both committed to; `concerns`, `via` ("direct" or the forums through which) and
    `documents` list what the link rests on (as "; "-joined strings, for GEXF).
    """
    participants: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    documents: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for commitment in facts.commitments:
        for actor in commitment.actors:
            reached = {actor: "direct"}
            if facts.nodes.get(actor, Node(actor, "", "")).type == "Forum":
                for member in _members_at(facts, actor, commitment.year):
                    reached.setdefault(member, facts.label(actor))
            for who, via in reached.items():
                for concern in commitment.concerns:
                    participants[concern][who].add(via)
                    documents[concern][who].add(commitment.document)
    network = nx.Graph(name="shared-commitments")
    pair_concerns: dict[tuple[str, str], set[str]] = defaultdict(set)
    pair_via: dict[tuple[str, str], set[str]] = defaultdict(set)
    pair_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for concern, actors in participants.items():
        for a, b in combinations(sorted(actors), 2):
            pair_concerns[(a, b)].add(concern)
            pair_via[(a, b)] |= actors[a] | actors[b]
            pair_docs[(a, b)] |= documents[concern][a] & documents[concern][b] or (
                documents[concern][a] | documents[concern][b]
            )
    for (a, b), concerns in pair_concerns.items():
        _add_node(network, facts, a)
        _add_node(network, facts, b)
        network.add_edge(
            a,
            b,
            kind="shared-commitment",
            weight=len(concerns),
            concerns="; ".join(sorted(facts.label(c) for c in concerns)),
            via="; ".join(sorted(pair_via[(a, b)])),
            documents="; ".join(sorted(pair_docs[(a, b)])),
        )
    return network


def threat_profiles(facts: Facts) -> dict[str, dict[str, int]]:
    """For each actor, how many commitments it made on each top threat."""
    profiles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for commitment in facts.commitments:
        threats = {c for c in commitment.concerns if c.startswith(THREAT_PREFIX)}
        for concern in commitment.concerns - threats:
            threats |= facts.addresses.get(concern, set())
        for actor in commitment.actors:
            for threat in threats:
                profiles[actor][threat] += 1
    return profiles


def forum_forum_network(facts: Facts) -> nx.Graph:
    """Forums linked by shared members and by shared threats.

    `shared_members` counts current members in common (any role); `threat_jaccard` is the
    Jaccard similarity of the sets of threats each forum committed on. `weight` is their sum
    of normalised parts (shared-member Jaccard + threat Jaccard), for layout.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for m in facts.memberships:
        if m.until is None:
            members[m.forum].add(m.member)
    profiles = threat_profiles(facts)
    forums = sorted(
        iri
        for iri, n in facts.nodes.items()
        if n.type == "Forum" and (members.get(iri) or profiles.get(iri))
    )
    network = nx.Graph(name="forum-forum")
    for a, b in combinations(forums, 2):
        shared = members[a] & members[b]
        threats_a, threats_b = set(profiles.get(a, {})), set(profiles.get(b, {}))
        union = threats_a | threats_b
        threat_jaccard = len(threats_a & threats_b) / len(union) if union else 0.0
        if not shared and not threat_jaccard:
            continue
        member_union = members[a] | members[b]
        member_jaccard = len(shared) / len(member_union) if member_union else 0.0
        _add_node(network, facts, a)
        _add_node(network, facts, b)
        network.add_edge(
            a,
            b,
            kind="forum-similarity",
            shared_members=len(shared),
            member_jaccard=round(member_jaccard, 4),
            threat_jaccard=round(threat_jaccard, 4),
            weight=round(member_jaccard + threat_jaccard, 4),
        )
    return network


def actor_threat_network(facts: Facts) -> nx.Graph:
    """Bipartite: actors to the top threats they committed on, weighted by commitments."""
    network = nx.Graph(name="actor-threat")
    for actor, profile in threat_profiles(facts).items():
        for threat, count in profile.items():
            _add_node(network, facts, actor)
            _add_node(network, facts, threat)
            network.add_edge(actor, threat, kind="commits-on", weight=count)
    return network


def forum_initiative_network(facts: Facts) -> nx.Graph:
    """Bipartite: forums to the initiatives they launch or run."""
    network = nx.Graph(name="forum-initiative")
    for initiative, forum in facts.launched_by.items():
        _add_node(network, facts, forum)
        _add_node(network, facts, initiative)
        network.add_edge(forum, initiative, kind="launched", weight=1)
    return network


def full_network(facts: Facts) -> nx.Graph:
    """Actors, forums, threats and initiatives together: memberships, commitments, launches.

    Memberships keep their years as `start`/`end` (for a dynamic GEXF); commitment edges get the
    year of their first document.
    """
    network = nx.Graph(name="cooperation")
    for u, v, data in actor_forum_network(facts).edges(data=True):
        for n in (u, v):
            _add_node(network, facts, n)
        network.add_edge(u, v, **data)
    first_year: dict[tuple[str, str], int | None] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for commitment in facts.commitments:
        for actor in commitment.actors:
            for concern in commitment.concerns:
                key = (actor, concern)
                counts[key] += 1
                years = [y for y in (first_year.get(key), commitment.year) if y]
                first_year[key] = min(years) if years else None
    for (actor, concern), count in counts.items():
        _add_node(network, facts, actor)
        _add_node(network, facts, concern)
        network.add_edge(
            actor,
            concern,
            kind="commits-on",
            weight=count,
            since=first_year[(actor, concern)] or 0,
            until=0,
        )
    for u, v, data in forum_initiative_network(facts).edges(data=True):
        for n in (u, v):
            _add_node(network, facts, n)
        network.add_edge(u, v, **data)
    for initiative, threats in facts.addresses.items():
        for threat in threats:
            _add_node(network, facts, initiative)
            _add_node(network, facts, threat)
            network.add_edge(initiative, threat, kind="addresses", weight=1)
    return network


NETWORKS = {
    "full": full_network,
    "shared-commitments": shared_commitment_network,
    "actor-forum": actor_forum_network,
    "forum-forum": forum_forum_network,
    "actor-threat": actor_threat_network,
    "forum-initiative": forum_initiative_network,
}
