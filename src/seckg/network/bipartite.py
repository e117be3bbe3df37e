"""Two-mode networks: actors to forums, actors to threats, forums to initiatives."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from seckg.network.facts import CommitmentFact, Facts, MembershipFact, mentioned_only
from seckg.network.ties import add_node, corroboration


def _preferred(a: MembershipFact, b: MembershipFact) -> MembershipFact:
    """Of two rows for one member and forum, the reference row (curated, dated) wins."""
    return a if (a.source, a.iri) <= (b.source, b.iri) else b


def actor_forum_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """States and organisations to the forums they belong to (any time in the window).

    Edges carry `role`, `since` and `until` (None when unknown), `source` (reference or
    document) and the stating `documents`; a member held by a reference row and by a document
    keeps the reference row's role and years, and lists the documents too.
    """
    chosen: dict[tuple[str, str], MembershipFact] = {}
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in facts.memberships:
        key = (m.member, m.forum)
        chosen[key] = _preferred(chosen[key], m) if key in chosen else m
        if m.document:
            documents[key].add(m.document)
    keep = mentioned_only(facts, {n for key in chosen for n in key}) if mentioned else None
    network = nx.Graph(name="actor-forum")
    for (member, forum), m in sorted(chosen.items()):
        if keep is not None and not (member in keep and forum in keep):
            continue
        add_node(network, facts, member)
        add_node(network, facts, forum)
        network.add_edge(
            member,
            forum,
            kind="membership",
            role=m.role,
            since=m.since,
            until=m.until,
            source=m.source,
            documents=sorted(documents[(member, forum)]),
            weight=1,
        )
    return network


def _commitments_on_threats(facts: Facts) -> dict[tuple[str, str], list[CommitmentFact]]:
    """(actor, top threat) -> the actor's commitments concerning it, directly or through an
    initiative that addresses it."""
    found: dict[tuple[str, str], list[CommitmentFact]] = defaultdict(list)
    for commitment in facts.commitments:
        threats = facts.threats_of(commitment.concerns)
        for actor in commitment.actors:
            for threat in threats:
                found[(actor, threat)].append(commitment)
    return found


def threat_profiles(facts: Facts) -> dict[str, dict[str, int]]:
    """For each actor, how many of its commitments concern each top threat."""
    profiles: dict[str, dict[str, int]] = defaultdict(dict)
    for (actor, threat), commitments in _commitments_on_threats(facts).items():
        profiles[actor][threat] = len(commitments)
    return {actor: profile for actor, profile in sorted(profiles.items())}


def actor_threat_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """Actors to the top threats they commit on; `weight` counts commitments, `documents`
    and `corroboration` say how many documents and publishers state it."""
    on_threats = _commitments_on_threats(facts)
    keep = mentioned_only(facts, {a for a, _ in on_threats}) if mentioned else None
    network = nx.Graph(name="actor-threat")
    for (actor, threat), commitments in sorted(on_threats.items()):
        if keep is not None and actor not in keep:
            continue
        add_node(network, facts, actor)
        add_node(network, facts, threat)
        docs = {c.document for c in commitments}
        network.add_edge(
            actor,
            threat,
            kind="commits-on",
            weight=len(commitments),
            documents=sorted(docs),
            document_count=len(docs),
            corroboration=corroboration(facts, docs),
        )
    return network


def forum_initiative_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """Forums to the initiatives they launch or run."""
    network = nx.Graph(name="forum-initiative")
    for initiative, forum in sorted(facts.launched_by.items()):
        if mentioned and not facts.mentioned(forum):
            continue
        add_node(network, facts, forum)
        add_node(network, facts, initiative)
        network.add_edge(forum, initiative, kind="launched", weight=1)
    return network
