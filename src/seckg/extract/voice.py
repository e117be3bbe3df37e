"""Who speaks in a document: the actors its first person ("we", "I", "our countries") stands for.

Documents have a voice. A forum's communiqué speaks for the forum, a joint statement for its
issuers, a speech for the speaker's state; a news report has none of its own (its first person
is in quotes). The voice is found from the text, by the rules of `data/lexicon/voice.yaml`, in
this order:

1. issuers named by how the text presents itself: "We, the leaders of the Group of Seven",
   "Joint Statement by A, B and C", "As our countries—A, B, C—", "as President of Finland",
   "on behalf of the Government of X", "A and B, under the leadership of ..., affirm our ...";
2. a forum in the heading with "Statement", "Communiqué", "Press release" after it, or a first
   line that is only a forum's name (a masthead: "Council of the EU"); states joined in the
   heading before a meeting word ("Japan-Australia Ministerial Consultation"); a state's
   masthead ("Ministry of Foreign Affairs of Japan");
3. for a speech (first person singular, "Mr. President"), the state its text most often puts in
   subject position, not counting the states it names as aggressors ("Russia launched ...");
   when the text shows none, a voice with no actor, so that "we" is nobody rather than the
   forum the speech is delivered at.

With no voice, first-person words fall back to the document's main forum, as before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from seckg.extract.gazetteer import Mention
from seckg.extract.sentences import Sentence, mentions_by_sentence

_LIST_GLUE = re.compile(
    r"[\s,]*(?:(?:,|\band\b|&|\bas\s+well\s+as\b)[\s,]*)(?:the\s+)?|\s*,\s*(?:the\s+)?", re.I
)
_LIST_START_SLACK = 12  # characters between a pattern and the first name of its list
_QUOTED = re.compile(r"[“\"][^”\"\n]{0,800}[”\"]")
_FIRST_LINES = 8
_BLANK = re.compile(r"[ #*]*")
_BLANK_OR_DOT = re.compile(r"[ #*.]*")
_AFTER_WINDOW = 300  # characters after a name in a heading that a heading rule may read
_HEADING_LINES = 4  # non-empty lines at the top that may be a heading or a masthead
_PROSE = re.compile(r".{160,}[.!?\"”’]\s*")  # a long line ending as sentences do
_PAIR_GLUE = re.compile(
    r"\s*[-–/]\s*|\s+and\s+(?:the\s+)?|\s*,\s*(?:and\s+)?(?:the\s+)?"
)  # sentences that count as a document's opening


@dataclass(frozen=True)
class VoiceRules:
    issuers_before: tuple[re.Pattern[str], ...]
    speaker_self: tuple[re.Pattern[str], ...]
    issuers_after: tuple[re.Pattern[str], ...]
    forum_heading_after: tuple[re.Pattern[str], ...]
    pair_heading_after: re.Pattern[str]
    state_masthead: re.Pattern[str]
    speech_markers: tuple[re.Pattern[str], ...]
    perpetration: re.Pattern[str]


@dataclass(frozen=True)
class Voice:
    actors: tuple[str, ...]  # "forum:<key>" or ISO3
    how: str  # which rule found it: issuers, heading, masthead, speaker
    is_speech: bool = False

    @property
    def is_forum(self) -> bool:
        return len(self.actors) == 1 and self.actors[0].startswith("forum:")

    @property
    def forum(self) -> str | None:
        """The forum's key when a forum speaks ("nato"), else None."""
        return self.actors[0].removeprefix("forum:") if self.is_forum else None

    @property
    def state(self) -> str | None:
        states = [a for a in self.actors if not a.startswith("forum:")]
        return states[0] if len(states) == 1 else None


def actor_id(mention: Mention) -> str:
    return f"forum:{mention.ident}" if mention.kind == "forum" else mention.ident


def actor_list(text: str, actors: list[Mention], index: int) -> list[Mention]:
    """The list of actors starting at `actors[index]`: names joined by commas, "and", "&"."""
    members = [actors[index]]
    for mention in actors[index + 1 :]:
        gap = text[members[-1].end : mention.start]
        if not _LIST_GLUE.fullmatch(gap) and not re.fullmatch(r"\s*\([^)]{1,15}\)\s*,?\s*", gap):
            # "(G7)" or an acronym in parentheses after a name does not end the list
            break
        members.append(mention)
    return members


def _list_after(text: str, actors: list[Mention], position: int) -> list[Mention]:
    for index, mention in enumerate(actors):
        if mention.start < position:
            continue
        gap = text[position : mention.start]
        if len(gap) <= _LIST_START_SLACK and re.fullmatch(r"[\s—–\-(:,]*(?:the\s+)?", gap, re.I):
            return actor_list(text, actors, index)
        return []
    return []


def actor_lists(text: str, actors: list[Mention]) -> list[list[Mention]]:
    """The actors cut into their lists, in order: "Japan and the US met China" -> two lists."""
    lists: list[list[Mention]] = []
    index = 0
    while index < len(actors):
        members = actor_list(text, actors, index)
        lists.append(members)
        index += len(members)
    return lists


def find_voice(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    rules: VoiceRules,
    title: str | None,
    subject_test,
    demonyms: frozenset[str],
) -> Voice | None:
    """The document's voice, or None (news: first person only inside quotes).

    `subject_test(sentence, mention)` says whether a name stands in subject position; it is the
    commitment rules' test, so that the speaker is found the way actors are.
    """
    # a speech speaks in the first person outside quotes; a report quotes people who do
    unquoted = _QUOTED.sub(" ", text)
    is_speech = sum(len(p.findall(unquoted)) for p in rules.speech_markers) >= 2
    found = _named_issuers(text, sentences, mentions, rules, is_speech)
    if found is None:
        found = _heading_voice(text, mentions, rules, title)
    if found is not None:
        actors, how = found
        return Voice(actors, how, is_speech)
    if not is_speech:
        return None
    return _speaker(text, sentences, mentions, rules, subject_test, demonyms)


def _named_issuers(text, sentences, mentions, rules, is_speech):
    """1. Issuers named by how the text presents itself, in its opening or, for a speaker's
    own title, anywhere in a speech."""
    actors = [m for m in mentions if m.kind in ("forum", "state")]
    opening = text[: sentences[min(len(sentences), _FIRST_LINES) - 1].end] if sentences else ""
    searches = [(p, opening) for p in rules.issuers_before]
    searches += [(p, text if is_speech else opening) for p in rules.speaker_self]
    for pattern, where in searches:
        for match in pattern.finditer(where):
            found = _list_after(text, actors, match.end())
            if found:
                return tuple(dict.fromkeys(actor_id(m) for m in found)), "issuers"
    for members in actor_lists(opening, [m for m in actors if m.end <= len(opening)]):
        rest = text[members[-1].end : members[-1].end + 400]
        if any(p.match(rest) for p in rules.issuers_after):
            return tuple(dict.fromkeys(actor_id(m) for m in members)), "issuers"
    return None


def _heading_voice(text, mentions, rules, title):
    """2. A forum in the heading before "Statement" or alone on a masthead line; states joined
    in the heading before a meeting word; a state ministry's masthead."""
    heading_lines = [ln for ln in text.splitlines() if ln.strip()][:_HEADING_LINES]
    # a paragraph of prose among the first lines is no heading ("... Thailand and Cambodia
    # agreed to set up a joint task force ..." in a news report's third paragraph)
    heading_lines = [ln for ln in heading_lines if not _PROSE.fullmatch(ln)]
    if title:
        heading_lines.insert(0, title)
    lines = [(text.find(line), line) for line in heading_lines if text.find(line) >= 0]
    for start, line in lines:
        end = start + len(line)
        for forum in (m for m in mentions if m.kind == "forum" and start <= m.start < end):
            # bounded slices and scans that stop at the first word: a document may be one
            # long line, and slicing it per mention made the heading test quadratic
            after = text[forum.end : min(end, forum.end + _AFTER_WINDOW)]
            if any(p.match(after) for p in rules.forum_heading_after):
                return (actor_id(forum),), "heading"
            if _BLANK.fullmatch(text, start, forum.start) and _BLANK.fullmatch(
                text, forum.end, end
            ):
                return (actor_id(forum),), "masthead"
    states = [m for m in mentions if m.kind == "state"]
    for start, line in lines:
        end = start + len(line)
        inside = [m for m in states if start <= m.start and m.end <= end]
        # "Japan-Australia Foreign and Defence Ministerial Consultation", "US-India Joint
        # Statement": states joined by dashes or "and" before a meeting or statement word
        for index in range(len(inside)):
            pair = [inside[index]]
            for mention in inside[index + 1 :]:
                if not _PAIR_GLUE.fullmatch(text, pair[-1].end, mention.start):
                    break
                pair.append(mention)
            window = min(end, pair[-1].end + _AFTER_WINDOW)
            if len(pair) >= 2 and rules.pair_heading_after.search(text, pair[-1].end, window):
                return tuple(dict.fromkeys(m.ident for m in pair)), "heading"
    for start, line in lines:
        # "Ministry of Foreign Affairs of Japan", "Government of Canada": a state's masthead
        end = start + len(line)
        for mention in (m for m in states if start <= m.start and m.end <= end):
            before = rules.state_masthead.fullmatch(text, start, mention.start)
            if before and _BLANK_OR_DOT.fullmatch(text, mention.end, end):
                return (mention.ident,), "masthead"
    return None


def _speaker(text, sentences, mentions, rules, subject_test, demonyms) -> Voice:
    """3. A speech's state: the one its text most often puts alone in subject position, each
    aggressor mention ("Russia launched ...", "Russia's war", "Russian troops") counting twice
    against; none shown, a voice with no actor."""
    scores: Counter[str] = Counter()
    for sentence, inside in mentions_by_sentence(sentences, mentions):
        named = [m for m in inside if m.kind in ("forum", "state")]
        for members in actor_lists(text, named):
            mention = members[0]
            if mention.kind == "state" and rules.perpetration.match(text, mention.end):
                scores[mention.ident] -= 2
                continue
            if len(members) > 1 or mention.kind != "state":
                continue  # a speaker names its own state alone, not in a list
            if not subject_test(sentence, mention):
                continue
            if mention.text.lower() in demonyms and not _demonym_as_people(text, mention):
                continue
            scores[mention.ident] += 1
    best, score = scores.most_common(1)[0] if scores else (None, 0)
    if best is None or score <= 0:
        # its "we" is nobody we know, and never the forum the speech is delivered at
        return Voice((), "unknown speaker", True)
    return Voice((best,), "speaker", True)


def _demonym_as_people(text: str, mention: Mention) -> bool:
    """ "Ukrainians are defending", "us, Ukrainians": a plural demonym names the people."""
    return mention.text.endswith("s") or bool(
        re.match(
            r"\s+(?:people|Government|government|authorities|delegation)\b", text[mention.end :]
        )
    )
