"""Discover initiatives from how their names are built, not from a list.

An initiative name is a run of capitalised words (lower-case connectors such as "of", "and",
"for" allowed inside) that contains a head noun of `data/lexicon/initiatives.yaml`
("Mechanism", "Partnership", "Centre", "Convention", ...), or a UN document symbol
("S/RES/2735"). A name followed by an acronym in parentheses defines the acronym, which then
finds the initiative again later in the document. Forum-prefixed names ("Quad Cyber
Challenge", "ASEAN-Japan ... Centre") are launched by that forum. Well-known instruments that
texts name only by acronym ("UNCLOS") come from the curated list in the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seckg.extract.gazetteer import Mention
from seckg.extract.knowledge import InitiativeRules, Knowledge
from seckg.extract.sentences import Sentence

_TOKEN = re.compile(r"S/RES/\d+|A/RES/\d+/\d+|[\w](?:[\w'’/-]*[\w])?|&|[(),;:]|\S")
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&-]{1,11})\s*\)")
_SPELLING = {
    "center": "centre",
    "program": "programme",
    "organization": "organisation",
    "defense": "defence",
}


@dataclass
class InitiativeFound:
    key: str  # stable local id: "<forum or x>/<normalised name>" or "ref/<instrument key>"
    label: str
    acronym: str | None
    forum: str | None  # forum key of sec:launchedBy
    threats: set[str] = field(default_factory=set)
    name_threats: set[str] = field(default_factory=set)  # named in the name itself
    spans: list[tuple[int, int]] = field(default_factory=list)  # document offsets
    curated: bool = False


def normalise_name(name: str, forum_names: set[str]) -> str:
    """The part of a name that identifies an initiative across documents and spellings."""
    words = re.findall(r"[A-Za-z0-9]+", name.lower())
    while words and words[0] in forum_names:
        words = words[1:]
    words = [_SPELLING.get(w, w) for w in words]
    return "-".join(words)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() or token.startswith(("S/RES/", "A/RES/"))


def _title_case_line(sentence: str) -> bool:
    """Headlines ("Quad Nations Unite to Enhance ...") are title case and not prose."""
    words = re.findall(r"[A-Za-z][\w'-]*", sentence)
    if len(words) < 4 or sentence.rstrip().endswith("."):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or len(w) <= 3)
    return capitalised / len(words) >= 0.8


def _runs(text: str, rules: InitiativeRules) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens with connectors inside, as (start, end) offsets."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        start, _, word = tokens[index]
        if not _is_capitalised(word) or word in rules.leading_stopwords:
            index += 1
            continue
        end = tokens[index][1]
        cursor = index + 1
        while cursor < len(tokens):
            if tokens[cursor - 1][2].endswith(("'s", "’s")):
                # "Philippine Coast Guard's Maritime Domain Awareness Program": the owner
                # ends here and the name starts after it
                runs.append((start, tokens[cursor - 1][1]))
                start = tokens[cursor][0]
            token = tokens[cursor][2]
            if _is_capitalised(token) or (token.isdigit() and len(token) <= 4):
                end = tokens[cursor][1]
                cursor += 1
                continue
            # connectors continue a run only when capitalised words follow them
            look = cursor
            while look < len(tokens) and tokens[look][2] in rules.connectors:
                look += 1
            if look > cursor and look < len(tokens) and _is_capitalised(tokens[look][2]):
                cursor = look
                continue
            break
        runs.append((start, end))
        index = cursor
    return runs


def _head_pattern(rules: InitiativeRules) -> re.Pattern[str]:
    heads = sorted(rules.heads, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, heads)) + r")(?![\w-])")


def find_initiatives(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    knowledge: Knowledge,
    main_forum: str | None,
) -> tuple[dict[str, InitiativeFound], list[Mention]]:
    """Initiatives of a document and their mentions (kind "initiative", ident = key)."""
    rules = knowledge.initiatives
    head_re = _head_pattern(rules)
    forum_words = {
        n.lower() for f in knowledge.reference.forums.values() for n in f.names if " " not in n
    }
    found: dict[str, InitiativeFound] = {}
    initiative_mentions: list[Mention] = []
    acronyms: dict[str, str] = {}  # acronym -> key

    def add(
        key: str,
        label: str,
        acronym: str | None,
        forum: str | None,
        threats: set[str],
        span: tuple[int, int],
        curated: bool = False,
        name_threats: set[str] | None = None,
    ) -> None:
        item = found.setdefault(key, InitiativeFound(key, label, acronym, forum, curated=curated))
        item.name_threats |= name_threats or set()
        item.acronym = item.acronym or acronym
        if len(label) > len(item.label) and not curated:
            item.label = label
        item.forum = item.forum or forum
        item.threats |= threats
        item.spans.append(span)
        initiative_mentions.append(
            Mention(span[0], span[1], "initiative", key, text[span[0] : span[1]])
        )
        if acronym:
            acronyms[acronym] = key

    # 1. curated instruments found by the gazetteer
    for m in mentions:
        if m.kind == "instrument":
            inst = knowledge.instruments[m.ident]
            add(
                f"ref/{inst.key}",
                inst.label,
                inst.acronym,
                inst.by,
                set(inst.threats),
                (m.start, m.end),
                curated=True,
                name_threats=set(inst.threats),
            )

    taken = [(m.start, m.end) for m in mentions if m.kind in ("forum", "instrument")]

    def overlaps_known(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in taken)

    # 2. names built like initiative names
    for sentence in sentences:
        headline = _title_case_line(sentence.text)
        # a name never leaves its sentence: trimming needs only the mentions inside it
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        for run_start, run_end in _runs(sentence.text, rules):
            start, end = sentence.start + run_start, sentence.start + run_end
            name = text[start:end]
            start, end, name = _trim(start, end, name, inside, rules)
            if not name or overlaps_known(start, end):
                continue
            acronym_match = _ACRONYM.match(text, end + (1 if text[end : end + 1] == " " else 0))
            acronym = acronym_match[1] if acronym_match else None
            heads = list(head_re.finditer(name))
            symbol = any(p.search(name) for p in rules.symbols)
            if not heads and not symbol:
                continue
            if headline and not acronym:
                continue
            inner = [m for m in inside if start <= m.start and m.end <= end]
            prefix_forum = next((m.ident for m in inner if m.kind == "forum"), None)
            words = [w for w in re.findall(r"[\w/'-]+", name) if w not in rules.connectors]
            if any(w in rules.excluded_words for w in words):
                continue
            head_words = {h.group() for h in heads}
            if not symbol:
                if len(words) < 2 or name.lower() in rules.generic_names:
                    continue
                content = [w for w in words if w not in head_words]
                if head_words <= rules.weak_heads and not prefix_forum and len(content) < 2:
                    continue
            sentence_forum = next(
                (
                    m.ident
                    for m in mentions
                    if m.kind == "forum" and sentence.start <= m.start < sentence.end
                ),
                None,
            )
            forum = prefix_forum or sentence_forum or main_forum
            threats = name_threats = {m.ident for m in inner if m.kind == "threat"}
            if not threats:
                threats = {
                    m.ident
                    for m in mentions
                    if m.kind == "threat" and sentence.start <= m.start < sentence.end
                }
            key = f"{forum or 'x'}/{normalise_name(name, forum_words)}"
            add(key, name, acronym, forum, threats, (start, end), name_threats=name_threats)
            if acronym_match:
                a_start, a_end = acronym_match.span(1)
                initiative_mentions.append(Mention(a_start, a_end, "initiative", key, acronym))
                found[key].spans.append((a_start, a_end))

    # 3. UN document symbols written in running text ("adopted resolution 2722")
    for sentence in sentences:
        for pattern in rules.symbols:
            for match in pattern.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if any(m.start <= start < m.end for m in initiative_mentions):
                    continue
                name = match.group()
                name = name[0].upper() + name[1:]
                forum = (
                    next(
                        (
                            m.ident
                            for m in mentions
                            if m.kind == "forum" and sentence.start <= m.start < sentence.end
                        ),
                        None,
                    )
                    or main_forum
                )
                key = f"{forum or 'x'}/{normalise_name(name, forum_words)}"
                sentence_threats = {
                    m.ident
                    for m in mentions
                    if m.kind == "threat" and sentence.start <= m.start < sentence.end
                }
                add(key, name, None, forum, sentence_threats, (start, end))

    # 4. acronyms seen again later in the document
    if acronyms:
        acronym_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, acronyms)) + r")(?![\w-])")
        spans = {(m.start, m.end) for m in initiative_mentions}
        for match in acronym_re.finditer(text):
            if match.span() in spans or any(
                m.start <= match.start() < m.end for m in initiative_mentions
            ):
                continue
            key = acronyms[match[1]]
            found[key].spans.append(match.span())
            initiative_mentions.append(
                Mention(match.start(), match.end(), "initiative", key, match[1])
            )
    initiative_mentions.sort(key=lambda m: m.start)
    return found, initiative_mentions


def _trim(start: int, end: int, name: str, mentions: list[Mention], rules: InitiativeRules):
    """Cut a leading "<State or forum> and (the)", a trailing "in <State>" (places and
    partners next to the name, not part of it) and connectors at the edges."""
    for m in mentions:
        if m.kind in ("state", "forum") and start <= m.start and m.end < end:
            rest = re.match(r"\s+(?:and|&)\s+(?:the\s+)?", name[m.end - start :])
            if rest:
                cut = m.end - start + rest.end()
                start, name = start + cut, name[cut:]
    for m in mentions:
        if m.kind == "state" and start < m.start and m.end == end:
            before = name[: m.start - start].rstrip()
            if before.endswith(" in"):
                name = before[:-3].rstrip()
                end = start + len(name)
            break
    words = name.split()
    while words and (words[0] in rules.leading_stopwords or words[0] in rules.connectors):
        start += len(words[0]) + (len(name) - len(name.lstrip()))
        name = name[len(words[0]) :].lstrip()
        start = end - len(name)
        words = words[1:]
    while words and words[-1] in rules.connectors:
        name = name[: len(name) - len(words[-1])].rstrip()
        end = start + len(name)
        words = words[:-1]
    return start, end, name
