"""How alike forums are: by the members they share and by the threats they commit on."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from seckg.network.bipartite import threat_profiles
from seckg.network.facts import Facts
from seckg.network.ties import add_node


def jaccard(a: set, b: set) -> float | None:
    """|a & b| / |a | b|; None when both are empty (nothing to compare, not "no overlap")."""
    union = a | b
    return len(a & b) / len(union) if union else None


def forum_threats(facts: Facts) -> dict[str, set[str]]:
    """The top threats each forum commits on itself or addresses through its initiatives."""
    threats: dict[str, set[str]] = defaultdict(set)
    for actor, profile in threat_profiles(facts).items():
        if facts.type_of(actor) == "Forum":
            threats[actor] |= set(profile)
    for initiative, forum in facts.launched_by.items():
        threats[forum] |= facts.addresses.get(initiative, set())
    return dict(threats)


def forum_forum_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """Forums linked by shared members (any role, in the window's last year) and shared threats.

    `member_jaccard` and `threat_jaccard` are Jaccard similarities of the two forums' member
    and threat sets; a forum with no threat on record gets `threat_jaccard` None (written as
    empty), not 0. `weight` (for layout) is the sum of the two that are known.
    """
    year = facts.reference_year()
    members: dict[str, set[str]] = defaultdict(set)
    for m in facts.memberships:
        if m.held_in(year):
            members[m.forum].add(m.member)
    threats = forum_threats(facts)
    forums = sorted(
        iri
        for iri, node in facts.nodes.items()
        if node.type == "Forum"
        and (members.get(iri) or threats.get(iri))
        and (not mentioned or node.mentioned)
    )
    network = nx.Graph(name="forum-forum")
    for a, b in combinations(forums, 2):
        shared = members.get(a, set()) & members.get(b, set())
        threats_a, threats_b = threats.get(a, set()), threats.get(b, set())
        threat_similarity = jaccard(threats_a, threats_b) if threats_a and threats_b else None
        if not shared and not threat_similarity:
            continue
        member_similarity = jaccard(members.get(a, set()), members.get(b, set())) or 0.0
        add_node(network, facts, a)
        add_node(network, facts, b)
        network.add_edge(
            a,
            b,
            kind="forum-similarity",
            shared_members=len(shared),
            member_jaccard=round(member_similarity, 4),
            threat_jaccard=None if threat_similarity is None else round(threat_similarity, 4),
            shared_threats=sorted(threats_a & threats_b),
            weight=round(member_similarity + (threat_similarity or 0.0), 4),
        )
    return network
