"""Memberships stated in the text: "the Quad, consisting of Australia, India, Japan and the US".

A list of states (names joined by commas and "and") is related to a forum named next to it
when the words in between say so, by the patterns of `data/lexicon/memberships.yaml`:
- forum, then list: "IP4 - A, B", "the IP4 group, which includes A, B", "Quad members A, B"
  (role: member), "NATO's four Indo-Pacific partners (IP4) - A, B" (role from the noun);
- list, then forum: "A and B are members of X", "A joined X in 1984" (the year as
  `since`), "A, a X partner", "A and B are of the region and members of X";
- a role before the forum: "our partners in the Quad: A, B", "As a member of X, we ..." (the
  speaker's state);
- a role with no forum after it takes the forum named before the list ("...; C and D are
  founding Dialogue Partners"); "along with" extends a membership the sentence stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seckg.extract.gazetteer import Mention
from seckg.extract.knowledge import MembershipRules
from seckg.extract.sentences import Sentence, mentions_by_sentence

_LIST_GLUE = re.compile(
    r"\s*(?:,\s*(?:and\s+|&\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+)"
    r"(?:the\s+)?",
    re.I,
)
_ALONG_WITH = re.compile(r"\s*,?\s+(?:along|together)\s+with\s+(?:the\s+)?", re.I)
_NEARBY = 160  # characters between a forum name and the list it introduces
_YEAR_REACH = 40  # characters after a stated membership in which its year may follow


@dataclass(frozen=True)
class MembershipFound:
    sentence: Sentence
    forum: str
    member: str  # ISO3
    role: str
    since: str | None = None  # a year the sentence gives: "joined NATO in 2023"


def _state_lists(text: str, states: list[Mention]) -> list[list[Mention]]:
    lists: list[list[Mention]] = []
    for mention in states:
        if lists and _LIST_GLUE.fullmatch(text[lists[-1][-1].end : mention.start]):
            lists[-1].append(mention)
        else:
            lists.append([mention])
    return lists


_FORUM_NOUN = re.compile(r"\b[Tt]he (?:bloc|grouping|alliance|group|organi[sz]ation)\b")


def find_memberships(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    rules: MembershipRules,
    main_forum: str | None = None,
    speaker_state: str | None = None,
    issuing_forum: str | None = None,
) -> list[MembershipFound]:
    """Stated memberships; "the bloc", "the grouping" stand for the document's main forum,
    "we" after "As a member of X," for the speaker's state (`speaker_state`), and "our newest
    Allies" for the forum whose voice the document is (`issuing_forum`)."""
    if main_forum:
        stand_ins = [
            Mention(m.start(), m.end(), "forum", main_forum, m.group())
            for m in _FORUM_NOUN.finditer(text)
        ]
        mentions = sorted([*mentions, *stand_ins], key=lambda m: m.start)
    found: dict[tuple[str, str, str], MembershipFound] = {}

    def add(sentence: Sentence, forum_key: str, member: str, role: str, since: str | None):
        key = (forum_key, member, role)
        found.setdefault(key, MembershipFound(sentence, forum_key, member, role, since))

    for sentence, inside in mentions_by_sentence(sentences, mentions):
        forums = [m for m in inside if m.kind == "forum"]
        state_lists = _state_lists(text, [m for m in inside if m.kind == "state"])
        if issuing_forum:
            for members in state_lists:
                ours = rules.members_as_ours.match(text, members[-1].end)
                if ours and ours.end() <= sentence.end:
                    for member in dict.fromkeys(m.ident for m in members):
                        add(sentence, issuing_forum, member, _role(rules, ours[1]), None)
        if not forums:
            continue
        sentence_roles: dict[str, str] = {}  # forum -> role stated earlier in this sentence
        # "As a member of the Human Rights Council, we ...": the speaker's state
        if speaker_state:
            for forum in forums:
                gap = re.match(r"\s*(?:\([^)]{1,15}\))?\s*,\s*(?:we|I)\b", text[forum.end :])
                before = rules.role_before_forum[0].search(text, sentence.start, forum.start)
                if gap and before and before.end() == forum.start:
                    add(sentence, forum.ident, speaker_state, _role(rules, before[1]), None)
        for members in state_lists:
            first, last = members[0], members[-1]
            iso = list(dict.fromkeys(m.ident for m in members))
            relations: list[tuple[str, str]] = []
            before = [f for f in forums if f.end <= first.start and first.start - f.end <= _NEARBY]
            before_role, gap_after = rules.role_before_forum
            for forum in reversed(before):
                gap = text[forum.end : first.start]
                if forum.ident in sentence_roles and _ALONG_WITH.fullmatch(gap):
                    # "Japan is a member of the Quad along with the US, Australia and India"
                    relations.append((forum.ident, sentence_roles[forum.ident]))
                    continue
                lead = before_role.search(text, sentence.start, forum.start)
                if lead and lead.end() == forum.start and gap_after.fullmatch(gap):
                    # "our partners in the Quad: A, B": the role noun before the forum
                    relations.append((forum.ident, _role(rules, lead[1])))
                    continue
                if any(p.fullmatch(gap) for p in rules.forum_then_members) and (
                    len(iso) >= 2 or not re.fullmatch(r"\s*\)?\s*[-–—:(]\s*", gap)
                ):
                    relations.append((forum.ident, "member"))
                    continue
                for pattern in rules.forum_role_members:
                    if match := pattern.fullmatch(gap):
                        relations.append((forum.ident, _role(rules, match[1])))
                        break
            after = [f for f in forums if f.start >= last.end and f.start - last.end <= _NEARBY]
            for forum in after[:1]:
                gap = text[last.end : forum.start]
                for pattern in rules.members_then_forum:
                    if match := pattern.fullmatch(gap):
                        relations.append((forum.ident, _role(rules, match[1] or "member")))
                        break
            gap_re, after_re = rules.members_forum_noun
            for forum in after[:1]:
                noun = after_re.match(text, forum.end)
                if noun and gap_re.fullmatch(text[last.end : forum.start]):
                    role = _role(rules, noun[1])
                    relations.append((forum.ident, role))
            if not relations and before:
                role_only = rules.members_role_only.match(text, last.end)
                if role_only and role_only.end() <= sentence.end:
                    relations.append((before[-1].ident, _role(rules, role_only[1])))
            since = None
            if relations:
                # the year in the words right after the forum or the list, within the sentence
                forum_end = next((f.end for f in after[:1]), last.end)
                window_end = min(sentence.end, max(forum_end, last.end) + _YEAR_REACH)
                year = rules.since_after.search(text, max(forum_end, last.end), window_end)
                since = year[1] if year else None
            for forum_key, role in relations:
                sentence_roles.setdefault(forum_key, role)
                for member in iso:
                    add(sentence, forum_key, member, role, since)
    return list(found.values())


def _role(rules: MembershipRules, noun: str) -> str:
    noun = re.sub(r"\s+", " ", noun.lower())
    return rules.role_nouns.get(noun, rules.role_nouns.get(noun + "s", "member"))
