"""Curated reference knowledge: states, forums and memberships, kept as data.

States come from ISO 3166 through pycountry (never typed by hand), with the names, aliases,
demonyms and capital metonyms that news uses from `data/reference/state_aliases.csv`. Forums
come from `forums.yaml`, memberships from `memberships.csv`; every row carries its public
source. Facts made from these files are marked `prov:wasDerivedFrom secid:source/reference`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from seckg import resources
from seckg.errors import InputError
from seckg.namespaces import FORUM_KIND, ORG, PROV, REFERENCE_SOURCE, ROLE, SEC, SECID

ALIAS_KINDS = ("label", "alias", "demonym", "capital", "leader")


@dataclass(frozen=True)
class StateInfo:
    iso3: str
    label: str
    names: tuple[str, ...]  # every name that denotes the state in text, label first
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForumInfo:
    key: str
    label: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    founded: int | None
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.label, self.acronym, *self.aliases) if n)


@dataclass(frozen=True)
class MembershipInfo:
    forum: str  # forum key
    member: str  # ISO3 code, or "forum:<key>" for an organisation
    role: str
    since: int | None
    until: int | None
    source: str
    note: str = ""


@dataclass
class Reference:
    states: dict[str, StateInfo] = field(default_factory=dict)
    forums: dict[str, ForumInfo] = field(default_factory=dict)
    memberships: list[MembershipInfo] = field(default_factory=list)

    def members_of(self, forum_key: str, role: str = "member", current: bool = True) -> set[str]:
        """Members of a forum in a role (with its narrower roles), by default only current ones."""
        roles = {role} | ({"permanent-member", "elected-member"} if role == "member" else set())
        return {
            m.member
            for m in self.memberships
            if m.forum == forum_key and m.role in roles and not (current and m.until)
        }


# --------------------------------------------------------------------------- IRIs


def state_iri(iso3: str) -> URIRef:
    return SECID[f"state/{iso3}"]


def forum_iri(key: str) -> URIRef:
    return SECID[f"forum/{key}"]


def actor_iri(member: str) -> URIRef:
    """IRI of a membership's member: an ISO3 code or `forum:<key>`."""
    if member.startswith("forum:"):
        return forum_iri(member.removeprefix("forum:"))
    return state_iri(member)


def membership_iri(forum_key: str, member: str, role: str) -> URIRef:
    member_id = member.replace("forum:", "forum-")
    return SECID[f"membership/{forum_key}/{member_id}/{role}"]


# --------------------------------------------------------------------------- loading


def _pycountry_label(country) -> str:
    return getattr(country, "common_name", None) or country.name


def load_states(aliases_csv: Path) -> dict[str, StateInfo]:
    extra: dict[str, dict[str, list[str]]] = {}
    for line_no, row in _read_csv(aliases_csv, ("iso3", "alias", "kind", "source")):
        iso3, alias, kind = row["iso3"].strip(), row["alias"].strip(), row["kind"].strip()
        if pycountry.countries.get(alpha_3=iso3) is None:
            raise InputError(f"{aliases_csv}:{line_no}: unknown ISO 3166 alpha-3 code {iso3!r}")
        if kind not in ALIAS_KINDS:
            raise InputError(
                f"{aliases_csv}:{line_no}: kind {kind!r} is not one of {', '.join(ALIAS_KINDS)}"
            )
        if not row["source"].strip():
            raise InputError(f"{aliases_csv}:{line_no}: the source column is empty")
        extra.setdefault(iso3, {k: [] for k in ALIAS_KINDS})[kind].append(alias)

    states: dict[str, StateInfo] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        mine = extra.get(iso3, {k: [] for k in ALIAS_KINDS})
        label = mine["label"][0] if mine["label"] else _pycountry_label(country)
        official = getattr(country, "official_name", None)
        candidates = [label, *mine["alias"], _pycountry_label(country), country.name]
        if official:
            candidates.append(official)
        # "Korea, Republic of" is a catalogue form, never written in prose
        names = tuple(dict.fromkeys(n for n in candidates if n and ", " not in n))
        states[iso3] = StateInfo(
            iso3=iso3,
            label=label,
            names=names,
            demonyms=tuple(mine["demonym"]),
            capitals=tuple(mine["capital"]),
            leaders=tuple(mine["leader"]),
        )
    return states


def load_forums(forums_yaml: Path) -> dict[str, ForumInfo]:
    try:
        entries = yaml.safe_load(forums_yaml.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"{forums_yaml}: not valid YAML ({exc.__class__.__name__})") from exc
    forums: dict[str, ForumInfo] = {}
    for index, entry in enumerate(entries or [], start=1):
        missing = [k for k in ("key", "label", "kind", "source") if not entry.get(k)]
        if missing:
            raise InputError(f"{forums_yaml}: entry {index} lacks {', '.join(missing)}")
        key = str(entry["key"])
        if key in forums:
            raise InputError(f"{forums_yaml}: entry {index} repeats the key {key!r}")
        forums[key] = ForumInfo(
            key=key,
            label=str(entry["label"]),
            acronym=str(entry["acronym"]) if entry.get("acronym") else None,
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
            kind=str(entry["kind"]),
            founded=int(entry["founded"]) if entry.get("founded") else None,
            source=str(entry["source"]),
        )
    return forums


def load_memberships(
    memberships_csv: Path, states: dict[str, StateInfo], forums: dict[str, ForumInfo]
) -> list[MembershipInfo]:
    columns = ("forum", "member", "role", "since", "until", "source", "note")
    memberships = []
    for line_no, row in _read_csv(memberships_csv, columns):
        where = f"{memberships_csv}:{line_no}"
        forum, member = row["forum"].strip(), row["member"].strip()
        if forum not in forums:
            raise InputError(f"{where}: unknown forum key {forum!r}")
        member_ok = (
            member.removeprefix("forum:") in forums
            if member.startswith("forum:")
            else member in states
        )
        if not member_ok:
            raise InputError(f"{where}: unknown member {member!r} (ISO3 code or forum:<key>)")
        if not row["source"].strip():
            raise InputError(f"{where}: the source column is empty")
        try:
            since = int(row["since"]) if row["since"].strip() else None
            until = int(row["until"]) if row["until"].strip() else None
        except ValueError as exc:
            raise InputError(f"{where}: since/until must be years ({exc})") from exc
        memberships.append(
            MembershipInfo(
                forum,
                member,
                row["role"].strip(),
                since,
                until,
                row["source"].strip(),
                row.get("note", "").strip(),
            )
        )
    return memberships


def _read_csv(path: Path, columns: tuple[str, ...]):
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = list(reader)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    for offset, row in enumerate(rows):
        yield offset + 2, {k: (v or "") for k, v in row.items()}


@cache
def load_reference(directory: Path | None = None) -> Reference:
    """Load the curated reference data (cached: it is read once per process)."""
    directory = directory or resources.reference_dir()
    states = load_states(directory / "state_aliases.csv")
    forums = load_forums(directory / "forums.yaml")
    memberships = load_memberships(directory / "memberships.csv", states, forums)
    return Reference(states=states, forums=forums, memberships=memberships)


# --------------------------------------------------------------------------- to RDF


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def reference_graph(reference: Reference) -> Graph:
    """The reference knowledge as RDF, every fact marked as coming from the reference data."""
    graph = Graph()
    for state in reference.states.values():
        node = state_iri(state.iso3)
        graph.add((node, RDF.type, SEC.State))
        graph.add((node, RDFS.label, Literal(state.label, lang="en")))
        graph.add((node, SEC.iso3, Literal(state.iso3)))
        for name in (*state.names[1:], *state.demonyms):
            graph.add((node, SKOS.altLabel, Literal(name, lang="en")))
        graph.add((node, PROV.wasDerivedFrom, REFERENCE_SOURCE))
    for forum in reference.forums.values():
        node = forum_iri(forum.key)
        graph.add((node, RDF.type, SEC.Forum))
        graph.add((node, RDFS.label, Literal(forum.label, lang="en")))
        if forum.acronym:
            graph.add((node, SEC.acronym, Literal(forum.acronym)))
        for alias in forum.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        graph.add((node, SEC.forumKind, FORUM_KIND[forum.kind]))
        if forum.founded:
            graph.add((node, SEC.founded, _year(forum.founded)))
        graph.add((node, DCTERMS.source, URIRef(forum.source)))
        graph.add((node, PROV.wasDerivedFrom, REFERENCE_SOURCE))
    for m in reference.memberships:
        node = membership_iri(m.forum, m.member, m.role)
        graph.add((node, RDF.type, SEC.Membership))
        graph.add((node, ORG.member, actor_iri(m.member)))
        graph.add((node, ORG.organization, forum_iri(m.forum)))
        graph.add((node, SEC.role, ROLE[m.role]))
        if m.since:
            graph.add((node, SEC.since, _year(m.since)))
        if m.until:
            graph.add((node, SEC.until, _year(m.until)))
        graph.add((node, DCTERMS.source, URIRef(m.source)))
        if m.note:
            graph.add((node, SKOS.note, Literal(m.note, lang="en")))
        graph.add((node, PROV.wasDerivedFrom, REFERENCE_SOURCE))
    return graph


def ontology_graph() -> Graph:
    """The ontology and its SKOS vocabularies (threats, roles, commitment types, forum kinds)."""
    graph = Graph()
    for name in resources.ONTOLOGY_FILES:
        graph.parse(resources.ontology_file(name), format="turtle")
    return graph
