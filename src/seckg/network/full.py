"""Everything together as one directed multigraph, for Gephi: direction means something.

- member -> forum (`kind="membership"`): one edge per member, forum and source (reference row or
  document), with the years it was held as `spells` and the role over time as `role_spells`
  (so Gephi's timeline shows an elected term ending and a partner becoming a member);
- actor -> concern (`kind="commitment"`): one edge per actor, concern and commitment type, with
  the number of commitments (in all and per year, `yearly_commitments`), first and last date,
  documents and corroboration;
- forum -> initiative (`kind="launched"`) and initiative -> threat (`kind="addresses"`).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from seckg.network.facts import CommitmentFact, Facts, MembershipFact, mentioned_only
from seckg.network.ties import add_node, corroboration, date_span


def _membership_edges(network: nx.MultiDiGraph, facts: Facts, keep: set[str] | None) -> None:
    rows: dict[tuple[str, str, str], list[MembershipFact]] = defaultdict(list)
    for m in facts.memberships:
        rows[(m.member, m.forum, m.source)].append(m)
    for (member, forum, source), held in sorted(rows.items()):
        if keep is not None and not (member in keep and forum in keep):
            continue
        held.sort(key=lambda m: (m.since or 0, m.until or 0, m.role))
        add_node(network, facts, member)
        add_node(network, facts, forum)
        network.add_edge(
            member,
            forum,
            key=f"membership/{source}",
            kind="membership",
            source=source,
            role=held[-1].role,  # the latest
            role_spells=[(m.role, m.since, m.until) for m in held],
            spells=[(m.since, m.until) for m in held],
            since=min((m.since for m in held if m.since is not None), default=None),
            until=None if any(m.until is None for m in held) else max(m.until for m in held),
            documents=sorted({m.document for m in held if m.document}),
            weight=1,
        )


def _commitment_edges(network: nx.MultiDiGraph, facts: Facts, keep: set[str] | None) -> None:
    grouped: dict[tuple[str, str, str], list[CommitmentFact]] = defaultdict(list)
    for commitment in facts.commitments:
        for actor in commitment.actors:
            for concern in commitment.concerns:
                grouped[(actor, concern, commitment.commitment_type)].append(commitment)
    for (actor, concern, commitment_type), commitments in sorted(grouped.items()):
        if keep is not None and actor not in keep:
            continue
        first, last = date_span(commitments)
        documents = {c.document for c in commitments}
        add_node(network, facts, actor)
        add_node(network, facts, concern)
        network.add_edge(
            actor,
            concern,
            key=f"commitment/{commitment_type}",
            kind="commitment",
            commitment_type=commitment_type,
            weight=len(commitments),
            first=first,
            last=last,
            since=int(first[:4]) if first else None,
            documents=sorted(documents),
            document_count=len(documents),
            corroboration=corroboration(facts, documents),
            commitments=sorted(c.iri for c in commitments),
            yearly_commitments=sorted(Counter(c.year for c in commitments if c.year).items()),
        )


def full_network(facts: Facts, mentioned: bool = False) -> nx.MultiDiGraph:
    """Actors, forums, threats and initiatives with memberships, commitments and launches."""
    network = nx.MultiDiGraph(name="cooperation")
    everything = set(facts.nodes) | {m.member for m in facts.memberships}
    keep = mentioned_only(facts, everything) if mentioned else None
    _membership_edges(network, facts, keep)
    _commitment_edges(network, facts, keep)
    for initiative, forum in sorted(facts.launched_by.items()):
        if keep is not None and forum not in keep:
            continue
        add_node(network, facts, forum)
        add_node(network, facts, initiative)
        network.add_edge(forum, initiative, key="launched", kind="launched", weight=1)
    for initiative, threats in sorted(facts.addresses.items()):
        for threat in sorted(threats):
            add_node(network, facts, initiative)
            add_node(network, facts, threat)
            network.add_edge(initiative, threat, key="addresses", kind="addresses", weight=1)
    return network
