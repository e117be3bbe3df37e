"""The namespaces of the graph contract (CONTRACT section 1).

`SEC` is a closed namespace: a misspelled ontology term fails at import time instead of
silently producing an undeclared IRI. A test checks that it lists exactly the terms that
`ontology/seckg.ttl` declares.
"""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

SECID = Namespace("https://w3id.org/seckg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")

THREAT = Namespace(str(SECID) + "threat/")
ROLE = Namespace(str(SECID) + "role/")
COMMITMENT = Namespace(str(SECID) + "commitment/")
FORUM_KIND = Namespace(str(SECID) + "forum-kind/")
STATUS = Namespace(str(SECID) + "status/")
REFERENCE_SOURCE = URIRef(str(SECID) + "source/reference")
THREAT_SCHEME = SECID.threats


class SEC(DefinedNamespace):
    """The seckg ontology, https://w3id.org/seckg/ontology#."""

    _NS = Namespace("https://w3id.org/seckg/ontology#")
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Territory: URIRef
    Forum: URIRef
    Membership: URIRef
    Initiative: URIRef
    Threat: URIRef
    Commitment: URIRef
    Document: URIRef
    Role: URIRef
    CommitmentType: URIRef
    ForumKind: URIRef
    Source: URIRef
    FactStatus: URIRef
    Curation: URIRef
    # object properties
    role: URIRef
    launchedBy: URIRef
    addresses: URIRef
    actor: URIRef
    concerns: URIRef
    commitmentType: URIRef
    statedIn: URIRef
    mentions: URIRef
    forumKind: URIRef
    target: URIRef
    issuedBy: URIRef
    status: URIRef
    curates: URIRef
    decision: URIRef
    administeredBy: URIRef
    nearDuplicateOf: URIRef
    # datatype properties
    iso3: URIRef
    acronym: URIRef
    since: URIRef
    until: URIRef
    founded: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    contentHash: URIRef
    extractedWith: URIRef
    evidenceDigest: URIRef
    evidencePage: URIRef
    duplicateFile: URIRef
    textSignature: URIRef
    speaker: URIRef
    signedOn: URIRef
    inForceFrom: URIRef
    endedOn: URIRef
    legalStatus: URIRef
    statusNote: URIRef


# Short prefixes for the entities, so that what the tool prints (`state:JPN`, `forum:nato`,
# `threat:cyber`) is a legal prefixed name to paste into SPARQL or Turtle.
ENTITY_PREFIXES: dict[str, str] = {
    kind: f"{SECID}{kind}/"
    for kind in (
        "state",
        "territory",
        "forum",
        "threat",
        "initiative",
        "document",
        "membership",
        "role",
        "status",
    )
}

PREFIXES: dict[str, str] = {
    "sec": str(SEC._NS),
    "secid": str(SECID),
    **ENTITY_PREFIXES,
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def sparql_prologue() -> str:
    """The contract's prefixes as SPARQL PREFIX declarations, for a query sent to a server."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the contract's prefixes so serialisations are readable."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
