"""Everything the graph holds about one entity, with where each fact is written.

`seckg explain Japan` gathers the entity's memberships (with their source: a reference row or
the document and sentence that state it), the commitments it makes or that concern it (type,
concerns, date, document, evidence sentence with the parties' names marked), and how well
each claim (actor, concern) is corroborated: by how many documents and independent publishers,
first and last date. Read with SPARQL, so it works on a file, a store folder or a server.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from rdflib import Literal, URIRef

from seckg.errors import InputError
from seckg.network.facts import independent_source, publisher_key
from seckg.query import Target, find_entities, parse_binding, select_rows, shorten
from seckg.store import with_bindings

KINDS = ("state", "territory", "forum", "threat", "initiative")
FACT_BASE = "https://w3id.org/seckg/id/"

_ENTITY = """
SELECT ?type ?label ?code WHERE {
  ?entity a ?type .
  VALUES ?type { sec:State sec:Territory sec:Forum sec:Threat sec:Initiative }
  OPTIONAL { ?entity rdfs:label|skos:prefLabel ?label }
  OPTIONAL { ?entity sec:iso3|sec:acronym ?code }
}"""

_MEMBERSHIPS = """
SELECT ?m ?member ?forum ?role ?since ?until ?source ?doc ?docSource ?evidence ?status ?analyst
WHERE {
  { ?m org:member ?entity } UNION { ?m org:organization ?entity }
  ?m a sec:Membership ; org:member ?member ; org:organization ?forum ;
     sec:role/skos:prefLabel ?role .
  OPTIONAL { ?m sec:since ?since } OPTIONAL { ?m sec:until ?until }
  OPTIONAL { ?m dcterms:source ?source }
  OPTIONAL { ?m sec:statedIn/dcterms:identifier ?doc }
  OPTIONAL { ?m sec:statedIn/dcterms:source ?docSource }
  OPTIONAL { ?m sec:evidence ?evidence }
  OPTIONAL { ?m sec:status/skos:prefLabel ?status }
  OPTIONAL { ?m prov:wasAttributedTo/rdfs:label ?analyst }
}"""

# the entity's part in each commitment: it acts, it is (or is broader than) what the
# commitment concerns, or it is named as the source or target of the threat
_COMMITMENTS = """
SELECT DISTINCT ?c ?part ?type ?date ?doc ?title ?url ?by ?first ?firstBy ?firstUrl ?evidence
       ?status WHERE {
  { ?c sec:actor ?entity BIND ("actor" AS ?part) }
  UNION { ?c sec:concerns ?concern . ?concern skos:broader* ?entity BIND ("concern" AS ?part) }
  UNION { ?c sec:concerns/sec:addresses/skos:broader* ?entity BIND ("concern" AS ?part) }
  UNION { ?c sec:target ?entity BIND ("target" AS ?part) }
  ?c a sec:Commitment ; sec:commitmentType/skos:prefLabel ?type ; sec:statedIn ?d .
  ?d dcterms:identifier ?doc .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d sec:nearDuplicateOf ?original . ?original dcterms:identifier ?first
             OPTIONAL { ?original dcterms:publisher ?firstBy }
             OPTIONAL { ?original dcterms:source ?firstUrl } }
  OPTIONAL { ?d dcterms:source ?url } OPTIONAL { ?d dcterms:publisher ?by }
  OPTIONAL { ?c dcterms:date ?commitmentDate } OPTIONAL { ?d dcterms:date ?docDate }
  BIND (COALESCE(?commitmentDate, ?docDate) AS ?date)
  OPTIONAL { ?c sec:evidence ?evidence }
  OPTIONAL { ?c sec:status/skos:prefLabel ?status }
}"""

_PARTIES = """
SELECT ?c ?role ?party ?label WHERE {
  VALUES ?role { sec:actor sec:concerns sec:target }
  ?c ?role ?party .
  OPTIONAL { ?party rdfs:label|skos:prefLabel ?label }
}"""

_NAMES = """
SELECT ?party ?name WHERE {
  ?party rdfs:label|sec:acronym|skos:prefLabel|skos:altLabel|skos:hiddenLabel|sec:iso3 ?name .
}"""

_ABOUT = """
SELECT DISTINCT ?concern WHERE {
  { ?concern skos:broader* ?about } UNION { ?concern sec:addresses/skos:broader* ?about }
}"""


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    kind: str
    code: str = ""

    @property
    def short(self) -> str:
        return shorten(URIRef(self.iri))


@dataclass
class MembershipLine:
    id: str
    member: Entity
    forum: Entity
    role: str
    since: str | None
    until: str | None
    source: str  # "reference", "document" or "analyst"
    where: str  # the reference row's public source, the document, or the analyst
    evidence: str | None
    status: str | None


@dataclass
class CommitmentLine:
    id: str
    part: str  # the entity's part: actor, concern or target
    type: str
    actors: list[Entity]
    concerns: list[Entity]
    targets: list[Entity]
    date: str | None
    document: str
    title: str | None
    publisher: str | None
    source: str  # what counts as one independent source (see `_source`)
    evidence: str
    highlights: list[tuple[int, int]]  # character spans of the parties' names
    status: str


@dataclass
class Claim:
    """One actor's position on one concern, and how well the documents corroborate it."""

    actor: Entity
    concern: Entity
    documents: int
    publishers: int
    first: str | None
    last: str | None


@dataclass
class Explanation:
    entity: Entity
    memberships: list[MembershipLine] = field(default_factory=list)
    commitments: list[CommitmentLine] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    hidden_rejected: int = 0
    about: Entity | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        for line in data["commitments"]:
            line["highlights"] = [list(span) for span in line["highlights"]]
        return data


def fact_id(iri: str) -> str:
    return iri.removeprefix(FACT_BASE)


def resolve_thing(target: Target, text: str, kinds: tuple[str, ...] = KINDS) -> URIRef:
    """The entity a name, code or IRI stands for: states first, then territories (Hong Kong,
    Guam, members of APEC or the Pacific Islands Forum), forums, threats and initiatives, so
    "Japan" is the state and "Quad" the forum."""
    term = parse_binding(text.strip())
    if isinstance(term, URIRef):
        return term
    for kind in kinds:
        found = find_entities(target, text.strip(), (kind,))
        if len(found) == 1:
            return URIRef(found[0])
        if len(found) > 1:
            shown = ", ".join(shorten(URIRef(iri)) for iri in found[:5])
            raise InputError(f"{text!r} is ambiguous: it names {shown}; give one of them")
    raise InputError(
        f"{text!r}: no state, territory, forum, threat or initiative with that name or code in "
        "the graph "
        "(try an ISO code such as JPN, an acronym such as NATO, or an IRI such as forum:quad)"
    )


def _rows(target: Target, text: str, **bindings) -> list[dict]:
    return select_rows(target, with_bindings(text, bindings) if bindings else text)


def _str(value) -> str | None:
    return None if value is None else str(value)


def _entity(target: Target, iri: URIRef) -> Entity:
    rows = _rows(target, _ENTITY, entity=iri)
    if not rows:
        raise InputError(
            f"{shorten(iri)}: the graph holds no state, territory, forum, threat or initiative"
        )
    row = rows[0]
    return Entity(
        str(iri),
        _str(row.get("label")) or str(iri).rsplit("/", 1)[-1],
        str(row["type"]).rsplit("#", 1)[-1].lower(),
        _str(row.get("code")) or "",
    )


class _Labels:
    """Entities by IRI, looked up once each."""

    def __init__(self, target: Target):
        self.target = target
        self.known: dict[str, Entity] = {}

    def __call__(self, iri: str, label: str | None = None) -> Entity:
        if iri not in self.known:
            self.known[iri] = Entity(iri, label or iri.rsplit("/", 1)[-1], "")
        return self.known[iri]


def explain(
    target: Target, thing: str, about: str | None = None, include_rejected: bool = False
) -> Explanation:
    """Gather what the graph holds about `thing` (and, with `about`, only what concerns that)."""
    iri = resolve_thing(target, thing)
    result = Explanation(_entity(target, iri))
    concerns_about: set[str] | None = None
    if about:
        about_iri = resolve_thing(target, about, ("threat", "initiative"))
        result.about = _entity(target, about_iri)
        concerns_about = {str(r["concern"]) for r in _rows(target, _ABOUT, about=about_iri)}
    labels = _Labels(target)
    if about is None:
        for line in _memberships(target, iri, labels):
            if line.status == "rejected" and not include_rejected:
                result.hidden_rejected += 1
            else:
                result.memberships.append(line)
    commitments = {str(row["c"]): row for row in _rows(target, _COMMITMENTS, entity=iri)}
    parties: dict[str, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
    for row in select_rows(target, _with_values(_PARTIES, "c", commitments)):
        fact = str(row["c"])
        if fact in commitments:
            role = str(row["role"]).rsplit("#", 1)[-1]
            entity = labels(str(row["party"]), _str(row.get("label")))
            if entity not in parties[fact][role]:
                parties[fact][role].append(entity)
    names = _names(
        target,
        {e.iri for roles in parties.values() for es in roles.values() for e in es} | {str(iri)},
    )
    for fact, row in commitments.items():
        status = _str(row.get("status")) or "candidate"
        concern_list = sorted(parties[fact]["concerns"], key=lambda e: e.label)
        if concerns_about is not None and not {e.iri for e in concern_list} & concerns_about:
            continue
        if status == "rejected" and not include_rejected:
            result.hidden_rejected += 1
            continue
        evidence = _str(row.get("evidence")) or ""
        involved = [e for es in parties[fact].values() for e in es] + [result.entity]
        result.commitments.append(
            CommitmentLine(
                id=fact_id(fact),
                part=str(row["part"]),
                type=str(row["type"]),
                actors=sorted(parties[fact]["actor"], key=lambda e: e.label),
                concerns=concern_list,
                targets=sorted(parties[fact]["target"], key=lambda e: e.label),
                date=_str(row.get("date")),
                document=str(row["doc"]),
                title=_str(row.get("title")),
                publisher=_publisher(row.get("by"), row.get("url")),
                source=_source(row),
                evidence=evidence,
                highlights=highlight_spans(
                    evidence, [n for e in involved for n in names.get(e.iri, [])]
                ),
                status=status,
            )
        )
    result.commitments.sort(key=lambda c: (c.date or "9999", c.document, c.id))
    result.claims = [
        claim
        for claim in _claims(result.commitments)
        if concerns_about is None or claim.concern.iri in concerns_about
    ]
    return result


def _memberships(target: Target, iri: URIRef, labels: _Labels) -> list[MembershipLine]:
    rows = _rows(target, _MEMBERSHIPS, entity=iri)
    for row in rows:
        labels(str(row["member"]))
        labels(str(row["forum"]))
    _label_all(target, labels)
    lines = []
    for row in rows:
        if row.get("analyst") is not None:
            cited = row.get("docSource") or row.get("doc")
            source, where = "analyst", f"{row['analyst']}: {cited}"
        elif row.get("doc") is not None:
            source, where = "document", str(row["doc"])
        else:
            source, where = "reference", _str(row.get("source")) or ""
        lines.append(
            MembershipLine(
                id=fact_id(str(row["m"])),
                member=labels(str(row["member"])),
                forum=labels(str(row["forum"])),
                role=str(row["role"]),
                since=_str(row.get("since")),
                until=_str(row.get("until")),
                source=source,
                where=where,
                evidence=_str(row.get("evidence")),
                status=_str(row.get("status")),
            )
        )
    return sorted(lines, key=lambda m: (m.forum.label, m.member.label, m.role, m.source, m.id))


def _label_all(target: Target, labels: _Labels) -> None:
    """Fill in the labels of entities met without one (members and forums of memberships)."""
    missing = [iri for iri, e in labels.known.items() if e.label == iri.rsplit("/", 1)[-1]]
    if not missing:
        return
    text = _with_values(
        "SELECT ?e ?label WHERE { ?e rdfs:label|skos:prefLabel ?label }", "e", missing
    )
    for row in select_rows(target, text):
        old = labels.known[str(row["e"])]
        labels.known[str(row["e"])] = Entity(old.iri, str(row["label"]), old.kind)


def _with_values(text: str, variable: str, iris) -> str:
    """The query restricted to these IRIs for one variable (a VALUES block), so it reads only
    the facts at hand, not every fact of a million-triple store."""
    values = " ".join(f"<{iri}>" for iri in sorted(iris)) or "<urn:seckg:none>"
    return text.replace("WHERE {", f"WHERE {{ VALUES ?{variable} {{ {values} }}", 1)


def _names(target: Target, iris: set[str]) -> dict[str, list[str]]:
    """Every name each entity goes by, to find it in a sentence."""
    if not iris:
        return {}
    text = _with_values(_NAMES, "party", iris)
    names: dict[str, list[str]] = defaultdict(list)
    for row in select_rows(target, text):
        name = row["name"]
        if isinstance(name, Literal) and len(str(name)) > 1:
            names[str(row["party"])].append(str(name))
    return names


def highlight_spans(sentence: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the names occur in the sentence (whole words, any case), longest name first,
    as sorted non-overlapping (start, end) spans."""
    taken: list[tuple[int, int]] = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        flags = 0 if name.isupper() else re.IGNORECASE  # "US" the code, not "us"
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, flags):
            start, end = match.span()
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
    return sorted(taken)


def _publisher(name, url) -> str | None:
    """dcterms:publisher as given, else the host of the source URL."""
    if name:
        return " ".join(str(name).split())
    return urlsplit(str(url)).hostname if url else None


def _source(row: dict) -> str:
    """The independent source of a commitment's document, as `network.ties.source_of` counts
    it: a republished story is its first publication, a publication its publisher."""
    if row.get("first"):
        first = publisher_key(row.get("firstBy"), row.get("firstUrl"))
        return independent_source(first, row["first"])
    return independent_source(publisher_key(row.get("by"), row.get("url")), row["doc"])


def _claims(commitments: list[CommitmentLine]) -> list[Claim]:
    grouped: dict[tuple[Entity, Entity], list[CommitmentLine]] = defaultdict(list)
    for line in commitments:
        for actor in line.actors:
            for concern in line.concerns:
                grouped[(actor, concern)].append(line)
    claims = []
    for (actor, concern), lines in grouped.items():
        dates = sorted(line.date for line in lines if line.date)
        publishers = {line.source for line in lines}
        claims.append(
            Claim(
                actor,
                concern,
                documents=len({line.document for line in lines}),
                publishers=len(publishers),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
            )
        )
    return sorted(claims, key=lambda c: (-c.documents, c.actor.label, c.concern.label))
