"""The facts every network is drawn from, read from the graph with a few SPARQL SELECTs.

Raw RDF is never handed to networkx (every triple would become an edge, literals too): the
facts are selected in Oxigraph first, only those the networks need, and kept in plain
dataclasses. Every collection is sorted, so the same graph gives the same networks, node order
and file bytes on every run.

Time: a membership is held in year Y when it started at or before Y and ended at or after Y
(years inclusive, as reference rows such as UN Security Council terms "2023-2024" read). A
commitment is placed at its document's date; an undated one is read as of today.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import urlsplit

from rdflib import Graph

from seckg.namespaces import SECID
from seckg.query import Target, including_rejected, select_values, target_of_graph

THREAT_PREFIX = str(SECID) + "threat/"
MEMBER_ROLES = frozenset({"member", "permanent member", "elected member"})


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    type: str  # State | Forum | Initiative | Threat
    iso3: str = ""
    acronym: str = ""
    mentioned: bool = False  # named in at least one document (not only in the reference data)


@dataclass(frozen=True)
class Document:
    iri: str
    identifier: str
    title: str
    date: str | None  # ISO date as written in the graph
    publisher: str  # dcterms:publisher, else the source URL's host: one publisher, one source
    story: str = ""  # the identifier of the first document of a republished story (or its own)


def publisher_key(name: object, url: object) -> str:
    """Who published a document, as corroboration counts it: dcterms:publisher with case and
    spacing folded, else the host of its source URL; "" when neither is known."""
    if name:
        return " ".join(str(name).lower().split())
    return (urlsplit(str(url)).hostname or "") if url else ""


def independent_source(publisher: str, document: str) -> str:
    """One independent source: the publisher, or the document itself when it has none."""
    return f"publisher:{publisher}" if publisher else f"document:{document}"


@dataclass(frozen=True)
class MembershipFact:
    iri: str
    member: str
    forum: str
    role: str
    since: int | None
    until: int | None
    document: str | None  # the document that states it; None for a reference row

    @property
    def source(self) -> str:
        return "document" if self.document else "reference"

    def held_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )

    def overlaps(self, since: int | None, until: int | None) -> bool:
        return not (
            (until is not None and self.since is not None and self.since > until)
            or (since is not None and self.until is not None and self.until < since)
        )


@dataclass(frozen=True)
class CommitmentFact:
    iri: str
    actors: frozenset[str]
    concerns: frozenset[str]  # top threat IRIs and initiative IRIs
    document: str  # the document's identifier
    date: str | None
    commitment_type: str
    evidence: str = ""

    @property
    def year(self) -> int | None:
        return _year(self.date)


@dataclass
class Facts:
    nodes: dict[str, Node] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # by identifier
    memberships: list[MembershipFact] = field(default_factory=list)
    commitments: list[CommitmentFact] = field(default_factory=list)
    launched_by: dict[str, str] = field(default_factory=dict)  # initiative -> forum
    addresses: dict[str, set[str]] = field(default_factory=dict)  # initiative -> top threats
    since: int | None = None
    until: int | None = None

    def label(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.label if node else iri.rsplit("/", 1)[-1]

    def type_of(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.type if node else "Actor"

    def mentioned(self, iri: str) -> bool:
        node = self.nodes.get(iri)
        return bool(node and node.mentioned)

    def threats_of(self, concerns) -> set[str]:
        """The top threats among concerns, and those the initiatives among them address."""
        threats = {c for c in concerns if c.startswith(THREAT_PREFIX)}
        for concern in set(concerns) - threats:
            threats |= self.addresses.get(concern, set())
        return threats

    def members_at(self, forum: str, year: int | None) -> set[str]:
        """Full members (any member role) of a forum in a year; None reads as this year."""
        when = year if year is not None else datetime.date.today().year
        return {m.member for m in self._full_memberships.get(forum, ()) if m.held_in(when)}

    @cached_property
    def _full_memberships(self) -> dict[str, list[MembershipFact]]:
        """Member-role rows by forum: members_at runs once per forum commitment."""
        by_forum: dict[str, list[MembershipFact]] = {}
        for m in self.memberships:
            if m.role in MEMBER_ROLES:
                by_forum.setdefault(m.forum, []).append(m)
        return by_forum

    def reference_year(self) -> int:
        """The year memberships are read at: the window's end, else this year."""
        return self.until if self.until is not None else datetime.date.today().year

    def newest_date(self) -> str | None:
        """The newest document date: what an export is as of (not the day it was written)."""
        dates = [d.date for d in self.documents.values() if d.date]
        return max(dates) if dates else None

    def period(self) -> str:
        """The window the facts were read for: "2020-2024", "since 2020", "all years"."""
        if self.since is not None and self.until is not None:
            return f"{self.since}-{self.until}"
        if self.since is not None:
            return f"since {self.since}"
        if self.until is not None:
            return f"up to {self.until}"
        return "all years"


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

# what the documents name: their mentions; the actors of commitments and the parties of
# memberships stated in the text are added from the rows read below
_MENTIONS = """SELECT DISTINCT ?node WHERE { ?d sec:mentions ?node }"""

_REJECTED = """SELECT ?fact WHERE { ?fact sec:status status:rejected }"""

_DOCUMENTS = """
SELECT ?d ?id (SAMPLE(?t) AS ?title) (SAMPLE(?when) AS ?date) (SAMPLE(?url) AS ?source)
       (SAMPLE(?by) AS ?publisher) (SAMPLE(?first) AS ?original)
WHERE {
  ?d a sec:Document ; dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?t } OPTIONAL { ?d dcterms:date ?when }
  OPTIONAL { ?d dcterms:source ?url } OPTIONAL { ?d dcterms:publisher ?by }
  OPTIONAL { ?d sec:nearDuplicateOf/dcterms:identifier ?first }
} GROUP BY ?d ?id"""

_MEMBERSHIPS = """
SELECT DISTINCT ?m ?member ?forum ?role ?since ?until ?doc WHERE {
  ?m a sec:Membership ; org:member ?member ; org:organization ?forum ; sec:role ?r .
  ?r skos:prefLabel ?role .
  OPTIONAL { ?m sec:since ?since } OPTIONAL { ?m sec:until ?until }
  OPTIONAL { ?m sec:statedIn/dcterms:identifier ?doc }
}"""

# A commitment's parts, each in a SELECT of its own and joined here: one SELECT joining
# actors, concerns, document and type gave 150k rows in 14 s at 1M triples, these 3 s.
_COMMITMENTS = """
SELECT ?c ?d ?type ?date WHERE {
  ?c a sec:Commitment ; sec:statedIn ?d ; sec:commitmentType ?type .
  OPTIONAL { ?c dcterms:date ?date }
}"""

_ACTORS = """SELECT ?c ?actor WHERE { ?c sec:actor ?actor }"""

_CONCERNS = """SELECT ?c ?concern WHERE { ?c sec:concerns ?concern }"""

_TYPE_LABELS = """
SELECT ?type ?label WHERE { ?type skos:inScheme secid:commitment-types ; skos:prefLabel ?label }"""

_TOP_THREATS = """
SELECT ?concern ?top WHERE { ?concern skos:broader* ?top . ?top skos:topConceptOf secid:threats }"""

_EVIDENCE = """SELECT ?c ?evidence WHERE { ?c sec:evidence ?evidence }"""

_INITIATIVES = """
SELECT ?initiative ?forum ?top WHERE {
  ?initiative a sec:Initiative .
  OPTIONAL { ?initiative sec:launchedBy ?forum }
  OPTIONAL { ?initiative sec:addresses/skos:broader* ?top . ?top skos:topConceptOf secid:threats }
}"""


def _in_window(year: int | None, since: int | None, until: int | None) -> bool:
    if since is None and until is None:
        return True
    if year is None:  # an undated commitment cannot be placed in a window
        return False
    return (since is None or year >= since) and (until is None or year <= until)


def load_facts(
    graph: Graph | Target,
    since: int | None = None,
    until: int | None = None,
    include_rejected: bool = False,
) -> Facts:
    """The facts the networks are made of, restricted to the years [since, until] if given.

    Memberships count when they overlap the window; commitments when their year falls in it
    (undated commitments are kept only without a window). Facts analysts rejected are left
    out unless `include_rejected`. The SELECTs run in Oxigraph: a graph in memory is copied
    there first.
    """
    target = target_of_graph(graph) if isinstance(graph, Graph) else graph

    def select(text: str) -> list[dict[str, str]]:
        return select_values(target, including_rejected(text) if include_rejected else text)

    facts = Facts(since=since, until=until)
    rejected = set() if include_rejected else {row["fact"] for row in select(_REJECTED)}
    documents = sorted(select(_DOCUMENTS), key=lambda r: r["id"])
    identifier_of = {row["d"]: row["id"] for row in documents}
    for row in documents:
        facts.documents[row["id"]] = Document(
            row["d"],
            row["id"],
            row.get("title", ""),
            row.get("date"),
            publisher_key(row.get("publisher", ""), row.get("source", "")),
            row.get("original") or row["id"],
        )
    memberships = {
        MembershipFact(
            row["m"],
            row["member"],
            row["forum"],
            row["role"],
            _year(row.get("since")),
            _year(row.get("until")),
            row.get("doc"),
        )
        for row in select(_MEMBERSHIPS)
        if row["m"] not in rejected
    }
    facts.memberships = sorted(
        (m for m in memberships if m.overlaps(since, until)), key=lambda m: m.iri
    )
    mentioned = {row["node"] for row in select(_MENTIONS)}
    mentioned |= {p for m in memberships if m.document for p in (m.member, m.forum)}
    for commitment in _commitments(select, identifier_of, rejected):
        mentioned |= commitment.actors
        date = commitment.date or (facts.documents.get(commitment.document) or _NO_DOCUMENT).date
        if _in_window(_year(date), since, until):
            facts.commitments.append(replace(commitment, date=date))
    for row in select(_NODES):
        iri = row["node"]
        facts.nodes[iri] = Node(
            iri,
            row.get("label") or iri.rsplit("/", 1)[-1],
            row["type"],
            row.get("iso3", ""),
            row.get("acronym", ""),
            iri in mentioned,
        )
    for row in select(_INITIATIVES):
        initiative = row["initiative"]
        if row.get("forum"):
            facts.launched_by[initiative] = row["forum"]
        if row.get("top"):
            facts.addresses.setdefault(initiative, set()).add(row["top"])
    return facts


def _commitments(select, identifier_of: dict[str, str], rejected: set[str]):
    """The commitments that are not rejected, sorted by IRI, each with its actors, its concerns
    as top threats and initiatives, its document's identifier and its own date (if any)."""
    type_labels = {row["type"]: row["label"] for row in select(_TYPE_LABELS)}
    tops: dict[str, set[str]] = {}
    for row in select(_TOP_THREATS):
        tops.setdefault(row["concern"], set()).add(row["top"])
    actors: dict[str, set[str]] = {}
    for row in select(_ACTORS):
        actors.setdefault(row["c"], set()).add(row["actor"])
    concerns: dict[str, set[str]] = {}
    for row in select(_CONCERNS):
        concern = row["concern"]
        tops_of = tops.get(concern)
        if tops_of is None and concern.startswith(THREAT_PREFIX):
            tops_of = set()  # a threat outside the scheme's hierarchy counts for nothing
        concerns.setdefault(row["c"], set()).update({concern} if tops_of is None else tops_of)
    evidence: dict[str, str] = {}
    for row in select(_EVIDENCE):  # the least sentence stands for the rest: runs agree
        if row["c"] not in evidence or row["evidence"] < evidence[row["c"]]:
            evidence[row["c"]] = row["evidence"]
    seen: dict[str, dict[str, str]] = {}
    for row in select(_COMMITMENTS):  # one statedIn and one type per commitment: the first
        seen.setdefault(row["c"], row)
    for iri, row in sorted(seen.items()):
        document = identifier_of.get(row["d"])
        if iri in rejected or document is None or iri not in actors or iri not in concerns:
            continue
        yield CommitmentFact(
            iri,
            frozenset(actors[iri]),
            frozenset(concerns[iri]),
            document,
            row.get("date"),
            type_labels.get(row["type"], row["type"].rsplit("/", 1)[-1]),
            evidence.get(iri, ""),
        )


_NO_DOCUMENT = Document("", "", "", None, "")


def mentioned_only(facts: Facts, nodes: Iterable[str]) -> set[str]:
    """The nodes a document names; threats and initiatives count as named (they come only from
    documents or from the threat scheme every document is read against)."""
    return {n for n in nodes if facts.type_of(n) in ("Threat", "Initiative") or facts.mentioned(n)}
