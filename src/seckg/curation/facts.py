"""Finding the fact an analyst means: its IRI from what they typed, and what it says.

Facts are typed as printed by `seckg explain` (`commitment/<doc>/<digest>`, the path under
secid:), as a prefixed name (`membership:nato/UKR/partner`, `secid:...`) or as a full IRI.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from seckg.errors import InputError
from seckg.namespaces import PREFIXES, SECID

_DESCRIBE = """
SELECT ?kind ?evidence ?document ?type ?label WHERE {
  VALUES ?kind { sec:Commitment sec:Membership }
  ?fact a ?kind .
  OPTIONAL { ?fact sec:evidence ?evidence }
  OPTIONAL { ?fact sec:statedIn/dcterms:identifier ?document }
  OPTIONAL { ?fact sec:commitmentType/skos:prefLabel ?type }
  OPTIONAL { { ?fact sec:actor|sec:concerns|org:member|org:organization ?party }
             ?party rdfs:label|skos:prefLabel ?label }
}"""


@dataclass(frozen=True)
class FactInfo:
    iri: URIRef
    kind: str  # "commitment" or "membership"
    evidence: str | None
    document: str | None
    summary: str  # e.g. "cooperate: Japan, cyber"


def fact_iri(text: str) -> URIRef:
    """The IRI of a fact as typed on the command line."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    if text.startswith(("commitment/", "membership/", "curation/")):
        return SECID[text]
    raise InputError(
        f"{text!r}: not a fact; give its IRI or its id as `seckg explain` prints it "
        "(commitment/..., membership/...)"
    )


def describe(target, iri: URIRef) -> FactInfo | None:
    """What the graph says of the fact, or None when it holds no such fact."""
    from seckg.query import solutions
    from seckg.sparql.dataset import Request
    from seckg.store import with_bindings

    answer = target.answer(Request(with_bindings(_DESCRIBE, {"fact": iri})))
    rows = solutions(answer)[1]
    if not rows:
        return None
    first = rows[0]
    kind = "commitment" if str(first["kind"]).endswith("Commitment") else "membership"
    labels = sorted({str(row["label"]) for row in rows if isinstance(row.get("label"), Literal)})
    head = f"{first['type']}: " if first.get("type") is not None else ""
    return FactInfo(
        iri=iri,
        kind=kind,
        evidence=str(first["evidence"]) if first.get("evidence") is not None else None,
        document=str(first["document"]) if first.get("document") is not None else None,
        summary=head + ", ".join(labels),
    )
