"""Curated reference knowledge: states, territories, forums, memberships and leaders, as data.

States come from ISO 3166 through pycountry (never typed by hand), with the names, aliases,
demonyms and capital metonyms that news uses from `data/reference/state_aliases.csv`; the ISO
entries that are not sovereign states (Hong Kong, Guam, Greenland, ...) are listed with their
administering state in `territories.csv`, and states ISO lacks (Kosovo) in `extra_states.csv`.
Forums come from `forums.yaml`, memberships from `memberships.csv` (a forum whose members are
another's, such as the General Assembly's, says so in `forums.yaml`), heads of state and
government with their terms from `leaders.csv`. Every row carries its public source. Facts
made from these files are marked `prov:wasDerivedFrom secid:source/reference`.

Time: a membership's `since` and `until` are a year or a date, `until` being the last day
held (a year means to its end: a UNSC term "2025-2026" lasts through 31 December 2026). Every
question about members is asked as of a day, today unless given. A suspension is a row of its
own, role `suspended`, so the member still counts as a member but not as an active one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from datetime import date
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
MEMBER_ROLES = frozenset({"member", "permanent-member", "elected-member"})
SUSPENDED = "suspended"

_DAY = re.compile(r"\d{4}(-\d{2}-\d{2})?")


def parse_day(text: str, where: str) -> str | None:
    """A year ("2023") or an ISO date ("2023-04-04") as written, checked; None when empty."""
    text = text.strip()
    if not text:
        return None
    if not _DAY.fullmatch(text):
        raise InputError(f"{where}: {text!r} is neither a year (YYYY) nor a date (YYYY-MM-DD)")
    if len(text) > 4:
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise InputError(f"{where}: {text!r} is not a date of the calendar") from exc
    return text


def first_day(value: str) -> date:
    return date(int(value), 1, 1) if len(value) == 4 else date.fromisoformat(value)


def last_day(value: str) -> date:
    return date(int(value), 12, 31) if len(value) == 4 else date.fromisoformat(value)


def as_of_day(value: str | date | None) -> date:
    """The day a question is asked about: a date, "YYYY" (its last day) or "YYYY-MM-DD";
    today when None."""
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    checked = parse_day(str(value), "--as-of")
    return date.today() if checked is None else last_day(checked)


@dataclass(frozen=True)
class StateInfo:
    iso3: str
    label: str
    names: tuple[str, ...]  # every name that denotes the state in text, label first
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    administered_by: str | None = None  # for a territory: the ISO3 of the state that runs it

    @property
    def is_territory(self) -> bool:
        return self.administered_by is not None


@dataclass(frozen=True)
class LeaderTerm:
    """A head of state or government in office: their name maps to the state only then."""

    iso3: str
    name: str
    aliases: tuple[str, ...]
    office: str
    since: str
    until: str | None
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def in_office(self, day: date) -> bool:
        return first_day(self.since) <= day and (self.until is None or day <= last_day(self.until))


@dataclass(frozen=True)
class ForumInfo:
    key: str
    label: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    founded: int | None
    source: str
    members_like: dict | None = None  # {like: forum key, except: [...], plus: [...], source}
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.label, self.acronym, *self.aliases) if n)


@dataclass(frozen=True)
class MembershipInfo:
    forum: str  # forum key
    member: str  # ISO3 code, "territory:<ISO3>" or "forum:<key>" for an organisation
    role: str
    since: str | None  # a year or an ISO date, as written
    until: str | None  # the last year or day held
    source: str
    note: str = ""
    serial: str = ""  # tells apart two periods of one member in one role (UNSC terms)

    @property
    def since_year(self) -> int | None:
        return int(self.since[:4]) if self.since else None

    @property
    def until_year(self) -> int | None:
        return int(self.until[:4]) if self.until else None

    def held_on(self, day: date) -> bool:
        return (self.since is None or first_day(self.since) <= day) and (
            self.until is None or day <= last_day(self.until)
        )


@dataclass
class Reference:
    states: dict[str, StateInfo] = field(default_factory=dict)
    forums: dict[str, ForumInfo] = field(default_factory=dict)
    memberships: list[MembershipInfo] = field(default_factory=list)
    leaders: list[LeaderTerm] = field(default_factory=list)

    def members_of(
        self,
        forum_key: str,
        role: str = "member",
        as_of: str | date | None = None,
        active: bool = False,
    ) -> set[str]:
        """Members of a forum in a role (with its narrower roles) on a day (default today);
        with `active`, without those suspended that day."""
        day = as_of_day(as_of)
        roles = {role} | (MEMBER_ROLES if role == "member" else set())
        held = {
            m.member
            for m in self.memberships
            if m.forum == forum_key and m.role in roles and m.held_on(day)
        }
        if active:
            held -= self.members_of(forum_key, SUSPENDED, day)
        return held

    def forums_of(self, member: str, as_of: str | date | None = None) -> list[MembershipInfo]:
        """The membership rows of a state (ISO3) or forum ("forum:<key>") held on a day."""
        day = as_of_day(as_of)
        return [m for m in self.memberships if m.member == member and m.held_on(day)]

    def leaders_on(self, day: date) -> dict[str, str]:
        """Every leader's name (aliases included) in office that day, to the state's ISO3."""
        return {
            name: term.iso3 for term in self.leaders if term.in_office(day) for name in term.names
        }


# --------------------------------------------------------------------------- IRIs


def state_iri(iso3: str) -> URIRef:
    return SECID[f"state/{iso3}"]


def forum_iri(key: str) -> URIRef:
    return SECID[f"forum/{key}"]


def territory_iri(iso3: str) -> URIRef:
    return SECID[f"territory/{iso3}"]


def actor_iri(member: str) -> URIRef:
    """IRI of a membership's member: an ISO3 code, `territory:<ISO3>` or `forum:<key>`."""
    if member.startswith("forum:"):
        return forum_iri(member.removeprefix("forum:"))
    if member.startswith("territory:"):
        return territory_iri(member.removeprefix("territory:"))
    return state_iri(member)


def membership_iri(forum_key: str, member: str, role: str, serial: str = "") -> URIRef:
    member_id = member.replace("forum:", "forum-").replace("territory:", "territory-")
    suffix = f"/{serial}" if serial else ""
    return SECID[f"membership/{forum_key}/{member_id}/{role}{suffix}"]


# --------------------------------------------------------------------------- loading


def _pycountry_label(country) -> str:
    return getattr(country, "common_name", None) or country.name


def load_states(
    aliases_csv: Path, territories_csv: Path | None = None, extra_csv: Path | None = None
) -> dict[str, StateInfo]:
    extra: dict[str, dict[str, list[str]]] = {}
    known = {c.alpha_3 for c in pycountry.countries}
    added: dict[str, str] = {}
    if extra_csv is not None:
        for line_no, row in _read_csv(extra_csv, ("iso3", "label", "source")):
            code = row["iso3"].strip()
            if not re.fullmatch(r"[A-Z]{3}", code) or code in known:
                raise InputError(f"{extra_csv}:{line_no}: {code!r} is not a new three-letter code")
            if not row["source"].strip():
                raise InputError(f"{extra_csv}:{line_no}: the source column is empty")
            added[code] = row["label"].strip()
    for line_no, row in _read_csv(aliases_csv, ("iso3", "alias", "kind", "source")):
        iso3, alias, kind = row["iso3"].strip(), row["alias"].strip(), row["kind"].strip()
        if iso3 not in known and iso3 not in added:
            raise InputError(f"{aliases_csv}:{line_no}: unknown ISO 3166 alpha-3 code {iso3!r}")
        if kind not in ALIAS_KINDS:
            raise InputError(
                f"{aliases_csv}:{line_no}: kind {kind!r} is not one of {', '.join(ALIAS_KINDS)}"
            )
        if not row["source"].strip():
            raise InputError(f"{aliases_csv}:{line_no}: the source column is empty")
        extra.setdefault(iso3, {k: [] for k in ALIAS_KINDS})[kind].append(alias)
    administered: dict[str, str] = {}
    if territories_csv is not None:
        for line_no, row in _read_csv(territories_csv, ("iso3", "administered_by", "source")):
            code, by = row["iso3"].strip(), row["administered_by"].strip()
            if code not in known or (by not in known and by != "-"):
                raise InputError(f"{territories_csv}:{line_no}: unknown code {code!r} or {by!r}")
            if not row["source"].strip():
                raise InputError(f"{territories_csv}:{line_no}: the source column is empty")
            administered[code] = by

    entries = [
        (c.alpha_3, _pycountry_label(c), c.name, getattr(c, "official_name", None))
        for c in pycountry.countries
    ] + [(code, label, label, None) for code, label in added.items()]
    states: dict[str, StateInfo] = {}
    for iso3, common, name, official in entries:
        mine = extra.get(iso3, {k: [] for k in ALIAS_KINDS})
        label = mine["label"][0] if mine["label"] else common
        candidates = [label, *mine["alias"], common, name]
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
            administered_by=administered.get(iso3),
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
        like = entry.get("members_like")
        if like is not None and not (
            isinstance(like, dict) and like.get("like") and like.get("source")
        ):
            raise InputError(
                f"{forums_yaml}: entry {index} ({key}): members_like needs `like` and `source`"
            )
        if like and like.get("years", BORROWED_YEARS) not in MEMBERS_LIKE_YEARS:
            raise InputError(
                f"{forums_yaml}: entry {index} ({key}): members_like years must be one of "
                + ", ".join(repr(choice) for choice in MEMBERS_LIKE_YEARS)
            )
        forums[key] = ForumInfo(
            key=key,
            label=str(entry["label"]),
            acronym=str(entry["acronym"]) if entry.get("acronym") else None,
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
            kind=str(entry["kind"]),
            founded=int(entry["founded"]) if entry.get("founded") else None,
            source=str(entry["source"]),
            members_like=like,
            note=str(entry.get("note") or ""),
        )
    return forums


ROLES = frozenset(
    {*MEMBER_ROLES, "partner", "observer", "dialogue-partner", "participant", SUSPENDED}
)


def _member_known(member: str, states: dict[str, StateInfo], forums: dict[str, ForumInfo]):
    if member.startswith("forum:"):
        return member.removeprefix("forum:") in forums
    if member.startswith("territory:"):
        info = states.get(member.removeprefix("territory:"))
        return info is not None and info.is_territory
    return member in states and not states[member].is_territory


def load_memberships(
    memberships_csv: Path, states: dict[str, StateInfo], forums: dict[str, ForumInfo]
) -> list[MembershipInfo]:
    columns = ("forum", "member", "role", "since", "until", "source", "note")
    memberships = []
    for line_no, row in _read_csv(memberships_csv, columns):
        where = f"{memberships_csv}:{line_no}"
        forum, member, role = row["forum"].strip(), row["member"].strip(), row["role"].strip()
        if forum not in forums:
            raise InputError(f"{where}: unknown forum key {forum!r}")
        if not _member_known(member, states, forums):
            raise InputError(
                f"{where}: unknown member {member!r} "
                "(a state's ISO3 code, territory:<ISO3> or forum:<key>)"
            )
        if role not in ROLES:
            raise InputError(f"{where}: role {role!r} is not one of {', '.join(sorted(ROLES))}")
        if not row["source"].strip():
            raise InputError(f"{where}: the source column is empty")
        since = parse_day(row["since"], f"{where}: since")
        until = parse_day(row["until"], f"{where}: until")
        if since and until and first_day(since) > last_day(until):
            raise InputError(f"{where}: since {since} is after until {until}")
        memberships.append(
            MembershipInfo(
                forum,
                member,
                role,
                since,
                until,
                row["source"].strip(),
                row.get("note", "").strip(),
            )
        )
    memberships += _derived_memberships(forums, memberships, states)
    return _with_serials(memberships)


BORROWED_YEARS, UNRECORDED_YEARS = "as the base forum", "not recorded"
MEMBERS_LIKE_YEARS = (BORROWED_YEARS, UNRECORDED_YEARS)
# Kinds of forum that have no members by nature (ForumWithMembersShape leaves them out too): a
# conference's participants change each year; a UN office or programme answers to a board.
MEMBERLESS_KINDS = ("conference", "un-programme")


def _derived_memberships(
    forums: dict[str, ForumInfo], rows: list[MembershipInfo], states: dict[str, StateInfo]
) -> list[MembershipInfo]:
    """Members of forums whose membership is another's (the General Assembly is the UN's
    members), with the exceptions and additions `forums.yaml` lists."""
    derived = []
    for forum in forums.values():
        like = forum.members_like
        if not like:
            continue
        base = str(like["like"])
        if base not in forums:
            raise InputError(f"forums.yaml: {forum.key}: members_like names unknown forum {base!r}")
        excluded = {str(code) for code in like.get("except") or ()}
        source = str(like["source"])
        # The IMF's members are nearly the UN's, but they did not join it when they joined the
        # UN: `years: not recorded` keeps the rows and drops the borrowed years.
        borrow_years = like.get("years", BORROWED_YEARS) != UNRECORDED_YEARS
        note = f"as a member of the {forums[base].label}"
        if not borrow_years:
            note += "; year of joining not recorded here"
        for m in rows:
            if m.forum == base and m.role in MEMBER_ROLES and m.member not in excluded:
                since = m.since if borrow_years else None
                if (
                    borrow_years
                    and forum.founded
                    and (since is None or m.since_year < forum.founded)
                ):
                    since = str(forum.founded)
                derived.append(
                    MembershipInfo(forum.key, m.member, "member", since, m.until, source, note)
                )
        for extra in like.get("plus") or ():
            code, _, since = str(extra).partition("@")
            if not _member_known(code, states, forums):
                raise InputError(f"forums.yaml: {forum.key}: members_like plus {code!r} unknown")
            derived.append(
                MembershipInfo(forum.key, code, "member", since or None, None, source, "")
            )
    return derived


def _with_serials(memberships: list[MembershipInfo]) -> list[MembershipInfo]:
    """Gives each period a distinct IRI when a member holds one role more than once (two UNSC
    terms, two suspensions); a single period keeps the short IRI analysts' decisions use."""
    seen: dict[tuple[str, str, str], int] = {}
    for m in memberships:
        seen[(m.forum, m.member, m.role)] = seen.get((m.forum, m.member, m.role), 0) + 1
    out = []
    for m in memberships:
        if seen[(m.forum, m.member, m.role)] > 1:
            m = replace(m, serial=m.since or "undated")
        out.append(m)
    return out


def load_leaders(leaders_csv: Path, states: dict[str, StateInfo]) -> list[LeaderTerm]:
    columns = ("iso3", "name", "aliases", "office", "since", "until", "source")
    terms = []
    for line_no, row in _read_csv(leaders_csv, columns):
        where = f"{leaders_csv}:{line_no}"
        iso3 = row["iso3"].strip()
        if iso3 not in states:
            raise InputError(f"{where}: unknown state {iso3!r}")
        if not row["name"].strip() or not row["source"].strip():
            raise InputError(f"{where}: the name or the source column is empty")
        since = parse_day(row["since"], f"{where}: since")
        if since is None:
            raise InputError(f"{where}: since is empty (the day the term began)")
        terms.append(
            LeaderTerm(
                iso3=iso3,
                name=row["name"].strip(),
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                office=row["office"].strip(),
                since=since,
                until=parse_day(row["until"], f"{where}: until"),
                source=row["source"].strip(),
            )
        )
    return terms


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
    states = load_states(
        directory / "state_aliases.csv",
        directory / "territories.csv",
        directory / "extra_states.csv",
    )
    forums = load_forums(directory / "forums.yaml")
    memberships = load_memberships(directory / "memberships.csv", states, forums)
    leaders = load_leaders(directory / "leaders.csv", states)
    return Reference(states=states, forums=forums, memberships=memberships, leaders=leaders)


# --------------------------------------------------------------------------- to RDF


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _day(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear if len(value) == 4 else XSD.date)


def reference_graph(reference: Reference) -> Graph:
    """The reference knowledge as RDF, every fact marked as coming from the reference data."""
    graph = Graph()
    for state in reference.states.values():
        if state.is_territory:
            node = territory_iri(state.iso3)
            graph.add((node, RDF.type, SEC.Territory))
            if state.administered_by != "-":
                graph.add((node, SEC.administeredBy, state_iri(state.administered_by)))
        else:
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
        node = membership_iri(m.forum, m.member, m.role, m.serial)
        graph.add((node, RDF.type, SEC.Membership))
        graph.add((node, ORG.member, actor_iri(m.member)))
        graph.add((node, ORG.organization, forum_iri(m.forum)))
        graph.add((node, SEC.role, ROLE[m.role]))
        if m.since:
            graph.add((node, SEC.since, _day(m.since)))
        if m.until:
            graph.add((node, SEC.until, _day(m.until)))
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


@cache
def context_graph() -> Graph:
    """The ontology and the reference data: the context every graph of seckg's is read in
    (built once per process; callers add it to a copy, never change it)."""
    return ontology_graph() + reference_graph(load_reference())
