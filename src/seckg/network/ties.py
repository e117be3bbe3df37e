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
a republished story counted once: corroboration), the number of commitments and a few of them
as evidence (those naming both actors first). Lists stay lists; file writers flatten them.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np

from seckg.network import BASES
from seckg.network.facts import (
    MEMBER_ROLES,
    CommitmentFact,
    Facts,
    independent_source,
    mentioned_only,
)

__all__ = ["BASES", "actor_network", "shared_commitment_network", "shared_forum_network"]


EVIDENCE_PER_TIE = 6  # commitments kept on a tie to show its evidence: joint ones first


@dataclass
class _Participation:
    """An actor's part in the commitments on one concern. Collected as commitment positions
    (in `facts.commitments`), then held as bit sets over the commitments, documents,
    commitment types and independent sources (see `_Index`): a tie unions and intersects them
    for every concern its two actors share. With Python sets of 10^5 commitments that was the
    slowest step of `analyze` (21 s at 1M triples); with ints it is a few operations in C."""

    positions: array = field(default_factory=lambda: array("I"))
    stated: bool = False  # named itself at least once
    via: set[str] = field(default_factory=set)  # forums it inherited the concern from
    commitments: int = 0
    documents: int = 0
    types: int = 0
    sources: int = 0
    first: int = 0  # rank of the first date (`_Index.dates`); 0: none dated
    last: int = 0

    def finish(self, index: _Index) -> None:
        chosen = np.unique(np.array(self.positions, dtype=np.intp))
        documents = np.unique(index.document_of[chosen])
        self.commitments = _bit_set(chosen)
        self.documents = _bit_set(documents)
        self.types = _bit_set(np.unique(index.type_of[chosen]))
        self.sources = _bit_set(np.unique(index.source_of_document[documents]))
        ranks = index.date_of[chosen]
        ranks = ranks[ranks > 0]
        if ranks.size:
            self.first, self.last = int(ranks.min()), int(ranks.max())
        self.positions = array("I")


def _bit_set(positions: np.ndarray) -> int:
    """The int whose set bits are `positions`."""
    if not positions.size:
        return 0
    flags = np.zeros(int(positions.max()) + 1, dtype=bool)
    flags[positions] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


class _Index:
    """Positions of the documents, commitment types, independent sources and dates of the
    commitments, so participations can hold them as bit sets."""

    def __init__(self, facts: Facts):
        commitments = facts.commitments
        self.documents = sorted({c.document for c in commitments})
        self.types = sorted({c.commitment_type for c in commitments})
        self.dates = ["", *sorted({c.date for c in commitments if c.date})]  # rank 0: undated
        document_index = {d: i for i, d in enumerate(self.documents)}
        type_index = {t: i for i, t in enumerate(self.types)}
        date_index = {d: i for i, d in enumerate(self.dates)}
        source_index: dict[str, int] = {}
        self.source_of_document = np.array(
            [
                source_index.setdefault(source_of(facts, d), len(source_index))
                for d in self.documents
            ],
            dtype=np.intp,
        )
        self.document_of = np.array([document_index[c.document] for c in commitments], np.intp)
        self.type_of = np.array([type_index[c.commitment_type] for c in commitments], np.intp)
        self.date_of = np.array([date_index[c.date or ""] for c in commitments], np.intp)


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


def _participations(
    facts: Facts, inherit: bool, index: _Index, mentioned: bool
) -> dict[str, dict[str, _Participation]]:
    """concern -> actor -> participation; with `mentioned`, of the actors documents name only
    (a forum's members reached through it alone are dropped before anything is paired)."""
    found: dict[str, dict[str, _Participation]] = defaultdict(lambda: defaultdict(_Participation))
    for position, commitment in enumerate(facts.commitments):
        for actor in sorted(commitment.actors):
            for concern in commitment.concerns:
                part = found[concern][actor]
                part.positions.append(position)
                part.stated = True
            if inherit and facts.type_of(actor) == "Forum":
                for member in sorted(facts.members_at(actor, commitment.year)):
                    for concern in commitment.concerns:
                        part = found[concern][member]
                        part.positions.append(position)
                        part.via.add(actor)
    everyone = {actor for actors in found.values() for actor in actors}
    keep = mentioned_only(facts, everyone) if mentioned else everyone
    kept: dict[str, dict[str, _Participation]] = {}
    for concern, actors in found.items():
        kept[concern] = {actor: part for actor, part in actors.items() if actor in keep}
        for part in kept[concern].values():
            part.finish(index)
    return kept


def positions(bits: int) -> list[int]:
    """The positions set in a bit set, in order (numpy unpacks the bytes: a loop over 10^5
    bits in Python would undo what bit sets save)."""
    if not bits:
        return []
    raw = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little")).tolist()


def lowest(bits: int, count: int) -> list[int]:
    """The `count` lowest positions set, without unpacking the whole set."""
    found = []
    while bits and len(found) < count:
        low = bits & -bits
        found.append(low.bit_length() - 1)
        bits ^= low
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
    commitments = facts.commitments
    index = _Index(facts)
    participations = _participations(facts, basis == "via-forum", index, mentioned)
    pairs: dict[tuple[str, str], dict[str, tuple[_Participation, _Participation]]] = defaultdict(
        dict
    )
    for concern in sorted(participations):
        actors = participations[concern]
        for a, b in combinations(sorted(actors), 2):
            pairs[(a, b)][concern] = (actors[a], actors[b])
    network = nx.Graph(name=f"shared-commitments ({basis})", basis=basis)
    for (a, b), shared in sorted(pairs.items()):
        union = joint = documents = types = sources = last = 0
        first = len(index.dates)
        for pa, pb in shared.values():
            union |= pa.commitments | pb.commitments
            joint |= pa.commitments & pb.commitments
            documents |= pa.documents | pb.documents
            types |= pa.types | pb.types
            sources |= pa.sources | pb.sources
            first = min(first, pa.first or first, pb.first or first)
            last = max(last, pa.last, pb.last)
        tie_documents = [index.documents[i] for i in positions(documents)]
        evidence = lowest(joint, EVIDENCE_PER_TIE)
        evidence += lowest(union & ~joint, EVIDENCE_PER_TIE - len(evidence))
        stated_only = any(pa.stated and pb.stated for pa, pb in shared.values())
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
            commitment_types=[index.types[i] for i in positions(types)],
            via=sorted({f for pa, pb in shared.values() for f in pa.via | pb.via}),
            first=index.dates[first] if last else "",
            last=index.dates[last],
            documents=tie_documents,
            joint_documents=sorted({commitments[i].document for i in positions(joint)}),
            document_count=len(tie_documents),
            corroboration=sources.bit_count(),
            commitment_count=union.bit_count(),
            evidence=[commitments[i].iri for i in evidence],
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
