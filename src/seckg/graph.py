"""RDF with provenance: one document's extraction as triples of the graph contract.

IRIs are derived from content (document identifier, sentence index, normalised initiative name
under its forum), so building the same inputs twice gives the same graph, and one initiative
named in several documents under the same forum is one node.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, XSD

from seckg.extract import Extraction
from seckg.extract.knowledge import Knowledge, threat_iri
from seckg.ingest import SourceDocument
from seckg.ingest.duplicates import NearDuplicate
from seckg.namespaces import COMMITMENT, ORG, PROV, ROLE, SEC, SECID, bind_prefixes
from seckg.reference import (
    forum_iri,
    ontology_graph,
    reference_graph,
    state_iri,
    territory_iri,
)

Triple = tuple[URIRef, URIRef, Node]


def _safe(segment: str) -> str:
    return quote(segment, safe="-._~/")


def document_iri(identifier: str) -> URIRef:
    return SECID[f"document/{_safe(identifier)}"]


def initiative_iri(key: str) -> URIRef:
    return SECID[f"initiative/{_safe(key)}"]


def actor_node(actor: str) -> URIRef:
    return (
        forum_iri(actor.removeprefix("forum:")) if actor.startswith("forum:") else state_iri(actor)
    )


def base_graph(knowledge: Knowledge) -> Graph:
    """Ontology, vocabularies and reference data: what every built graph starts from."""
    graph = ontology_graph()
    graph += reference_graph(knowledge.reference)
    bind_prefixes(graph)
    return graph


def document_graph(extraction: Extraction, knowledge: Knowledge) -> Graph:
    """`document_triples` as an rdflib Graph, to merge in memory for a build into a file."""
    graph = Graph()
    for triple in document_triples(extraction, knowledge):
        graph.add(triple)
    return graph


def document_ntriples(extraction: Extraction, knowledge: Knowledge) -> str:
    """The same triples as N-Triples text: what a worker process hands to a store.

    Text is cheap to send between processes and Oxigraph parses it natively, where a pickled
    rdflib Graph costs more to send and rebuild than the extraction itself.
    """
    return ntriples(document_triples(extraction, knowledge))


def document_triples(extraction: Extraction, knowledge: Knowledge) -> Iterator[Triple]:
    """Everything one document says, each fact pointing back to the document and sentence."""
    doc = extraction.document
    node = document_iri(doc.identifier)
    yield (node, RDF.type, SEC.Document)
    yield (node, DCTERMS.identifier, Literal(doc.identifier))
    if doc.title:
        yield (node, DCTERMS.title, Literal(doc.title))
    if doc.date:
        yield (node, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
    if doc.source_url:
        yield (node, DCTERMS.source, URIRef(doc.source_url))
    yield (node, SEC.contentHash, Literal(doc.content_hash))
    if doc.publisher:
        yield (node, DCTERMS.publisher, Literal(doc.publisher))
    if doc.language:
        yield (node, DCTERMS.language, Literal(doc.language))
    if doc.issuer:
        yield (node, SEC.speaker, Literal(doc.issuer))
    if doc.signature:
        yield (node, SEC.textSignature, Literal(doc.signature))

    if extraction.voice:
        for actor in extraction.voice.actors:
            yield (node, SEC.issuedBy, actor_node(actor))
    for key in extraction.idents("forum"):
        yield (node, SEC.mentions, forum_iri(key))
    for iso3 in extraction.idents("state"):
        yield (node, SEC.mentions, state_iri(iso3))
    for iso3 in extraction.idents("territory"):
        yield (node, SEC.mentions, territory_iri(iso3))
    for key in extraction.idents("threat"):
        yield (node, SEC.mentions, threat_iri(key))

    for key, found in extraction.initiatives.items():
        initiative = initiative_iri(key)
        yield (node, SEC.mentions, initiative)
        yield (initiative, RDF.type, SEC.Initiative)
        yield (initiative, RDFS.label, Literal(found.label, lang="en"))
        if found.acronym:
            yield (initiative, SEC.acronym, Literal(found.acronym))
        if found.forum:
            yield (initiative, SEC.launchedBy, forum_iri(found.forum))
        for threat in sorted(found.threats):
            yield (initiative, SEC.addresses, threat_iri(threat))
        yield (initiative, PROV.wasDerivedFrom, node)
        if found.curated:
            instrument = knowledge.instruments[key.removeprefix("ref/")]
            yield (initiative, DCTERMS.source, URIRef(instrument.source))
            for alias in instrument.aliases:
                yield (initiative, SKOS.altLabel, Literal(alias, lang="en"))
            yield from _instrument_status(initiative, instrument)

    keys = _SentenceKeys()
    for commitment in extraction.commitments:
        sentence = commitment.sentence
        suffix = f"-{commitment.part}" if commitment.part else ""
        item = SECID[f"commitment/{_safe(doc.identifier)}/{keys.key(sentence)}{suffix}"]
        yield (item, RDF.type, SEC.Commitment)
        yield (item, SEC.commitmentType, COMMITMENT[commitment.commitment_type])
        for actor in commitment.actors:
            yield (item, SEC.actor, actor_node(actor))
        for kind, ident in commitment.concerns:
            target = threat_iri(ident) if kind == "threat" else initiative_iri(ident)
            yield (item, SEC.concerns, target)
        for iso3 in commitment.targets:
            yield (item, SEC.target, state_iri(iso3))
        yield from _provenance(item, node, sentence, doc)
        if doc.date:
            yield (item, DCTERMS.date, Literal(doc.date, datatype=XSD.date))

    for membership in extraction.memberships:
        item = SECID[
            f"membership/{membership.forum}/{membership.member}/{membership.role}"
            f"/in/{_safe(doc.identifier)}"
        ]
        yield (item, RDF.type, SEC.Membership)
        yield (item, ORG.member, state_iri(membership.member))
        yield (item, ORG.organization, forum_iri(membership.forum))
        yield (item, SEC.role, ROLE[membership.role])
        if membership.since:
            yield (item, SEC.since, Literal(membership.since, datatype=XSD.gYear))
        yield from _provenance(item, node, membership.sentence, doc)


def _instrument_status(node: URIRef, instrument) -> Iterator[Triple]:
    """Where a curated instrument stands: its dates and legal status, from the reference data."""
    for prop, day in (
        (SEC.signedOn, instrument.signed),
        (SEC.inForceFrom, instrument.in_force),
        (SEC.endedOn, instrument.ended),
    ):
        if day:
            yield (node, prop, Literal(day, datatype=XSD.date))
    if instrument.status:
        yield (node, SEC.legalStatus, Literal(instrument.status))
    if instrument.status_note:
        yield (node, SEC.statusNote, Literal(instrument.status_note))


class _SentenceKeys:
    """A key per sentence of one document, from its words rather than its position.

    Curation decisions are keyed by fact IRIs; with the sentence's index in the IRI, a
    paragraph added at the top of a document would move every decision onto another fact.
    The digest of the sentence keeps an IRI on its sentence; a sentence repeated word for word
    later in the document gets the next number after its digest.
    """

    def __init__(self) -> None:
        self._by_index: dict[int, str] = {}
        self._seen: dict[str, int] = {}

    def key(self, sentence) -> str:
        if sentence.index not in self._by_index:
            digest = evidence_digest(sentence.text)[:12]
            repeat = self._seen.get(digest, 0)
            self._seen[digest] = repeat + 1
            self._by_index[sentence.index] = digest + (f".{repeat + 1}" if repeat else "")
        return self._by_index[sentence.index]


def evidence_digest(text: str) -> str:
    """SHA-256 of a sentence with its whitespace normalised: the same words, the same digest."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _provenance(
    item: URIRef, document: URIRef, sentence, source: SourceDocument
) -> Iterator[Triple]:
    yield (item, SEC.statedIn, document)
    yield (item, PROV.wasDerivedFrom, document)
    yield (item, SEC.evidence, Literal(sentence.text))
    yield (item, SEC.evidenceStart, Literal(sentence.start))
    yield (item, SEC.evidenceEnd, Literal(sentence.end))
    if (page := source.page_at(sentence.start)) is not None:
        yield (item, SEC.evidencePage, Literal(page, datatype=XSD.positiveInteger))


def copies_triples(identifier: str, copies: Iterable[str]) -> Iterator[Triple]:
    """The other files with the document's bytes, kept as its aliases."""
    for path in copies:
        yield (document_iri(identifier), SEC.duplicateFile, Literal(path))


def near_duplicate_triples(found: Iterable[NearDuplicate]) -> Iterator[Triple]:
    """Each republished story linked to the earliest document of it: not independent."""
    for repeat in found:
        yield (document_iri(repeat.identifier), SEC.nearDuplicateOf, document_iri(repeat.original))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples, one line per distinct triple, in order; IRIs with characters N-Triples
    forbids (a space in a scraped source URL) are percent-encoded rather than rejected."""
    lines = dict.fromkeys(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)
    return "".join(lines)


_IRI_TEXT: dict[str, str] = {}  # the same few thousand IRIs recur in every document


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        text = _IRI_TEXT.get(term)
        if text is None:
            text = "<" + _NOT_IN_IRI.sub(lambda m: quote(m.group(0)), str(term)) + ">"
            if len(_IRI_TEXT) < 100_000:
                _IRI_TEXT[term] = text
        return text
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{_term(term.datatype)}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")
