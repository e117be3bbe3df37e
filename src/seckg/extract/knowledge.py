"""Everything the extractor knows, loaded once from the packaged data and passed around.

No module keeps global state: `load_knowledge()` builds a `Knowledge` value (cached per
process, which is also what each `--jobs` worker does once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from rdflib import RDF, SKOS, Graph, URIRef

from seckg import resources
from seckg.errors import InputError
from seckg.extract.disambiguate import NameContextRules
from seckg.extract.gazetteer import Entry, Gazetteer
from seckg.extract.voice import VoiceRules
from seckg.namespaces import SEC, THREAT
from seckg.reference import Reference, load_reference


@dataclass(frozen=True)
class ThreatConcept:
    key: str  # the local name under secid:threat/
    top: str  # the key of its top concept
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    label: str
    acronym: str | None
    aliases: tuple[str, ...]
    by: str | None
    threats: tuple[str, ...]
    source: str
    signed: str | None = None  # ISO dates (signed or adopted, in force, ended)
    in_force: str | None = None
    ended: str | None = None
    status: str | None = None  # see sec:legalStatus
    status_note: str | None = None


@dataclass(frozen=True)
class InitiativeRules:
    heads: dict[str, str]  # head word -> head kind
    connectors: frozenset[str]
    leading_stopwords: frozenset[str]
    weak_heads: frozenset[str]
    generic_names: frozenset[str]
    excluded_words: frozenset[str]
    symbols: tuple[re.Pattern[str], ...]
    sentence_start_only: frozenset[str] = frozenset()
    numbered_names: tuple[re.Pattern[str], ...] = ()
    year_name_excluded: frozenset[str] = frozenset()
    named_after: re.Pattern[str] | None = None


@dataclass(frozen=True)
class CommitmentRules:
    triggers: re.Pattern[str]  # one alternation, a named group per commitment type
    forum_anaphora: re.Pattern[str]
    state_anaphora: re.Pattern[str]
    pair_anaphora: re.Pattern[str]
    non_actor_before: frozenset[str]
    first_person: re.Pattern[str]
    reporting_after: re.Pattern[str]
    reporting_before: re.Pattern[str]
    reporting_any: re.Pattern[str]
    perpetration: re.Pattern[str]
    not_a_commitment: re.Pattern[str]  # right before a trigger: "the right to (defend)"


@dataclass(frozen=True)
class MembershipRules:
    role_nouns: dict[str, str]
    forum_then_members: tuple[re.Pattern[str], ...]
    forum_role_members: tuple[re.Pattern[str], ...]
    members_then_forum: tuple[re.Pattern[str], ...]
    members_forum_noun: tuple[re.Pattern[str], re.Pattern[str]]
    members_role_only: re.Pattern[str]
    role_before_forum: tuple[re.Pattern[str], re.Pattern[str]]  # before the forum, gap after
    since_after: re.Pattern[str]
    members_as_ours: re.Pattern[str]


@dataclass
class Knowledge:
    reference: Reference
    threats: dict[str, ThreatConcept]
    instruments: dict[str, Instrument]
    gazetteer: Gazetteer
    initiatives: InitiativeRules
    commitments: CommitmentRules
    memberships: MembershipRules
    voice: VoiceRules
    name_contexts: NameContextRules
    demonyms: frozenset[str] = frozenset()  # lower-cased demonyms of every state
    forum_by_name: dict[str, str] = field(default_factory=dict)  # lower-cased name -> key

    def top_threat(self, key: str) -> str:
        return self.threats[key].top

    @property
    def leader_names(self) -> frozenset[str]:
        return frozenset(name for term in self.reference.leaders for name in term.names)

    def leader_states(self, day: date | None) -> dict[str, str] | None:
        """Leaders' names to the state each stood for on `day` (only those then in office);
        None when the day is unknown, so every leader's name keeps its state."""
        return None if day is None else self.reference.leaders_on(day)


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot be loaded ({exc.__class__.__name__})") from exc


def load_threats(threats_ttl: Path) -> dict[str, ThreatConcept]:
    graph = Graph().parse(threats_ttl, format="turtle")
    prefix = str(THREAT)
    concepts: dict[str, ThreatConcept] = {}
    broader: dict[str, str] = {}
    for concept in graph.subjects(RDF.type, SEC.Threat):
        key = str(concept).removeprefix(prefix)
        parent = graph.value(concept, SKOS.broader)
        if parent is not None:
            broader[key] = str(parent).removeprefix(prefix)
        terms = [
            str(t) for p in (SKOS.altLabel, SKOS.hiddenLabel) for t in graph.objects(concept, p)
        ]
        label = str(graph.value(concept, SKOS.prefLabel) or key)
        concepts[key] = ThreatConcept(key, key, label, tuple(sorted(terms)))

    def top(key: str) -> str:
        seen = set()
        while key in broader and key not in seen:
            seen.add(key)
            key = broader[key]
        return key

    return {k: ThreatConcept(c.key, top(k), c.label, c.terms) for k, c in concepts.items()}


def _day(value) -> str | None:
    """A day from YAML (a date object, or text) as ISO 8601."""
    return None if value is None else str(value)


def load_instruments(path: Path) -> dict[str, Instrument]:
    instruments = {}
    for entry in _yaml(path) or []:
        instruments[entry["key"]] = Instrument(
            key=entry["key"],
            label=entry["label"],
            acronym=entry.get("acronym"),
            aliases=tuple(entry.get("aliases") or ()),
            by=entry.get("by"),
            threats=tuple(entry.get("threats") or ()),
            source=entry["source"],
            signed=_day(entry.get("signed")),
            in_force=_day(entry.get("in_force")),
            ended=_day(entry.get("ended")),
            status=entry.get("status"),
            status_note=entry.get("status_note"),
        )
    return instruments


def _gazetteer_entries(
    reference: Reference,
    threats: dict[str, ThreatConcept],
    instruments: dict[str, Instrument],
    blockers: list[str],
) -> list[Entry]:
    entries = [Entry(b, "block", "") for b in blockers]
    for forum in reference.forums.values():
        entries += [Entry(name, "forum", forum.key) for name in forum.names]
    for instrument in instruments.values():
        names = (instrument.label, instrument.acronym, *instrument.aliases)
        entries += [Entry(n, "instrument", instrument.key) for n in names if n]
    for state in reference.states.values():
        names = (*state.names, *state.demonyms, *state.capitals, *state.leaders)
        # a territory is named in documents but is no state: never an actor or a main state
        kind = "territory" if state.is_territory else "state"
        entries += [Entry(name, kind, state.iso3) for name in names]
    # a leader's name stands for the state; whether it does at a document's date is decided
    # per document (`leader_states`)
    for term in reference.leaders:
        entries += [Entry(name, "state", term.iso3) for name in term.names]
    for concept in threats.values():
        entries += [Entry(term, "threat", concept.key) for term in concept.terms]
    return entries


def load_initiative_rules(path: Path) -> InitiativeRules:
    spec = _yaml(path)
    heads = {word: kind for kind, words in spec["heads"].items() for word in words}
    return InitiativeRules(
        heads=heads,
        connectors=frozenset(spec["connectors"]),
        leading_stopwords=frozenset(spec["leading_stopwords"]),
        weak_heads=frozenset(spec["weak_heads"]),
        generic_names=frozenset(n.lower() for n in spec["generic_names"]),
        excluded_words=frozenset(spec.get("excluded_words", ())),
        symbols=tuple(re.compile(p) for p in spec["symbols"]),
        sentence_start_only=frozenset(spec.get("sentence_start_only", ())),
        numbered_names=tuple(re.compile(p) for p in spec.get("numbered_names", ())),
        year_name_excluded=frozenset(spec.get("year_name_excluded", ())),
        named_after=re.compile(spec["named_after"], re.IGNORECASE)
        if "named_after" in spec
        else None,
    )


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])", re.IGNORECASE)


def _compile_all(spec: dict, key: str) -> tuple[re.Pattern[str], ...]:
    """The patterns listed under `key`, matched case-insensitively."""
    return tuple(re.compile(p, re.IGNORECASE) for p in spec[key])


def load_voice_rules(path: Path) -> VoiceRules:
    spec = _yaml(path)

    return VoiceRules(
        issuers_before=_compile_all(spec, "issuers_before"),
        speaker_self=_compile_all(spec, "speaker_self"),
        issuers_after=_compile_all(spec, "issuers_after"),
        forum_heading_after=_compile_all(spec, "forum_heading_after"),
        pair_heading_after=re.compile(spec["pair_heading_after"], re.IGNORECASE),
        state_masthead=re.compile(spec["state_masthead"], re.IGNORECASE),
        speech_markers=tuple(re.compile(p) for p in spec["speech_markers"]),
        perpetration=re.compile(spec["perpetration"], re.IGNORECASE),
    )


def load_name_context_rules(path: Path) -> NameContextRules:
    spec = _yaml(path)
    return NameContextRules(
        **{key: frozenset(spec[key]) for key in NameContextRules.__dataclass_fields__}
    )


def load_commitment_rules(path: Path, perpetration: re.Pattern[str]) -> CommitmentRules:
    spec = _yaml(path)
    # earlier types win ties at the same position, as the alternation tries them in order
    groups = [
        f"(?P<{kind}>" + "|".join(f"(?:{p})" for p in patterns) + ")"
        for kind, patterns in spec["triggers"].items()
    ]
    triggers = re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", re.IGNORECASE)
    return CommitmentRules(
        triggers=triggers,
        forum_anaphora=_alternation(spec["forum_anaphora"]),
        state_anaphora=_alternation(spec["state_anaphora"]),
        pair_anaphora=_alternation(spec["pair_anaphora"]),
        non_actor_before=frozenset(spec["non_actor_before"]),
        first_person=re.compile(r"(?<![\w-])(?:" + "|".join(spec["first_person"]) + r")(?![\w-])"),
        reporting_after=re.compile(spec["reporting_after"], re.IGNORECASE),
        reporting_before=re.compile(spec["reporting_before"], re.IGNORECASE),
        reporting_any=re.compile(spec["reporting_any"]),
        perpetration=perpetration,
        not_a_commitment=re.compile(
            r"(?<![\w-])(?:" + "|".join(spec["not_a_commitment_before"]) + r")\s+$", re.IGNORECASE
        ),
    )


def load_membership_rules(path: Path) -> MembershipRules:
    spec = _yaml(path)

    return MembershipRules(
        role_nouns=dict(spec["role_nouns"]),
        forum_then_members=_compile_all(spec, "forum_then_members"),
        forum_role_members=_compile_all(spec, "forum_role_members"),
        members_then_forum=_compile_all(spec, "members_then_forum"),
        members_forum_noun=(
            re.compile(spec["members_forum_noun"]["gap"], re.IGNORECASE),
            re.compile(spec["members_forum_noun"]["after"], re.IGNORECASE),
        ),
        members_role_only=re.compile(spec["members_role_only"], re.IGNORECASE),
        role_before_forum=(
            re.compile(spec["role_before_forum"]["before"], re.IGNORECASE),
            re.compile(spec["role_before_forum"]["gap"], re.IGNORECASE),
        ),
        since_after=re.compile(spec["since_after"], re.IGNORECASE),
        members_as_ours=re.compile(spec["members_as_ours"], re.IGNORECASE),
    )


@cache
def load_knowledge() -> Knowledge:
    """All extraction knowledge from the packaged ontology, reference data and lexicons."""
    reference = load_reference()
    threats = load_threats(resources.ontology_file("threats.ttl"))
    instruments = load_instruments(resources.reference_dir() / "instruments.yaml")
    blockers_file = resources.lexicon_dir() / "blockers.txt"
    blockers = [
        line.strip()
        for line in blockers_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lexicon = resources.lexicon_dir()
    voice = load_voice_rules(lexicon / "voice.yaml")
    knowledge = Knowledge(
        reference=reference,
        threats=threats,
        instruments=instruments,
        gazetteer=Gazetteer(_gazetteer_entries(reference, threats, instruments, blockers)),
        initiatives=load_initiative_rules(lexicon / "initiatives.yaml"),
        commitments=load_commitment_rules(lexicon / "commitments.yaml", voice.perpetration),
        voice=voice,
        name_contexts=load_name_context_rules(lexicon / "not_the_entity.yaml"),
        memberships=load_membership_rules(lexicon / "memberships.yaml"),
    )
    for forum in reference.forums.values():
        for name in forum.names:
            knowledge.forum_by_name.setdefault(name.lower(), forum.key)
    knowledge.demonyms = frozenset(
        d.lower() for state in reference.states.values() for d in state.demonyms
    )
    return knowledge


def threat_iri(key: str) -> URIRef:
    return THREAT[key]
