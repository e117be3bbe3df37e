"""Commitments: who, in one sentence, commits to, condemns, supports, funds or calls for what.

Every trigger of `data/lexicon/commitments.yaml` in a sentence is a commitment verb, and its
type comes from its own verb. Its actor is the subject of that verb: the nearest of these before
it in the sentence (or, for a sentence opening on the verb, "Recognising X, we ...", the first
after it):
- forums or states named in subject position: at the start of their clause (a paragraph
  number or bullet before them does not count: "6. Norway expressed ..."), not after a
  preposition or "of", not a possessive ("the G7's partnership"), not a demonym used as an
  adjective ("Russian aggression"); a list of them counts as one subject; names between
  commas right after a name describe it ("Japan, a Quad member, will"), and a later verb
  whose subject is an earlier verb's takes that verb's actors;
- first-person words ("we", "I", "our countries", "my Government"): the document's voice
  (`seckg.extract.voice`), else the party a news report quotes ("..., NATO said"), else the
  document's main forum;
- phrases standing for the main forum ("the leaders", "the grouping") or state ("the Prime
  Minister").
A named subject followed by an act of aggression ("Russia launched a war and rejects ...") is
the perpetrator, not an actor: that verb gets no commitment. Triggers with the same actor make
one commitment per sentence; a concern belongs to the nearest trigger before it. States named
after the verb in a sentence about a threat are kept as its targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seckg.extract.gazetteer import Mention
from seckg.extract.knowledge import CommitmentRules
from seckg.extract.sentences import Sentence, mentions_by_sentence
from seckg.extract.voice import Voice, actor_id, actor_lists

_CITY_BEFORE = re.compile(r"(?:^|\s)(?:in|at|from)\s+[A-Z][\w-]+,\s*$")
_POSSESSIVE = re.compile(r"[’']s?(?![\w])")
_TRAILING_PARTICIPLE = re.compile(r"\w+ing\b")  # a verb in -ing after a comma
_PARAGRAPH_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]|[•·▪‣◦*])\s+")
_SUBJECT_REACH = 80  # characters between a named subject and its verb
_OWNED_NOUN = re.compile(r"[’']s?(?:\s+[a-z][\w-]*){0,2}\s+")  # "'s clear " before the noun
_CLAUSE_BREAK = re.compile(
    r"[,;:(—–]|\s-\s|\b(?:and|but|while|whereas|because|so|that|which|who|where|when|as|if|"
    r"although|though|since|until|after|before|whether)\b",
    re.IGNORECASE,
)
_SKIPPABLE = frozenset(
    [
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
        "but",
        "also",
        "today",
        "yesterday",
        "now",
        "then",
        "meanwhile",
        "however",
        "moreover",
        "furthermore",
        "together",
        "jointly",
        "further",
        "finally",
        "first",
        "second",
        "third",
        "lastly",
        "indeed",
        "instead",
        "likewise",
        "similarly",
        "thus",
        "therefore",
        "accordingly",
        "so",
        "nevertheless",
        "still",
        "yet",
    ]
)


@dataclass
class CommitmentFound:
    sentence: Sentence
    commitment_type: str
    actors: list[str]  # "forum:<key>" or ISO3
    concerns: list[tuple[str, str]]  # ("threat", key) or ("initiative", key)
    targets: list[str] = field(default_factory=list)
    part: int = 0  # the how-manyth commitment of its sentence (its IRI has it when > 0)


@dataclass(frozen=True)
class _Subject:
    start: int  # local offsets in the sentence
    end: int
    kind: str  # named | possessor | perpetrator | first | forum | state | pair
    actors: tuple[str, ...] = ()


def clause_initial(sentence_text: str, local_start: int) -> bool:
    """Does nothing but function words stand between the clause's start and this position?

    "At the ASEAN summit, Indonesia called ...": Indonesia yes, ASEAN no ("At" is not a function
    word that may precede a subject).
    """
    before = sentence_text[:local_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    # at the sentence's start, a paragraph number or bullet: "6. Norway expressed concern ..."
    before = before[breaks[-1].end() :] if breaks else _PARAGRAPH_NUMBER.sub("", before, count=1)
    words = re.findall(r"[\w’'-]+", before)
    return all(w.lower() in _SKIPPABLE for w in words)


def _word_before(text: str, local: int) -> str:
    """The last word before `local` that is not a function word ("at the" -> "at"), lower
    case, or "" at the start of the sentence."""
    words = text[:local].split()
    while words and words[-1].lower().strip(",") in _SKIPPABLE:
        words.pop()
    return words[-1].lower().strip("(“‘\"'") if words else ""


def in_subject_position(
    sentence: Sentence, mention: Mention, rules: CommitmentRules, demonyms: frozenset[str]
) -> bool:
    """A name that can be the subject of the verb after it (see the module docstring)."""
    local = mention.start - sentence.start
    text = sentence.text
    if _POSSESSIVE.match(text, mention.end - sentence.start):
        return False
    if _CITY_BEFORE.search(text[:local]) or text[:local].rstrip().endswith("("):
        return False  # a place ("met in Kazan, Russia") or an acronym after its name
    if _word_before(text, local) in rules.non_actor_before | {"of"}:
        return False
    if mention.text.lower() in demonyms and not re.match(
        r"s?\s+(?:Government|government|authorities|delegation|people|leaders?)\b",
        text[mention.end - sentence.start :],
    ):
        return False
    return clause_initial(text, local)


def _subjects(
    document_text: str,
    sentence: Sentence,
    inside: list[Mention],
    rules: CommitmentRules,
    demonyms: frozenset[str],
    blocked: list[tuple[int, int]],
) -> list[_Subject]:
    """Every phrase of the sentence that can be a verb's subject, in order."""
    text = sentence.text
    found: list[_Subject] = []
    actors = [
        m
        for m in inside
        if m.kind in ("forum", "state") and not any(s <= m.start < e for s, e in blocked)
    ]
    for members in actor_lists(document_text, actors):
        first, last = members[0], members[-1]
        start, end = first.start - sentence.start, last.end - sentence.start
        possessive = _POSSESSIVE.match(text, end)
        if not possessive and not in_subject_position(sentence, first, rules, demonyms):
            continue
        if possessive:
            kind = "possessor"  # "the IAEA's clear appeal": the actor of the verb noun after it
        elif rules.perpetration.match(text, end):
            kind = "perpetrator"
        else:
            kind = "named"
        ids = tuple(dict.fromkeys(actor_id(m) for m in members))
        found.append(_Subject(start, end, kind, ids))
    for kind, pattern in (
        ("first", rules.first_person),
        ("forum", rules.forum_anaphora),
        ("state", rules.state_anaphora),
        ("pair", rules.pair_anaphora),
    ):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in blocked):
                continue
            previous = text[: match.start()].split()
            if kind != "first" and previous and previous[-1].lower() in rules.non_actor_before:
                continue  # "to work with allies": an object, not a subject
            found.append(_Subject(match.start(), match.end(), kind))
    found.sort(key=lambda s: (s.end, s.start))
    # a phrase inside a longer one ("the G7 leaders" holds "leaders") counts once, as the longer
    return [
        s
        for s in found
        if not any(o is not s and o.start <= s.start and s.end <= o.end for o in found)
    ]


def _reported_speaker(sentence: Sentence, inside: list[Mention], rules: CommitmentRules):
    """The party a report quotes: "..., NATO said", "said the Japanese Foreign Ministry"."""
    text = sentence.text
    for m in inside:
        if m.kind not in ("forum", "state"):
            continue
        local_end = m.end - sentence.start
        local_start = m.start - sentence.start
        if rules.reporting_after.match(text, local_end) or rules.reporting_before.search(
            text[:local_start]
        ):
            return (actor_id(m),)
    if rules.reporting_any.search(text):
        return ()  # "..., FireEye said": someone the graph does not know, not the publisher
    return None


def find_commitments(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    rules: CommitmentRules,
    main_forum: str | None,
    main_state: str | None,
    initiative_threats: dict[str, set[str]] | None = None,
    voice: Voice | None = None,
    demonyms: frozenset[str] = frozenset(),
) -> list[CommitmentFound]:
    """Commitments of the document; `initiative_threats` are the threats named in initiative
    names ("Chemical Weapons Convention"), which a commitment to the initiative also concerns."""
    initiative_threats = initiative_threats or {}
    found: list[CommitmentFound] = []
    last_pair: tuple[str, ...] = ()  # the last list of two or more actors named as a subject
    for sentence, inside in mentions_by_sentence(sentences, mentions):
        concerns = _concerns(sentence, inside, initiative_threats)
        if not concerns:
            if sum(1 for m in inside if m.kind in ("forum", "state")) >= 2:
                last_pair = _named_pair(text, sentence, inside, rules, demonyms) or last_pair
            continue
        triggers = _triggers(sentence, inside, rules)
        if not triggers:
            continue
        initiative_spans = [
            (m.start - sentence.start, m.end - sentence.start)
            for m in inside
            if m.kind == "initiative"
        ]
        subjects = _subjects(text, sentence, inside, rules, demonyms, initiative_spans)
        reported = _reported_speaker(sentence, inside, rules)
        resolved: list[tuple[int, str, tuple[str, ...] | None]] = []  # (at, type, actors)
        for at, commitment_type in triggers:
            subject = _subject_of(at, subjects, sentence.text)
            if (
                subject is not None
                and resolved
                and resolved[-1][2]
                and subject.end <= resolved[-1][0]
            ):
                # its subject is the last verb's ("Sweden and Finland, now NATO Allies, will
                # deepen cooperation ... on countering hybrid threats"): so are its actors
                resolved.append((at, commitment_type, resolved[-1][2]))
                continue
            if subject is not None and subject.kind == "pair":
                # "both countries", "the two sides": the last pair of actors named before
                named = [s.actors for s in subjects if s.kind == "named" and s.end <= at]
                # none named yet: the issuers of a joint statement ("India-Japan Joint
                # Statement ... Both leaders welcomed")
                issuers = voice.actors if voice and len(voice.actors) >= 2 else ()
                named = [g for g in named if len(g) >= 2] or [last_pair or issuers]
                subject = _Subject(subject.start, subject.end, "named", named[-1])
            actors = _resolve(subject, voice, reported, main_forum, main_state)
            if subject is None and actors is None:
                # no subject ("A tribunal should be created"): in a document with a voice, the
                # voice proposes it; in a report, the first actor-like name after the verb
                actors = voice.actors if voice else None
                actors = actors or _actor_after(
                    at, inside, sentence, rules, demonyms, initiative_spans
                )
            resolved.append((at, commitment_type, actors))
        found.extend(_group_by_actors(sentence, inside, concerns, resolved))
        pairs = [s.actors for s in subjects if s.kind == "named" and len(s.actors) >= 2]
        last_pair = pairs[-1] if pairs else last_pair
    return found


def _concerns(sentence: Sentence, inside: list[Mention], initiative_threats):
    """(offset in the sentence, concern) of every threat and initiative named in it."""
    concerns: list[tuple[int, tuple[str, str]]] = []
    for m in inside:
        at = m.start - sentence.start
        if m.kind == "threat":
            concerns.append((at, ("threat", m.ident)))
        elif m.kind == "initiative":
            concerns.append((at, ("initiative", m.ident)))
            named_threats = sorted(initiative_threats.get(m.ident, ()))
            concerns += [(at, ("threat", t)) for t in named_threats]
    return concerns


def _triggers(sentence: Sentence, inside: list[Mention], rules: CommitmentRules):
    """(offset, commitment type) of every trigger outside names and not after "the right to"."""
    blocked = [
        (m.start - sentence.start, m.end - sentence.start)
        for m in inside
        if m.kind in ("initiative", "forum", "instrument", "threat")
    ]
    return [
        (match.start(), match.lastgroup or "cooperate")
        for match in rules.triggers.finditer(sentence.text)
        if not any(s <= match.start() < e for s, e in blocked)
        and not rules.not_a_commitment.search(
            sentence.text, max(0, match.start() - 30), match.start()
        )
    ]


def _group_by_actors(sentence, inside, concerns, resolved) -> list[CommitmentFound]:
    """One commitment per distinct set of actors in the sentence; a concern belongs to the
    nearest trigger before it (those before every trigger, to the first); the type is that of
    the group's first trigger."""
    groups: dict[tuple[str, ...], CommitmentFound] = {}
    for at, concern in concerns:
        owner = resolved[0]
        for trigger in resolved:
            if trigger[0] <= at:
                owner = trigger
        actors = owner[2]
        if not actors:
            continue
        item = groups.get(actors)
        if item is None:
            first_at, commitment_type, _ = next(t for t in resolved if t[2] == actors)
            targets = [
                m.ident for m in inside if m.kind == "state" and m.start - sentence.start > first_at
            ]
            item = CommitmentFound(
                sentence,
                commitment_type,
                list(actors),
                [],
                list(dict.fromkeys(t for t in targets if t not in actors)),
                part=len(groups),
            )
            groups[actors] = item
        if concern not in item.concerns:
            item.concerns.append(concern)
    return list(groups.values())


def _named_pair(text, sentence, inside, rules, demonyms) -> tuple[str, ...] | None:
    """The last list of two or more actors in subject position in a sentence."""
    pairs = [
        s.actors
        for s in _subjects(text, sentence, inside, rules, demonyms, [])
        if s.kind == "named" and len(s.actors) >= 2
    ]
    return pairs[-1] if pairs else None


def _subject_of(at: int, subjects: list[_Subject], text: str) -> _Subject | None:
    """The nearest subject before the verb; for a clause-initial verb, the first after it."""
    before = [s for s in subjects if s.end <= at]
    while before and before[-1].kind == "possessor":
        # a possessor is the subject only of the verb noun it owns: "the IAEA's clear appeal"
        if _OWNED_NOUN.fullmatch(text, before[-1].end, at):
            return _Subject(before[-1].start, before[-1].end, "named", before[-1].actors)
        before.pop()
    participle = bool(_TRAILING_PARTICIPLE.match(text, at)) and text[:at].rstrip().endswith(",")
    for i in range(len(before) - 2, -1, -1):
        if _in_apposition(text, before[i], before[i + 1], before[-1], at):
            del before[i + 1 :]  # "Sweden and Finland, now NATO Allies, will ...": the two
            break
    if before:
        nearest = before[-1]
        if participle:
            return nearest  # "X adopted the text, demanding ...": the main clause's subject
        if nearest.kind in ("named", "perpetrator") and not _close_enough(text, nearest.end, at):
            return None  # a name far back, across a clause, is the subject of something else
        return nearest
    if (clause_initial(text, at) or at < 3) and not participle:
        after = [
            s
            for s in subjects
            if s.start > at
            and s.kind in ("first", "named", "forum")
            and not text[: s.start].rstrip().endswith("(")
        ]
        if after:
            return after[0]
    return None


def _in_apposition(text: str, named: _Subject, first: _Subject, last: _Subject, at: int) -> bool:
    """Do the subjects `first` to `last` stand inside a pair of commas right after the name
    `named`, with the verb at `at` after the second comma ("Japan, as the G7's chair, will
    host")? Then they describe the name and are not the verb's subject."""
    if named.kind != "named" or not _close_enough(text, named.end, at):
        return False
    opening, closing = text[named.end : first.start].lstrip(), text[last.end : at]
    return opening.startswith(",") and "," not in opening[1:] and closing.count(",") == 1


def _close_enough(text: str, end: int, at: int) -> bool:
    """Is the verb at `at` near enough to the name ending at `end` to be its predicate?

    At most 80 characters, no semicolon or colon, and commas only in pairs around an
    insertion ("The United States, for its part, will support").
    """
    gap = text[end:at]
    return len(gap) <= _SUBJECT_REACH and not re.search(r"[;:]", gap) and gap.count(",") in (0, 2)


def _resolve(
    subject: _Subject | None,
    voice: Voice | None,
    reported: tuple[str, ...] | None,
    main_forum: str | None,
    main_state: str | None,
) -> tuple[str, ...] | None:
    if subject is None:
        return reported
    if subject.kind == "named":
        return subject.actors
    if subject.kind == "perpetrator":
        return ()
    if subject.kind == "first":
        if voice:
            return voice.actors
        if reported is not None:
            return reported
    if subject.kind == "state":
        if voice and voice.state:
            return (voice.state,)
        return (main_state,) if main_state else None
    # a phrase for the main forum, or first person with no voice
    if voice and voice.is_speech:
        return ()  # "they", "the leaders" in a speech: others, and not the venue it is given at
    if voice:
        return voice.actors
    if main_forum:
        return (f"forum:{main_forum}",)
    return (main_state,) if main_state else None


def _actor_after(at, inside, sentence, rules, demonyms, initiative_spans):
    """With no subject at all, the first name after the verb in subject-like position.

    "This statement underscores the resolve of NATO and its allies to support Ukraine": NATO,
    not Ukraine. Only the first such name is taken.
    """
    for m in inside:
        local_start = m.start - sentence.start
        if m.kind not in ("forum", "state") or local_start <= at:
            continue
        if any(s <= local_start < e for s, e in initiative_spans):
            continue
        if _word_before(sentence.text, local_start) in rules.non_actor_before:
            continue
        if m.text.lower() in demonyms:
            continue
        after = m.end - sentence.start
        if _POSSESSIVE.match(sentence.text, after) or rules.perpetration.match(
            sentence.text, after
        ):
            continue  # "to counter China's assertiveness": not the one who commits
        return (actor_id(m),)
    return None
