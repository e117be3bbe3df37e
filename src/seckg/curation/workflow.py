"""What `seckg curate` does: check a decision or an addition against a built graph, record it.

A decision names a fact the graph holds (an unknown IRI is refused, so a typo cannot become
an orphan at once) and keeps the digest of the sentence the analyst saw; an addition names
states, forums and threats the graph knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from seckg.curation.apply import Orphan, facts_of_graph, resolve
from seckg.curation.decisions import CurationFile, Decision, membership_properties
from seckg.curation.facts import FactInfo, describe, fact_iri
from seckg.errors import InputError
from seckg.namespaces import COMMITMENT, SEC

COMMITMENT_TYPES = (
    "reaffirm",
    "condemn",
    "support",
    "establish",
    "fund",
    "cooperate",
    "call",
    "concern",
)
ROLES = (
    "member",
    "permanent-member",
    "elected-member",
    "partner",
    "observer",
    "dialogue-partner",
    "participant",
)


def _target(location: str):
    from seckg.query import open_target

    return open_target([location])


def decide_on(
    location: str,
    curation: CurationFile,
    fact_text: str,
    status: str,
    reason: str,
    by: str | None = None,
) -> tuple[Decision, FactInfo]:
    """Record a verdict on a fact of the graph at `location`, and save the curation file."""
    from seckg.graph import evidence_digest

    iri = fact_iri(fact_text)
    with _target(location) as target:
        info = describe(target, iri)
    if info is None:
        raise InputError(f"{location}: no fact {fact_text} (see `seckg explain` for fact ids)")
    digest = evidence_digest(info.evidence) if info.evidence else None
    decision = curation.decide(iri, status, reason, digest, by)
    curation.save()
    return decision, info


def _entity(target, value: str, option: str, kinds: tuple[str, ...]) -> URIRef:
    from seckg.query import resolve_entity

    return resolve_entity(target, kinds[0], value, given_as=f"{option} {value}", kinds=kinds)


def add_commitment(
    location: str,
    curation: CurationFile,
    actors: list[str],
    concerns: list[str],
    commitment_type: str,
    source: str,
    note: str,
    quote: str | None = None,
    date: str | None = None,
    title: str | None = None,
    by: str | None = None,
) -> URIRef:
    """Assert that actors committed on concerns, checked against the graph's entities."""
    if commitment_type not in COMMITMENT_TYPES:
        raise InputError(f"--type {commitment_type}: one of {', '.join(COMMITMENT_TYPES)}")
    if not actors or not concerns:
        raise InputError("an added commitment needs at least one --actor and one --concern")
    with _target(location) as target:
        properties = [(SEC.commitmentType, COMMITMENT[commitment_type])]
        properties += [
            (SEC.actor, _entity(target, a, "--actor", ("state", "forum"))) for a in actors
        ]
        properties += [
            (SEC.concerns, _entity(target, c, "--concern", ("threat", "initiative")))
            for c in concerns
        ]
    fact = curation.add_fact(
        "commitment", properties, source, note, quote=quote, title=title, date=date, by=by
    )
    curation.save()
    return fact


def add_membership(
    location: str,
    curation: CurationFile,
    member: str,
    forum: str,
    role: str,
    source: str,
    note: str,
    since: str | None = None,
    quote: str | None = None,
    title: str | None = None,
    by: str | None = None,
) -> URIRef:
    """Assert that a state (or forum) belongs to a forum in a role."""
    if role not in ROLES:
        raise InputError(f"--role {role}: one of {', '.join(ROLES)}")
    if since is not None and not (since.isdigit() and len(since) == 4):
        raise InputError(f"--since {since}: a year, e.g. 2024")
    with _target(location) as target:
        member_iri = _entity(target, member, "--member", ("state", "forum"))
        forum_iri = _entity(target, forum, "--forum", ("forum",))
    properties = membership_properties(member_iri, forum_iri, role, since)
    fact = curation.add_fact(
        "membership", properties, source, note, quote=quote, title=title, by=by
    )
    curation.save()
    return fact


@dataclass(frozen=True)
class DecisionState:
    decision: Decision
    state: str  # "applied", "orphaned: <why>", "superseded" or "not checked"

    def as_dict(self) -> dict:
        d = self.decision
        return {
            "decision": str(d.iri),
            "fact": str(d.fact),
            "status": d.status,
            "by": d.by,
            "at": d.at,
            "reason": d.reason,
            "state": self.state,
        }


def list_decisions(curation: CurationFile, location: str | None) -> list[DecisionState]:
    """Every decision with whether it holds on the graph at `location` (when given)."""
    decisions = curation.decisions()
    latest = curation.latest()
    orphans: dict[URIRef, Orphan] = {}
    if location is not None:
        from seckg.store import load_any

        if not Path(location).exists() and "://" not in location:
            raise InputError(f"{location}: no such graph (build it, or give --graph)")
        applied = resolve(curation, facts_of_graph(load_any(location)))
        orphans = {orphan.decision.fact: orphan for orphan in applied.orphaned}
    states = []
    for decision in decisions:
        if latest[decision.fact] != decision:
            state = "superseded"
        elif location is None:
            state = "not checked"
        elif decision.fact in orphans:
            state = f"orphaned: {orphans[decision.fact].why}"
        else:
            state = "applied"
        states.append(DecisionState(decision, state))
    return states
