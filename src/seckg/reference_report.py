"""What the curated reference data says about one forum, state or instrument on a given day.

`seckg reference` answers from the packaged data alone (no graph needed): it is how an analyst
checks a row before trusting a network built on it, and how a maintainer sees a stale one.
"""

from __future__ import annotations

from datetime import date

from seckg.errors import InputError
from seckg.reference import (
    MEMBER_ROLES,
    SUSPENDED,
    MembershipInfo,
    Reference,
    as_of_day,
    last_day,
)


def find_thing(reference: Reference, thing: str) -> tuple[str, str]:
    """("forum", key) or ("state", ISO3) for a code, key, name or prefixed IRI."""
    text = thing.strip()
    kind, _, local = text.partition(":")
    if local and kind in ("forum", "state", "territory"):
        text = local
    wanted = text.lower()
    forums = [
        key
        for key, forum in reference.forums.items()
        if wanted == key or wanted in (n.lower() for n in forum.names)
    ]
    states = [
        code
        for code, state in reference.states.items()
        if wanted == code.lower() or wanted in (n.lower() for n in state.names)
    ]
    if kind == "forum":
        states = []
    elif kind in ("state", "territory"):
        forums = []
    found = [("forum", key) for key in forums] + [("state", code) for code in states]
    if not found:
        raise InputError(
            f"{thing!r}: no forum, state or instrument of the reference data has that code or "
            "name (try a key such as nato, an acronym such as ASEAN, an ISO code such as JPN, "
            "or a treaty such as 'New START')"
        )
    if len(found) > 1:
        shown = ", ".join(f"{k}:{v}" for k, v in found[:5])
        raise InputError(f"{thing!r}: ambiguous, it names {shown}; give one of them")
    return found[0]


def _row(m: MembershipInfo, reference: Reference) -> dict:
    return {
        "member": m.member,
        "label": _label(reference, m.member),
        "forum": m.forum,
        "forum_label": reference.forums[m.forum].label,
        "role": m.role,
        "since": m.since,
        "until": m.until,
        "source": m.source,
        "note": m.note,
    }


def _label(reference: Reference, member: str) -> str:
    if member.startswith("forum:"):
        return reference.forums[member.removeprefix("forum:")].label
    return reference.states[member.removeprefix("territory:")].label


def _sort_key(row: dict) -> tuple:
    return (row["role"], row["label"])


def describe(reference: Reference, thing: str, as_of: str | date | None = None) -> dict:
    """Everything the reference data holds about THING, as of a day (today by default)."""
    day = as_of_day(as_of)
    try:
        kind, ident = find_thing(reference, thing)
    except InputError:  # forums and states first; then the curated instruments
        instrument = _find_instrument(thing)
        if instrument is None:
            raise
        return _describe_instrument(instrument, day)
    if kind == "forum":
        return _describe_forum(reference, ident, day)
    return _describe_state(reference, ident, day)


def _describe_forum(reference: Reference, key: str, day: date) -> dict:
    forum = reference.forums[key]
    rows = [m for m in reference.memberships if m.forum == key]
    held = [m for m in rows if m.held_on(day)]
    suspended = reference.members_of(key, SUSPENDED, day)
    members = reference.members_of(key, as_of=day)
    past = [m for m in rows if m.until and last_day(m.until) < day and m.role != SUSPENDED]
    return {
        "kind": "forum",
        "id": f"forum:{key}",
        "label": forum.label,
        "acronym": forum.acronym,
        "forum_kind": forum.kind,
        "founded": forum.founded,
        "source": forum.source,
        "note": forum.note,
        "as_of": day.isoformat(),
        "counts": {
            "members": len(members),
            "active_members": len(members - suspended),
            "suspended": len(suspended),
            "other_roles": len(
                {(m.member, m.role) for m in held if m.role not in MEMBER_ROLES | {SUSPENDED}}
            ),
            "rows": len(rows),
        },
        "held": sorted((_row(m, reference) for m in held), key=_sort_key),
        "ended": sorted((_row(m, reference) for m in past), key=_sort_key),
    }


def _describe_state(reference: Reference, iso3: str, day: date) -> dict:
    state = reference.states[iso3]
    member = f"territory:{iso3}" if state.is_territory else iso3
    held = reference.forums_of(member, day)
    leaders = [
        {"name": t.name, "office": t.office, "since": t.since, "until": t.until, "source": t.source}
        for t in reference.leaders
        if t.iso3 == iso3 and t.in_office(day)
    ]
    return {
        "kind": "territory" if state.is_territory else "state",
        "id": f"{'territory' if state.is_territory else 'state'}:{iso3}",
        "label": state.label,
        "names": list(state.names),
        "administered_by": state.administered_by,
        "as_of": day.isoformat(),
        "counts": {"forums": len({m.forum for m in held}), "leaders": len(leaders)},
        "held": sorted(
            (_row(m, reference) for m in held), key=lambda r: (r["forum_label"], r["role"])
        ),
        "leaders": leaders,
    }


def _find_instrument(thing: str):
    """The curated instrument (treaty, convention, code) THING names, if it names one."""
    from seckg import resources
    from seckg.extract.knowledge import load_instruments

    text = thing.strip().removeprefix("instrument:").lower()
    for instrument in load_instruments(resources.reference_dir() / "instruments.yaml").values():
        names = (instrument.key, instrument.label, instrument.acronym or "", *instrument.aliases)
        if text in (name.lower() for name in names if name):
            return instrument
    return None


def standing_on(instrument, day: date) -> str:
    """Where the instrument stood on `day`, from its dates; on or after today, its status
    (a suspension has no date in the data, so it shows from today on)."""
    iso = day.isoformat()
    status = (instrument.status or "").replace("-", " ")
    if instrument.signed and iso < instrument.signed:
        return "not yet signed"
    if instrument.ended and iso >= instrument.ended:
        return status or "ended"
    if day >= date.today():
        return status
    if instrument.in_force and iso >= instrument.in_force:
        return "in force"
    return "signed, not in force" if instrument.in_force else status


def _describe_instrument(instrument, day: date) -> dict:
    return {
        "id": f"instrument:{instrument.key}",
        "kind": "instrument",
        "label": instrument.label,
        "as_of": day.isoformat(),
        "counts": {},
        "standing": standing_on(instrument, day),
        "status_today": instrument.status,
        "signed_on": instrument.signed,
        "in_force_from": instrument.in_force,
        "ended_on": instrument.ended,
        "note": instrument.status_note,
        "by": instrument.by,
        "source": instrument.source,
    }
