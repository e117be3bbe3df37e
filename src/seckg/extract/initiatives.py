"""Discover initiatives from how their names are built, not from a list.

An initiative name is a run of capitalised words (lower-case connectors such as "of", "and",
"for" allowed inside) that contains a head noun of `data/lexicon/initiatives.yaml`
("Mechanism", "Partnership", "Centre", "Convention", ...), or a UN document symbol
("S/RES/2735"). A name followed by an acronym in parentheses defines the acronym, which then
finds the initiative again later in the document. Forum-prefixed names ("Quad Cyber
Challenge", "ASEAN-Japan ... Centre") are launched by that forum. Well-known instruments that
texts name only by acronym ("UNCLOS") come from the curated list in the gazetteer.

Also names: that a following acronym spells ("Partners in the Blue Pacific (PBP)"), announced
by "called" or "dubbed", led by a year ("2030 Agenda"), numbered sanctions packages and
year-named exercises ("Joint Protector 2022"). Boundaries: "A and the B" is two names, a
possessive tail is cut, "Article 51 of the UN Charter" is the Charter. Every rule looks at one
sentence and the mentions inside it, and each regular expression runs once over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from seckg.extract.gazetteer import Mention
from seckg.extract.knowledge import InitiativeRules, Knowledge
from seckg.extract.sentences import Sentence, mentions_by_sentence

_TOKEN = re.compile(r"S/RES/\d+|A/RES/\d+/\d+|[\w](?:[\w'’/-]*[\w])?|&|[(),;:]|\S")
_OPEN_PARENTHESIS = re.compile(r"\(")
_CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z][A-Za-z]+")
_NAMING_VERB = re.compile(r"\b(?:called|named|dubbed|known as|titled|entitled|code-?named)\b")
_YEAR = re.compile(r"(?<![\w-])(?:19|20)\d{2}\b")
_PART_OF = re.compile(r"(?:Article|Articles|Chapter|Paragraph|Section|Annex|Preamble)\b")
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
        year_led = (
            _YEAR.fullmatch(word) is not None
            and index + 1 < len(tokens)
            and tokens[index + 1][2][:1].isupper()
        )  # "2030 Agenda", "2050 Strategy for the Blue Pacific Continent"
        stopword = word in rules.leading_stopwords or (
            index == 0 and word in rules.sentence_start_only
        )
        if not year_led and (not _is_capitalised(word) or stopword):
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

    # mentions by sentence, once: a name never leaves its sentence, so every rule below needs
    # only the mentions inside it (comparing each sentence with every mention was quadratic)
    by_sentence = list(mentions_by_sentence(sentences, mentions))
    claimed = bytearray(len(text) + 1)  # characters already inside an initiative mention

    def claim(start: int, end: int) -> None:
        claimed[start:end] = b"\x01" * (end - start)

    def is_claimed(start: int, end: int) -> bool:
        return claimed.find(1, start, max(end, start + 1)) != -1

    for m in initiative_mentions:
        claim(m.start, m.end)

    # each regex runs once over the whole text; its matches are then given to their sentences
    starts = [sentence.start for sentence in sentences]

    def sentence_of(position: int) -> int:
        return bisect_right(starts, position) - 1

    head_starts = {head.split()[0] for head in rules.heads}
    hinted = {
        sentence_of(match.start())
        for match in _CAPITALISED_WORD.finditer(text)
        if match.group() in head_starts
    }
    hinted |= {
        sentence_of(match.start())
        for pattern in (_NAMING_VERB, _OPEN_PARENTHESIS)
        for match in pattern.finditer(text)
    }
    numbered: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, label in _numbered_names(text, rules):
        index = sentence_of(start)
        if index >= 0 and end <= sentences[index].end:
            numbered.setdefault(index, []).append((start, end, label))

    # 2. names built like initiative names
    for sentence, inside in by_sentence:
        if sentence.index not in hinted:
            continue  # no head noun, acronym or "called": no name built like an initiative's
        headline = _title_case_line(sentence.text)
        taken = [(m.start, m.end) for m in inside if m.kind in ("forum", "instrument")]

        def overlaps_known(start: int, end: int, taken=taken) -> bool:
            return any(s <= start and end <= e for s, e in taken)

        sentence_forum = next((m.ident for m in inside if m.kind == "forum"), None)
        sentence_threats = {m.ident for m in inside if m.kind == "threat"}
        for run_start, run_end in _split_at_and_the(sentence.text, _runs(sentence.text, rules)):
            start, end = sentence.start + run_start, sentence.start + run_end
            name = text[start:end]
            start, end, name = _trim(start, end, name, inside, rules)
            if name.endswith(("'s", "’s")):
                name, end = name[:-2], end - 2  # "the UN Charter's protection": the owner
            if (
                not name
                or overlaps_known(start, end)
                or _names_part_of_known(name, start, end, inside, rules)
            ):
                continue
            acronym_match = _ACRONYM.match(text, end + (1 if text[end : end + 1] == " " else 0))
            acronym = acronym_match[1] if acronym_match else None
            heads = list(head_re.finditer(name))
            symbol = any(p.search(name) for p in rules.symbols)
            by_initials = bool(acronym) and _initials_match(name, acronym, rules)
            by_initials = by_initials or bool(
                rules.named_after
                and rules.named_after.search(text, max(sentence.start, start - 80), start)
            )  # "a new mission, called Baltic Sentry": named by the phrase before it
            if not heads and not symbol and not by_initials:
                continue
            if symbol and not heads and not by_initials:
                continue  # a bare symbol: step 3 takes it whole, with its year in parentheses
            if headline and not acronym:
                continue
            inner = [m for m in inside if start <= m.start and m.end <= end]
            prefix_forum = next((m.ident for m in inner if m.kind == "forum"), None)
            words = [w for w in re.findall(r"[\w/'-]+", name) if w not in rules.connectors]
            if any(w in rules.excluded_words for w in words):
                continue
            head_words = {h.group() for h in heads}
            if not symbol and not by_initials:
                if len(words) < 2 or name.lower() in rules.generic_names:
                    continue
                # "Five-Point Consensus": a hyphenated compound is two content words
                content = [part for w in words if w not in head_words for part in w.split("-")]
                if head_words <= rules.weak_heads and not prefix_forum and len(content) < 2:
                    continue
            # "Japan-India Cyber Dialogue": a name that opens with a state (and holds no forum)
            # is that state's or those states', not the forum a bilateral statement mentions
            # in passing ("International Fund for Ukraine" opens with no state: the forum's)
            bilateral = not prefix_forum and any(
                m.kind == "state" and m.start == start for m in inner
            )
            forum = prefix_forum or (None if bilateral else sentence_forum or main_forum)
            threats = name_threats = {m.ident for m in inner if m.kind == "threat"}
            threats = threats or set(sentence_threats)
            key = f"{forum or 'x'}/{normalise_name(name, forum_words)}"
            add(key, name, acronym, forum, threats, (start, end), name_threats=name_threats)
            claim(start, end)
            if acronym_match:
                a_start, a_end = acronym_match.span(1)
                initiative_mentions.append(Mention(a_start, a_end, "initiative", key, acronym))
                found[key].spans.append((a_start, a_end))
                claim(a_start, a_end)

    # 3. UN document symbols written in running text ("adopted resolution 2722"), and
    # 4. names built from numbers: "the 17th package of sanctions", "Joint Protector 2022"
    for sentence, inside in by_sentence:
        found_here = [
            (start, end, label)
            for start, end, label in numbered.get(sentence.index, ())
            if not _year_name_is_other(text, sentence, start, end, label, inside)
        ]
        if not found_here:
            continue
        forum = next((m.ident for m in inside if m.kind == "forum"), None) or main_forum
        sentence_threats = {m.ident for m in inside if m.kind == "threat"}
        for start, end, name in found_here:
            if is_claimed(start, end):
                continue
            name = name[0].upper() + name[1:]
            key = f"{forum or 'x'}/{normalise_name(name, forum_words)}"
            add(key, name, None, forum, set(sentence_threats), (start, end))
            claim(start, end)

    # 5. acronyms seen again later in the document
    if acronyms:
        acronym_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, acronyms)) + r")(?![\w-])")
        spans = {(m.start, m.end) for m in initiative_mentions}
        for match in acronym_re.finditer(text):
            if match.span() in spans or is_claimed(match.start(), match.start() + 1):
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


def _initials_match(name: str, acronym: str, rules: InitiativeRules) -> bool:
    """Does the acronym in parentheses spell the name's capitalised words?

    "Partners in the Blue Pacific (PBP)": P-B-P. All capitals (digits and "&" allowed), so
    "Unmanned Aerial Vehicles (UAVs)" and "Internet of Things (IoT)" are not names.
    """
    if not re.fullmatch(r"[A-Z][A-Z0-9&-]{1,10}", acronym):
        return False
    words = [w for w in re.findall(r"[\w'’-]+", name) if w not in rules.connectors]
    if any(w in rules.excluded_words for w in words):
        return False
    initials = "".join(w[0] for w in words if w[:1].isupper() or w[:1].isdigit())
    return initials.upper() == acronym.replace("-", "").replace("&", "")


def _names_part_of_known(name, start, end, inside, rules) -> bool:
    """ "Article 51 of the UN Charter", "the UN Charter for Ukraine": a known instrument with a
    part number or a place around it is the instrument, not a new initiative."""
    known = [m for m in inside if m.kind == "instrument" and start <= m.start and m.end <= end]
    if not known:
        return False
    if _PART_OF.match(name):
        return True
    rest = name
    for m in sorted(known + [m for m in inside if m.kind == "state"], key=lambda m: -m.start):
        if start <= m.start and m.end <= end:
            rest = rest[: m.start - start] + " " + rest[m.end - start :]
    return all(w in rules.connectors for w in re.findall(r"[\w'’-]+", rest))


def _numbered_names(text: str, rules: InitiativeRules):
    """(start, end, label) of UN symbols and names made with numbers anywhere in the text."""
    # each family only where its anchor occurs: most texts have no symbol and no package
    if "/" in text or "esolution" in text or "UNSCR" in text:
        for pattern in rules.symbols:
            for match in pattern.finditer(text):
                yield match.start(), match.end(), match.group()
    if "package" in text:
        for pattern in rules.numbered_names:
            for match in pattern.finditer(text):
                label = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", match.group())
                yield match.start(), match.end(), label
    for year in _YEAR.finditer(text):
        window = max(0, year.start() - 40)
        match = _YEAR_NAME.search(text, window, year.end() + 6)
        while match and match.end() < year.end():
            match = _YEAR_NAME.search(text, match.start() + 1, year.end() + 6)
        if not match or match.end() != year.end():
            continue
        words = match[1].split()
        if any(w in rules.year_name_excluded or w in rules.leading_stopwords for w in words):
            continue
        yield match.start(), match.end(), match.group()


def _year_name_is_other(text, sentence, start, end, label, inside) -> bool:
    """A year name that is a sentence's opening word ("Yesterday 2022"), a place or a forum
    with a year ("Paris 2024", "G20 2025") is no initiative."""
    if not _YEAR_NAME.fullmatch(label):
        return False
    if start == sentence.start and len(label.split()) == 2:
        return True
    return any(
        m.kind in ("state", "forum", "instrument") and start <= m.start < end for m in inside
    )


_YEAR_NAME = re.compile(r"(?<![\w-])((?:[A-Z][a-z]+\s){1,3})(?:19|20)\d{2}\b(?!\s*[-–/]\s*\d)")


def _split_at_and_the(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "the Sahel Coalition and the Special Tribunal": two names, not one. A name keeps an
    "and" of its own ("Treaty of Amity and Cooperation"), never "and the"."""
    pieces: list[tuple[int, int]] = []
    for base, end in runs:
        start = base
        for match in re.finditer(r"\s+and\s+the\s+", text[base:end]):
            pieces.append((start, base + match.start()))
            start = base + match.end()
        pieces.append((start, end))
    return pieces
