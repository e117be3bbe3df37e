"""Who is tied to whom, and on what basis: the actor-actor networks analysts rank and draw.

Three bases, never mixed without saying so (each edge carries `basis`):

- **stated**: two actors are tied when the documents name each of them as committing on the
  same threat or initiative (a forum named as the actor counts as the forum, not its members);
- **via-forum**: as stated, and the members of a committing forum, as of the commitment's date,
  inherit its commitment; an edge that only exists through such inheritance says so
  (`basis="via forum"`, `via` names the forums);
- **reference**: states tied by the forums they belong to (curated reference rows and
  memberships stated in documents), as of the end of the window.

Every edge says what it rests on: the concerns (IRIs and labels), commitment types, first and
last date, the documents, the number of documents and of independent sources (publishers,
a republished story counted once: corroboration). Lists stay lists; file writers flatten them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from seckg.network import BASES
from seckg.network.facts import (
    MEMBER_ROLES,
    CommitmentFact,
    Facts,
    independent_source,
    mentioned_only,
)

__all__ = ["BASES", "actor_network", "shared_commitment_network", "shared_forum_network"]


@dataclass
class _Participation:
    """An actor's part in the commitments on one concern."""

    commitments: set[str] = field(default_factory=set)
    stated: bool = False  # named itself at least once
    via: set[str] = field(default_factory=set)  # forums it inherited the concern from


def add_node(network: nx.Graph, facts: Facts, iri: str) -> None:
    if iri in network:
        return
    node = facts.nodes.get(iri)
    network.add_node(
        iri,
        label=facts.label(iri),
        type=facts.type_of(iri),
        iso3=node.iso3 if node else "",
        acronym=node.acronym if node else "",
        mentioned=facts.mentioned(iri),
    )


def _participations(facts: Facts, inherit: bool) -> dict[str, dict[str, _Participation]]:
    """concern -> actor -> participation."""
    found: dict[str, dict[str, _Participation]] = defaultdict(lambda: defaultdict(_Participation))
    for commitment in facts.commitments:
        for actor in sorted(commitment.actors):
            for concern in commitment.concerns:
                part = found[concern][actor]
                part.commitments.add(commitment.iri)
                part.stated = True
            if inherit and facts.type_of(actor) == "Forum":
                for member in sorted(facts.members_at(actor, commitment.year)):
                    for concern in commitment.concerns:
                        part = found[concern][member]
                        part.commitments.add(commitment.iri)
                        part.via.add(actor)
    return found


def date_span(commitments: list[CommitmentFact]) -> tuple[str, str]:
    """First and last date of commitments ("" where none is dated)."""
    dates = sorted(c.date for c in commitments if c.date)
    return (dates[0], dates[-1]) if dates else ("", "")


def corroboration(facts: Facts, documents: set[str]) -> int:
    """Independent sources among documents: a republished story (sec:nearDuplicateOf) is its
    first publication, and a publication is its publisher (one source however many documents
    it issues); a document of unknown publisher is a source of its own. `explain` and the
    claim_corroboration query count the same way."""
    return len({source_of(facts, d) for d in documents})


def source_of(facts: Facts, document: str) -> str:
    known = facts.documents.get(document)
    first = facts.documents.get(known.story, known) if known and known.story else known
    if first is None:
        return independent_source("", document)
    return independent_source(first.publisher, first.identifier)


def shared_commitment_network(
    facts: Facts, basis: str = "stated", mentioned: bool = False
) -> nx.Graph:
    """Actors tied by the threats and initiatives they commit on (basis stated or via-forum).

    `weight` is the number of concerns both commit on. With `mentioned`, actors the documents
    never name (members reached only through a forum) are left out.
    """
    if basis not in ("stated", "via-forum"):
        raise ValueError(f"shared commitments have basis stated or via-forum, not {basis!r}")
    by_iri = {c.iri: c for c in facts.commitments}
    participations = _participations(facts, inherit=basis == "via-forum")
    pairs: dict[tuple[str, str], dict[str, tuple[_Participation, _Participation]]] = defaultdict(
        dict
    )
    for concern in sorted(participations):
        actors = participations[concern]
        for a, b in combinations(sorted(actors), 2):
            pairs[(a, b)][concern] = (actors[a], actors[b])
    network = nx.Graph(name=f"shared-commitments ({basis})", basis=basis)
    keep = mentioned_only(facts, {n for pair in pairs for n in pair}) if mentioned else None
    for (a, b), shared in sorted(pairs.items()):
        if keep is not None and not (a in keep and b in keep):
            continue
        commitments = sorted(
            {iri for pa, pb in shared.values() for iri in pa.commitments | pb.commitments}
        )
        records = [by_iri[iri] for iri in commitments]
        documents = sorted({c.document for c in records})
        joint = sorted(
            {
                by_iri[i].document
                for pa, pb in shared.values()
                for i in pa.commitments & pb.commitments
            }
        )
        stated_only = any(pa.stated and pb.stated for pa, pb in shared.values())
        first, last = date_span(records)
        add_node(network, facts, a)
        add_node(network, facts, b)
        network.add_edge(
            a,
            b,
            kind="shared-commitment",
            basis="stated" if stated_only else "via forum",
            weight=len(shared),
            concerns=sorted(shared),
            concern_labels=[facts.label(c) for c in sorted(shared)],
            commitment_types=sorted({c.commitment_type for c in records}),
            via=sorted({f for pa, pb in shared.values() for f in pa.via | pb.via}),
            first=first,
            last=last,
            documents=documents,
            joint_documents=joint,
            document_count=len(documents),
            corroboration=corroboration(facts, set(documents)),
            commitments=commitments,
        )
    return network


def shared_forum_network(facts: Facts, mentioned: bool = False) -> nx.Graph:
    """States tied by the forums both belong to in the window's last year (basis reference).

    `weight` is the number of shared forums; `forums` and `roles` ("member/partner") say which.
    """
    year = facts.reference_year()
    held: dict[str, dict[str, str]] = defaultdict(dict)  # state -> forum -> role
    for m in facts.memberships:
        if facts.type_of(m.member) == "State" and m.held_in(year):
            current = held[m.member].get(m.forum)
            if current is None or (m.role in MEMBER_ROLES and current not in MEMBER_ROLES):
                held[m.member][m.forum] = m.role
    states = sorted(mentioned_only(facts, held) if mentioned else held)
    network = nx.Graph(name="shared-forums (reference)", basis="reference")
    for a, b in combinations(states, 2):
        shared = sorted(set(held[a]) & set(held[b]))
        if not shared:
            continue
        add_node(network, facts, a)
        add_node(network, facts, b)
        network.add_edge(
            a,
            b,
            kind="shared-forum",
            basis="reference",
            weight=len(shared),
            forums=shared,
            forum_labels=[facts.label(f) for f in shared],
            roles=[f"{held[a][f]}/{held[b][f]}" for f in shared],
            year=year,
        )
    return network


WEIGHTS = {
    "concerns": "how many threats and initiatives both commit on",
    "documents": "how many documents state the tie's commitments",
    "publishers": "how many independent sources do (publishers; a republished story once)",
}


def actor_network(
    facts: Facts, basis: str = "stated", mentioned: bool = False, weight: str = "concerns"
) -> nx.Graph:
    """The actor-actor network of a basis (see the module's docstring), its ties weighted by
    shared concerns, or by how well they are corroborated (`weight`, see WEIGHTS): a tie
    two wire copies repeat should not outweigh one two governments state."""
    if basis == "reference":
        if weight != "concerns":
            raise ValueError("ties of the reference basis rest on forums, not on documents")
        return shared_forum_network(facts, mentioned)
    if weight not in WEIGHTS:
        raise ValueError(f"unknown weight {weight!r}; one of {', '.join(WEIGHTS)}")
    network = shared_commitment_network(facts, basis, mentioned)
    attribute = {"documents": "document_count", "publishers": "corroboration"}.get(weight)
    if attribute:
        for _a, _b, data in network.edges(data=True):
            data["weight"] = data[attribute]
    network.graph["weight"] = weight
    return network
