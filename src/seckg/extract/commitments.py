"""Commitments: who, in one sentence, commits to, condemns, supports, funds or calls for what.

A sentence yields a commitment when it has
- a trigger of `data/lexicon/commitments.yaml` (the first one sets the commitment type),
- an actor: forums or states named before the trigger in subject position (not after a
  preposition such as "at the G7 Summit"), or, failing that, a phrase standing for the
  document's main forum ("they", "the leaders", "the grouping") or main state ("the Prime
  Minister"),
- something it concerns: threats or initiatives named in the sentence.
States named after the trigger in a sentence about a threat are kept as its targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seckg.extract.gazetteer import Mention
from seckg.extract.knowledge import CommitmentRules
from seckg.extract.sentences import Sentence

_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?", re.IGNORECASE)
_CITY_BEFORE = re.compile(r"(?:^|\s)(?:in|at|from)\s+[A-Z][\w-]+,\s*$")
_SKIPPABLE = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "our",
    "fellow",
    "other",
    "all",
    "both",
    "and",
    "new",
    "upcoming",
    "this",
    "that",
    "these",
    "those",
    "some",
    "several",
    "many",
}


@dataclass
class CommitmentFound:
    sentence: Sentence
    commitment_type: str
    actors: list[str]  # "forum:<key>" or ISO3
    concerns: list[tuple[str, str]]  # ("threat", key) or ("initiative", key)
    targets: list[str] = field(default_factory=list)


def actor_id(mention: Mention) -> str:
    return f"forum:{mention.ident}" if mention.kind == "forum" else mention.ident


def _first_trigger(text: str, rules: CommitmentRules, blocked: list[tuple[int, int]]):
    """(position, type) of the first trigger outside names, or None."""
    for match in rules.triggers.finditer(text):
        if not any(s <= match.start() < e for s, e in blocked):
            return match.start(), match.lastgroup
    return None


def _is_place(sentence_text: str, local_start: int) -> bool:
    """A state after "City, " is where something happened: "met in Kazan, Russia"."""
    return bool(_CITY_BEFORE.search(sentence_text[:local_start]))


def _in_subject_position(sentence_text: str, local_start: int, rules: CommitmentRules) -> bool:
    """False when the name follows a preposition: "at the G7 Summit", "including Japan"."""
    before = sentence_text[:local_start].split()
    while before and before[-1].lower().strip(",") in _SKIPPABLE:
        before.pop()
    if not before:
        return True
    word = before[-1].lower().strip("(“‘\"'")
    return word not in rules.non_actor_before


def _actor_after_trigger(inside, sentence, trigger_at, initiative_spans, rules) -> list[str]:
    """With no subject, the first name after the trigger that is not after a preposition.

    "This statement underscores the resolve of NATO and its allies to support Ukraine":
    NATO, not Ukraine. Only the first such name is taken.
    """
    for m in inside:
        local_start = m.start - sentence.start
        if m.kind not in ("forum", "state") or local_start <= trigger_at:
            continue
        if any(s <= m.start and m.end <= e for s, e in initiative_spans):
            continue
        if _in_subject_position(sentence.text, local_start, rules):
            return [actor_id(m)]
    return []


def find_commitments(
    sentences: list[Sentence],
    mentions: list[Mention],
    rules: CommitmentRules,
    main_forum: str | None,
    main_state: str | None,
    initiative_threats: dict[str, set[str]] | None = None,
) -> list[CommitmentFound]:
    """Commitments of the document; `initiative_threats` are the threats named in initiative
    names ("Chemical Weapons Convention"), which a commitment to the initiative also concerns."""
    initiative_threats = initiative_threats or {}
    found = []
    for sentence in sentences:
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        named: list[tuple[str, str]] = []
        for m in inside:
            if m.kind == "threat":
                named.append(("threat", m.ident))
            elif m.kind == "initiative":
                named.append(("initiative", m.ident))
                named += [("threat", t) for t in sorted(initiative_threats.get(m.ident, ()))]
        concerns = list(dict.fromkeys(named))
        if not concerns:
            continue
        local = sentence.text
        blocked = [
            (m.start - sentence.start, m.end - sentence.start)
            for m in inside
            if m.kind in ("initiative", "forum", "instrument")
        ]
        trigger = _first_trigger(local, rules, blocked)
        if trigger is None:
            continue
        trigger_at, commitment_type = trigger
        initiative_spans = [(m.start, m.end) for m in inside if m.kind == "initiative"]
        actors = []
        previous: tuple[Mention, bool] | None = None
        for m in inside:
            if m.kind not in ("forum", "state") or m.start - sentence.start >= trigger_at:
                continue
            if any(s <= m.start and m.end <= e for s, e in initiative_spans):
                continue
            local_start = m.start - sentence.start
            if previous and _LIST_GLUE.fullmatch(
                local[previous[0].end - sentence.start : local_start]
            ):
                is_actor = previous[1]  # a list shares the role of its first member
            else:
                is_actor = _in_subject_position(local, local_start, rules) and not _is_place(
                    local, local_start
                )
            previous = (m, is_actor)
            if is_actor:
                actors.append(actor_id(m))
        if not actors:
            head = local[:trigger_at]
            if rules.state_anaphora.search(head) and main_state:
                actors = [main_state]
            elif rules.forum_anaphora.search(head):
                if main_forum:
                    actors = [f"forum:{main_forum}"]
                elif main_state:
                    actors = [main_state]
        if not actors:
            actors = _actor_after_trigger(inside, sentence, trigger_at, initiative_spans, rules)
        if not actors:
            continue
        actors = list(dict.fromkeys(actors))
        targets = list(
            dict.fromkeys(
                m.ident
                for m in inside
                if m.kind == "state"
                and m.start - sentence.start > trigger_at
                and m.ident not in actors
            )
        )
        found.append(CommitmentFound(sentence, commitment_type, actors, concerns, targets))
    return found
