"""RDF with provenance: one document's extraction as triples of the graph contract.

IRIs are derived from content (document identifier, sentence index, normalised initiative name
under its forum), so building the same inputs twice gives the same graph, and one initiative
named in several documents under the same forum is one node.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from seckg.extract import Extraction
from seckg.extract.knowledge import Knowledge, threat_iri
from seckg.namespaces import COMMITMENT, ORG, PROV, ROLE, SEC, SECID, bind_prefixes
from seckg.reference import forum_iri, ontology_graph, reference_graph, state_iri


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
    """Everything one document says, each fact pointing back to the document and sentence."""
    graph = Graph()
    doc = extraction.document
    node = document_iri(doc.identifier)
    graph.add((node, RDF.type, SEC.Document))
    graph.add((node, DCTERMS.identifier, Literal(doc.identifier)))
    if doc.title:
        graph.add((node, DCTERMS.title, Literal(doc.title)))
    if doc.date:
        graph.add((node, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.source_url:
        graph.add((node, DCTERMS.source, URIRef(doc.source_url)))
    graph.add((node, SEC.contentHash, Literal(doc.content_hash)))

    for key in extraction.idents("forum"):
        graph.add((node, SEC.mentions, forum_iri(key)))
    for iso3 in extraction.idents("state"):
        graph.add((node, SEC.mentions, state_iri(iso3)))
    for key in extraction.idents("threat"):
        graph.add((node, SEC.mentions, threat_iri(key)))

    for key, found in extraction.initiatives.items():
        initiative = initiative_iri(key)
        graph.add((node, SEC.mentions, initiative))
        graph.add((initiative, RDF.type, SEC.Initiative))
        graph.add((initiative, RDFS.label, Literal(found.label, lang="en")))
        if found.acronym:
            graph.add((initiative, SEC.acronym, Literal(found.acronym)))
        if found.forum:
            graph.add((initiative, SEC.launchedBy, forum_iri(found.forum)))
        for threat in sorted(found.threats):
            graph.add((initiative, SEC.addresses, threat_iri(threat)))
        graph.add((initiative, PROV.wasDerivedFrom, node))
        if found.curated:
            instrument = knowledge.instruments[key.removeprefix("ref/")]
            graph.add((initiative, DCTERMS.source, URIRef(instrument.source)))

    for commitment in extraction.commitments:
        sentence = commitment.sentence
        item = SECID[f"commitment/{_safe(doc.identifier)}/{sentence.index}"]
        graph.add((item, RDF.type, SEC.Commitment))
        graph.add((item, SEC.commitmentType, COMMITMENT[commitment.commitment_type]))
        for actor in commitment.actors:
            graph.add((item, SEC.actor, actor_node(actor)))
        for kind, ident in commitment.concerns:
            target = threat_iri(ident) if kind == "threat" else initiative_iri(ident)
            graph.add((item, SEC.concerns, target))
        for iso3 in commitment.targets:
            graph.add((item, SEC.target, state_iri(iso3)))
        _provenance(graph, item, node, sentence)
        if doc.date:
            graph.add((item, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))

    for membership in extraction.memberships:
        item = SECID[
            f"membership/{membership.forum}/{membership.member}/{membership.role}"
            f"/in/{_safe(doc.identifier)}"
        ]
        graph.add((item, RDF.type, SEC.Membership))
        graph.add((item, ORG.member, state_iri(membership.member)))
        graph.add((item, ORG.organization, forum_iri(membership.forum)))
        graph.add((item, SEC.role, ROLE[membership.role]))
        _provenance(graph, item, node, membership.sentence)
    return graph


def _provenance(graph: Graph, item: URIRef, document: URIRef, sentence) -> None:
    graph.add((item, SEC.statedIn, document))
    graph.add((item, PROV.wasDerivedFrom, document))
    graph.add((item, SEC.evidence, Literal(sentence.text)))
    graph.add((item, SEC.evidenceStart, Literal(sentence.start)))
    graph.add((item, SEC.evidenceEnd, Literal(sentence.end)))
