"""The curation file: analysts' decisions and additions, as Turtle a person can read and diff.

One file per workspace (`curation.ttl` by default) holds every decision (`sec:Curation`: which
fact, confirmed or rejected, who, when, why, and the digest of the sentence it was taken on)
and every fact an analyst asserted (a commitment or membership with its source and note). It is
written only by `seckg curate` (atomically, sorted, so a diff shows what changed) and read by
every build, which applies it (`seckg.curation.apply`).
"""

from __future__ import annotations

import getpass
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from seckg.errors import InputError
from seckg.namespaces import ORG, PROV, ROLE, SEC, SECID, STATUS, bind_prefixes

DEFAULT_FILE = "curation.ttl"
DECISIONS = ("confirmed", "rejected")

_HEADER = """\
# seckg curation: analysts' decisions about facts, and facts analysts asserted.
# Written by `seckg curate` (reject, confirm, add); applied by every `seckg build`.
# Each sec:Curation names its fact by IRI, with who, when, why and the sentence's digest.
"""


def default_path() -> Path:
    """Where the workspace's decisions live unless --curation says otherwise."""
    return Path(os.environ.get("SECKG_CURATION", DEFAULT_FILE))


def current_analyst() -> str:
    """Who is deciding: $SECKG_ANALYST, else the login name."""
    name = os.environ.get("SECKG_ANALYST")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "analyst"


def analyst_iri(name: str) -> URIRef:
    slug = "".join(c if c.isalnum() or c in "-._" else "-" for c in name.strip().lower())
    return SECID[f"analyst/{slug or 'analyst'}"]


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Decision:
    """One analyst's verdict on one fact."""

    iri: URIRef
    fact: URIRef
    status: str  # "confirmed" or "rejected"
    reason: str
    by: str
    at: str  # ISO 8601, UTC
    digest: str | None  # of the evidence sentence the analyst saw; None for reference rows


class CurationFile:
    """The decisions and additions of one workspace, read from and written to Turtle."""

    def __init__(self, path: Path, graph: Graph | None = None):
        self.path = path
        self.graph = graph if graph is not None else Graph()
        bind_prefixes(self.graph)

    @classmethod
    def load(cls, path: Path, must_exist: bool = False) -> CurationFile:
        """The file's decisions; none when it does not exist yet (unless `must_exist`)."""
        from seckg.store import load_graph

        if not path.exists():
            if must_exist:
                raise InputError(f"{path}: no such curation file")
            return cls(path)
        return cls(path, load_graph(path))

    def __bool__(self) -> bool:
        return len(self.graph) > 0

    # ------------------------------------------------------------------ reading

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first (the latest about a fact is the one that counts)."""
        found = []
        for node in self.graph.subjects(RDF.type, SEC.Curation):
            fact = self.graph.value(node, SEC.curates)
            status = self.graph.value(node, SEC.decision)
            if not isinstance(fact, URIRef) or status is None:
                raise InputError(f"{self.path}: decision {node} needs sec:curates and sec:decision")
            agent = self.graph.value(node, PROV.wasAssociatedWith)
            by = self.graph.value(agent, RDFS.label) if agent is not None else None
            digest = self.graph.value(node, SEC.evidenceDigest)
            found.append(
                Decision(
                    iri=node,
                    fact=fact,
                    status=str(status).removeprefix(str(STATUS)),
                    reason=str(self.graph.value(node, RDFS.comment) or ""),
                    by=str(by or agent or ""),
                    at=str(self.graph.value(node, PROV.endedAtTime) or ""),
                    digest=str(digest) if digest is not None else None,
                )
            )
        return sorted(found, key=lambda d: (d.at, str(d.iri)))

    def latest(self) -> dict[URIRef, Decision]:
        """The decision that counts for each fact: the most recent."""
        return {decision.fact: decision for decision in self.decisions()}

    def additions(self) -> list[URIRef]:
        """Facts an analyst asserted (they live in this file)."""
        found = set()
        for kind in (SEC.Commitment, SEC.Membership):
            found.update(s for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef))
        return sorted(found)

    # ------------------------------------------------------------------ writing

    def decide(
        self,
        fact: URIRef,
        status: str,
        reason: str,
        digest: str | None,
        by: str | None = None,
        at: str | None = None,
    ) -> Decision:
        """Record a verdict (it does not replace earlier ones: the history stays readable)."""
        if status not in DECISIONS:
            raise InputError(f"unknown decision {status!r} (one of {', '.join(DECISIONS)})")
        by = by or current_analyst()
        at = at or now()
        serial = len(list(self.graph.subjects(RDF.type, SEC.Curation))) + 1
        stamp = at.replace("-", "").replace(":", "")
        node = SECID[f"curation/{stamp}-{serial:04d}"]
        agent = analyst_iri(by)
        graph = self.graph
        graph.add((node, RDF.type, SEC.Curation))
        graph.add((node, SEC.curates, fact))
        graph.add((node, SEC.decision, STATUS[status]))
        graph.add((node, PROV.wasAssociatedWith, agent))
        graph.add((node, PROV.endedAtTime, Literal(at, datatype=XSD.dateTime)))
        if reason:
            graph.add((node, RDFS.comment, Literal(reason)))
        if digest:
            graph.add((node, SEC.evidenceDigest, Literal(digest)))
        graph.add((agent, RDF.type, PROV.Agent))
        graph.set((agent, RDFS.label, Literal(by)))
        return Decision(node, fact, status, reason, by, at, digest)

    def _source_document(self, source: str, title: str | None) -> URIRef:
        """The sec:Document standing for an analyst's source, so additions join every query
        that asks where a fact is written."""
        from seckg.graph import document_iri

        key = "analyst/" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
        node = document_iri(key)
        graph = self.graph
        graph.set((node, RDF.type, SEC.Document))
        graph.set((node, DCTERMS.identifier, Literal(key)))
        if source.startswith(("http://", "https://")):
            graph.set((node, DCTERMS.source, URIRef(source)))
        graph.set((node, DCTERMS.title, Literal(title or source)))
        return node

    def add_fact(
        self,
        kind: str,
        properties: list[tuple[URIRef, URIRef | Literal]],
        source: str,
        note: str,
        quote: str | None = None,
        title: str | None = None,
        date: str | None = None,
        by: str | None = None,
        at: str | None = None,
    ) -> URIRef:
        """Assert a commitment or membership with its source; it is confirmed by its author."""
        from seckg.graph import evidence_digest

        if not source.strip():
            raise InputError("an added fact needs a source (--source URL or citation)")
        if not note.strip():
            raise InputError("an added fact needs a note (--note: why it is true)")
        content = repr(sorted((str(p), str(o)) for p, o in properties)) + source
        fact = SECID[f"curation/{kind}/{hashlib.sha256(content.encode()).hexdigest()[:12]}"]
        if (fact, None, None) in self.graph:
            raise InputError(f"{self.path}: this {kind} from this source is already added")
        document = self._source_document(source, title)
        evidence = quote or note
        graph = self.graph
        graph.add((fact, RDF.type, SEC.Commitment if kind == "commitment" else SEC.Membership))
        for predicate, value in properties:
            graph.add((fact, predicate, value))
        graph.add((fact, SEC.statedIn, document))
        graph.add((fact, PROV.wasDerivedFrom, document))
        graph.add((fact, SEC.evidence, Literal(evidence)))
        graph.add((fact, RDFS.comment, Literal(note)))
        graph.add((fact, PROV.wasAttributedTo, analyst_iri(by or current_analyst())))
        if date:
            graph.add((fact, DCTERMS.date, Literal(date, datatype=XSD.date)))
        self.decide(fact, "confirmed", "asserted by the analyst", evidence_digest(evidence), by, at)
        return fact

    def save(self) -> None:
        """Write the file whole (sorted Turtle under a header), replacing it only when done."""
        from seckg.store import write_text_atomically

        text = self.graph.serialize(format="turtle")
        write_text_atomically(_HEADER + "\n" + text, self.path)


def membership_properties(member: URIRef, forum: URIRef, role: str, since: str | None):
    """What `seckg curate add membership` asserts, as (predicate, object) pairs."""
    properties: list[tuple[URIRef, URIRef | Literal]] = [
        (ORG.member, member),
        (ORG.organization, forum),
        (SEC.role, ROLE[role]),
    ]
    if since:
        properties.append((SEC.since, Literal(since, datatype=XSD.gYear)))
    return properties
