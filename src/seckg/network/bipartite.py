"""Two-mode networks: actors to forums, actors to threats, forums to initiatives."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from seckg.network.facts import Facts, MembershipFact, mentioned_only
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


def threat_profiles(facts: Facts) -> dict[str, dict[str, int]]:
    """For each actor, how many of its commitments concern each top threat (directly or
    through an initiative that addresses it)."""
    profiles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for commitment in facts.commitments:
        threats = facts.threats_of(commitment.concerns)
        for actor in commitment.actors:
            for threat in threats:
                profiles[actor][threat] += 1
    return {actor: dict(profile) for actor, profile in sorted(profiles.items())}


def actor_threat_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """Actors to the top threats they commit on; `weight` counts commitments, `documents`
    and `corroboration` say how many documents and publishers state it."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for commitment in facts.commitments:
        threats = facts.threats_of(commitment.concerns)
        for actor in commitment.actors:
            for threat in threats:
                counts[(actor, threat)] += 1
                documents[(actor, threat)].add(commitment.document)
    keep = mentioned_only(facts, {a for a, _ in counts}) if mentioned else None
    network = nx.Graph(name="actor-threat")
    for (actor, threat), count in sorted(counts.items()):
        if keep is not None and actor not in keep:
            continue
        add_node(network, facts, actor)
        add_node(network, facts, threat)
        docs = documents[(actor, threat)]
        network.add_edge(
            actor,
            threat,
            kind="commits-on",
            weight=count,
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
