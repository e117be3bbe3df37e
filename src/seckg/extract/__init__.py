"""Extraction: from one cleaned document to what it says (recognise, then relate).

`extract_document` runs the stages in order: sentences, names (gazetteer), the document's
main forum and state, initiatives, its voice (who "we" is), commitments, stated memberships.
The result is plain data; `seckg.graph` turns it into RDF.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from seckg.extract.commitments import CommitmentFound, find_commitments, in_subject_position
from seckg.extract.disambiguate import drop_non_entities
from seckg.extract.gazetteer import Mention, resolve_overlaps
from seckg.extract.initiatives import InitiativeFound, find_initiatives
from seckg.extract.knowledge import Knowledge, load_knowledge
from seckg.extract.memberships import MembershipFound, find_memberships
from seckg.extract.sentences import Sentence, split_sentences
from seckg.extract.voice import Voice, find_voice
from seckg.ingest import SourceDocument

__all__ = ["Extraction", "extract_document", "load_knowledge"]


@dataclass
class Extraction:
    document: SourceDocument
    sentences: list[Sentence]
    mentions: list[Mention]
    main_forum: str | None
    main_state: str | None
    initiatives: dict[str, InitiativeFound] = field(default_factory=dict)
    commitments: list[CommitmentFound] = field(default_factory=list)
    memberships: list[MembershipFound] = field(default_factory=list)
    voice: Voice | None = None

    def idents(self, kind: str) -> list[str]:
        return list(dict.fromkeys(m.ident for m in self.mentions if m.kind == kind))


def main_forum_of(mentions: list[Mention], title: str | None, text: str) -> str | None:
    """The forum the document is about: most often named, the title counting double."""
    counts: Counter[str] = Counter()
    # where the title stands, found once: searching the text per mention made a long
    # document without its title in the text quadratic (8k sentences: 8.8 s of 13.7)
    title_start = text.find(title) if title else -1
    title_end = title_start + len(title) if title_start >= 0 else -1
    for m in mentions:
        if m.kind == "forum":
            counts[m.ident] += 1
            if title_start <= m.start < title_end:
                counts[m.ident] += 1
    if not counts:
        return None
    first_seen = {m.ident: i for i, m in reversed(list(enumerate(mentions)))}
    return max(counts, key=lambda k: (counts[k], -first_seen[k]))


def leaders_in_office(
    mentions: list[Mention], knowledge: Knowledge, document_date: str | None
) -> list[Mention]:
    """Drops a leader's name that did not stand for its state at the document's date: "Biden"
    names the United States in 2023, not in a text of 2026 (a former president speaks for no
    one). Without a date every leader's name keeps its state."""
    day = _day_of(document_date)
    in_office = knowledge.leader_states(day)
    if in_office is None:
        return mentions
    names = knowledge.leader_names
    return [
        m
        for m in mentions
        if not (m.kind == "state" and m.text in names and in_office.get(m.text) != m.ident)
    ]


def _day_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def main_state_of(
    mentions: list[Mention],
    main_forum: str | None,
    knowledge: Knowledge,
    as_of: date | None = None,
):
    """The state the document speaks for: most often named among the main forum's members
    at the document's date (today when it has none)."""
    counts = Counter(m.ident for m in mentions if m.kind == "state")
    if not counts:
        return None
    if main_forum:
        members = knowledge.reference.members_of(main_forum, as_of=as_of)
        in_forum = Counter({k: v for k, v in counts.items() if k in members})
        if in_forum:
            counts = in_forum
    return counts.most_common(1)[0][0]


def extract_document(document: SourceDocument, knowledge: Knowledge | None = None) -> Extraction:
    knowledge = knowledge or load_knowledge()
    text = document.text
    sentences = split_sentences(text)
    names = leaders_in_office(
        drop_non_entities(
            text, knowledge.gazetteer.find(text), knowledge.name_contexts, knowledge.demonyms
        ),
        knowledge,
        document.date,
    )
    main_forum = main_forum_of(names, document.title, text)
    main_state = main_state_of(names, main_forum, knowledge, _day_of(document.date))
    initiatives, initiative_mentions = find_initiatives(
        text, sentences, names, knowledge, main_forum
    )
    # a discovered initiative name hides the names inside it from the relations
    # ("Quad" in "Quad Cyber Challenge" is not an actor); the document still mentions them
    relational = resolve_overlaps(
        [m for m in names if m.kind != "instrument"] + initiative_mentions
    )
    voice = find_voice(  # with every name: "India-France Strategic Dialogue" names issuers
        text,
        sentences,
        [m for m in names if m.kind != "instrument"],
        knowledge.voice,
        document.title,
        lambda sentence, mention: in_subject_position(
            sentence, mention, knowledge.commitments, knowledge.demonyms
        ),
        knowledge.demonyms,
    )
    commitments = find_commitments(
        text,
        sentences,
        relational,
        knowledge.commitments,
        main_forum,
        main_state,
        {key: item.name_threats for key, item in initiatives.items()},
        voice,
        knowledge.demonyms,
    )
    memberships = find_memberships(
        text,
        sentences,
        names,
        knowledge.memberships,
        main_forum,
        voice.state if voice and voice.is_speech else None,
        voice.forum if voice else None,
    )
    mentions = sorted(
        [m for m in names if m.kind != "instrument"] + initiative_mentions,
        key=lambda m: (m.start, m.end),
    )
    return Extraction(
        document=document,
        sentences=sentences,
        mentions=mentions,
        main_forum=main_forum,
        main_state=main_state,
        initiatives=initiatives,
        commitments=commitments,
        memberships=memberships,
        voice=voice,
    )
