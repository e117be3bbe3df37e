"""Applying the curation file to a built graph: a status for every fact, and the orphans.

Run at the end of every build, file or store. Each extracted or asserted fact gets one
`sec:status`: the latest decision about it, else candidate. A decision whose fact is no longer
extracted (its document changed or went), or whose fact now rests on another sentence than the
one the analyst read, is not applied and is reported as orphaned, so no decision is lost in
silence and none is applied to a fact nobody looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Graph, URIRef

from seckg.curation.decisions import CurationFile, Decision
from seckg.namespaces import SEC, SECID, STATUS

CURATION_GRAPH = SECID["graph/curation"]

_FACTS = f"""
SELECT ?fact ?evidence WHERE {{
  GRAPH ?graph {{ ?fact a ?kind . OPTIONAL {{ ?fact <{SEC.evidence}> ?evidence }} }}
  VALUES ?kind {{ <{SEC.Commitment}> <{SEC.Membership}> }}
  FILTER (?graph != <{CURATION_GRAPH}>)
}}"""


@dataclass(frozen=True)
class Orphan:
    decision: Decision
    why: str

    def as_dict(self) -> dict:
        return {
            "fact": str(self.decision.fact),
            "decision": self.decision.status,
            "by": self.decision.by,
            "at": self.decision.at,
            "why": self.why,
        }


@dataclass
class Applied:
    """What applying the curation did: the triples to add, and what could not be applied."""

    graph: Graph
    applied: list[Decision] = field(default_factory=list)
    orphaned: list[Orphan] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def as_dict(self, location: str) -> dict:
        return {
            "file": location,
            "applied": len(self.applied),
            "orphaned": [orphan.as_dict() for orphan in self.orphaned],
            "statuses": self.statuses,
        }


def facts_of_graph(graph: Graph) -> dict[URIRef, str | None]:
    """Fact IRI -> its evidence sentence, in an in-memory graph."""
    facts: dict[URIRef, str | None] = {}
    for kind in (SEC.Commitment, SEC.Membership):
        for fact in graph.subjects(RDF.type, kind):
            if isinstance(fact, URIRef):
                evidence = graph.value(fact, SEC.evidence)
                facts[fact] = str(evidence) if evidence is not None else None
    return facts


def facts_of_store(store) -> dict[URIRef, str | None]:
    """The same for a store's named graphs, leaving out the curation graph of the last build."""
    facts: dict[URIRef, str | None] = {}
    for row in store.query(_FACTS):
        fact, evidence = row[0], row[1]
        if isinstance(fact, URIRef):
            facts[fact] = str(evidence) if evidence is not None else facts.get(fact)
    return facts


def resolve(curation: CurationFile, facts: dict[URIRef, str | None]) -> Applied:
    """The curation triples (the file's own and one status per fact) for these facts.

    `facts` are the built graph's; the file's additions join them. Reference memberships
    (no evidence sentence) get a status only when someone decided about them.
    """
    from seckg.graph import evidence_digest

    every = dict(facts)
    for fact in curation.additions():
        evidence = curation.graph.value(fact, SEC.evidence)
        every[fact] = str(evidence) if evidence is not None else None
    outcome = Applied(graph=Graph())
    outcome.graph += curation.graph
    decided: dict[URIRef, str] = {}
    for fact, decision in curation.latest().items():
        if fact not in every:
            outcome.orphaned.append(Orphan(decision, "no longer extracted from any document"))
            continue
        evidence = every[fact]
        if (
            decision.digest
            and evidence is not None
            and evidence_digest(evidence) != decision.digest
        ):
            outcome.orphaned.append(Orphan(decision, "its evidence sentence changed since"))
            continue
        decided[fact] = decision.status
        outcome.applied.append(decision)
    counts = {"candidate": 0, "confirmed": 0, "rejected": 0}
    for fact, evidence in sorted(every.items()):
        status = decided.get(fact)
        if status is None:
            if evidence is None:
                continue  # a reference row nobody decided about
            status = "candidate"
        counts[status] += 1
        outcome.graph.add((fact, SEC.status, STATUS[status]))
    outcome.statuses = counts
    return outcome


def apply_to_graph(graph: Graph, curation: CurationFile) -> Applied:
    """Add the curation (decisions, additions, statuses) to a graph built in memory."""
    outcome = resolve(curation, facts_of_graph(graph))
    graph += outcome.graph
    return outcome


def apply_to_store(store, curation: CurationFile) -> Applied:
    """Put the curation in the store's curation graph, in place of the last build's."""
    from seckg.graph import ntriples

    outcome = resolve(curation, facts_of_store(store))
    store.replace_graphs({CURATION_GRAPH: ntriples(outcome.graph)})
    return outcome
