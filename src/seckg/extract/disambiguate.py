"""Names that are not the entity they spell: "Michael Jordan", "Atlanta, Georgia", "Russia's
Security Council", "the OAS General Assembly".

The gazetteer matches names; these rules (`data/lexicon/not_the_entity.yaml`) then drop a
mention whose context shows it is a person, a US state, or another body's council or assembly.
Regions that contain a state's name ("Niger Delta") are blockers in the gazetteer instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seckg.extract.gazetteer import Mention

_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \t]+$")  # on the same line
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_POSSESSIVE_BEFORE = re.compile(r"[’']s?\s+$")
_CITY_COMMA = re.compile(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*$")


@dataclass(frozen=True)
class NameContextRules:
    person_homonyms: frozenset[str]
    state_name_followers: frozenset[str]
    state_name_preceders: frozenset[str]
    us_state_homonyms: frozenset[str]
    generic_bodies: frozenset[str]


def drop_non_entities(
    text: str, mentions: list[Mention], rules: NameContextRules, demonyms: frozenset[str]
) -> list[Mention]:
    """The mentions that name what they say, in order."""
    kept: list[Mention] = []
    covered = bytearray(len(text) + 1)  # characters inside some mention, marked once
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    starts = {m.start for m in mentions}
    for index, mention in enumerate(mentions):
        previous = mentions[index - 1] if index else None
        if mention.kind == "state" and _is_person(text, mention, covered, starts, rules):
            continue
        if (
            mention.kind == "state"
            and mention.text in rules.us_state_homonyms
            and _CITY_COMMA.search(text, max(0, mention.start - 40), mention.start)
        ):
            continue
        if mention.kind == "forum" and " ".join(mention.text.split()) in rules.generic_bodies:
            before = text[max(0, mention.start - 3) : mention.start]
            owner = previous is not None and previous.kind in ("state", "forum")
            adjacent = owner and not text[previous.end : mention.start].strip(" ’'s")
            if adjacent and (
                previous.kind == "forum"
                or previous.text.lower() in demonyms
                or _POSSESSIVE_BEFORE.search(before + " ")
                or re.fullmatch(r"[’']s?\s+", text[previous.end : mention.start])
            ):
                continue
        kept.append(mention)
    return kept


def _is_person(
    text: str, mention: Mention, covered: bytearray, starts: set[int], rules: NameContextRules
) -> bool:
    """ "Michael Jordan", "Chad Smith": a homonym next to a capitalised word that is no name.

    `covered` marks the characters inside mentions, `starts` where mentions begin.
    """
    if mention.text not in rules.person_homonyms:
        return False
    before = _WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if before and before[1] not in rules.state_name_preceders and not covered[before.start(1)]:
        line_start = text.rfind("\n", 0, before.start(1)) + 1
        sentence_start = not text[line_start : before.start(1)].strip() or re.search(
            r"[.!?]\s*$", text[max(0, before.start(1) - 3) : before.start(1)]
        )
        # a capitalised word at a sentence start is a first name only if no verb-like
        # ending marks it ("Visited Jordan"): "-ed", "-ing", "-ly" words are not names
        if not sentence_start or not re.search(r"(?:ed|ing|ly)$", before[1]):
            return True
    if text[max(0, mention.start - 1) : mention.start] in "-–/" and mention.start:
        return False  # "India-Jordan talks": one of a pair of states
    after = _WORD_AFTER.match(text, mention.end)
    return bool(
        after
        and after[1] not in rules.state_name_followers
        and after.start(1) not in starts
        and not text[mention.end : after.start(1)].count("\n")
    )
