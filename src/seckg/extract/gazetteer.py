"""Recognise forums, states, threats and known instruments by their names, in one pass.

All names live in data: forum names and aliases (data/reference/forums.yaml), state names,
demonyms, capitals and leaders (pycountry + state_aliases.csv), the threat lexicon (the SKOS
labels of ontology/threats.ttl), well-known instruments (instruments.yaml) and blockers
(data/lexicon/blockers.txt). Every name becomes a pattern; overlapping matches are resolved
by the rule spaCy's span ruler uses: the longest span wins, then the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# prefixes that English writes closed, hyphenated or open: "cyberattack", "cyber-attack"
_CLOSABLE_PREFIXES = ("cyber", "counter", "non", "anti", "co", "bio", "de")


@dataclass(frozen=True)
class Entry:
    surface: str
    kind: str  # forum | state | threat | instrument | block
    ident: str  # forum key, ISO3, threat key, instrument key


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    ident: str
    text: str


def _name_pattern(name: str) -> str:
    """A proper name as written, tolerant of apostrophe style and inner whitespace."""
    parts = [re.escape(part) for part in name.split()]
    pattern = r"\s+".join(parts)
    return pattern.replace("'", "['’]")


def _term_pattern(term: str) -> str:
    """A lexicon term with regular English inflection of its last word and hyphen variants."""
    words = re.split(r"[\s-]+", term.strip())
    pieces: list[str] = []
    for index, word in enumerate(words):
        if index == len(words) - 1:
            pieces.append(_inflect(word))
        else:
            pieces.append(re.escape(word))
    pattern = pieces[0]
    for previous, piece in zip(words, pieces[1:], strict=False):
        joiner = r"[\s-]?" if previous.lower() in _CLOSABLE_PREFIXES else r"[\s-]+"
        pattern += joiner + piece
    return pattern


def _inflect(word: str) -> str:
    escaped = re.escape(word)
    if not word.isalpha() or not word.islower():
        return escaped + r"(?:s)?" if word[-1:].isalpha() and word[-1:].islower() else escaped
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + r"(?:y|ies)"
    if word.endswith(("s", "x", "ch", "sh")):
        return escaped + r"(?:es)?"
    return escaped + r"(?:s|es)?"


class Gazetteer:
    """Compiled name patterns; `find(text)` returns non-overlapping mentions.

    Patterns are indexed by the first characters of the name (lower-cased), the way spaCy's
    PhraseMatcher indexes by token: at each word start only the few names that can begin there
    are tried. One big alternation regex over thousands of names was a hundred times slower.
    """

    KEY = 3

    def __init__(self, entries: list[Entry]):
        seen: set[tuple[str, bool]] = set()
        self._index: dict[str, list[tuple[re.Pattern[str], Entry]]] = {}
        for entry in entries:
            surface = entry.surface.strip()
            if not surface:
                continue
            case_sensitive = entry.kind != "threat" or surface != surface.lower()
            pattern = _term_pattern(surface) if entry.kind == "threat" else _name_pattern(surface)
            if (pattern, case_sensitive) in seen:
                continue  # the first entry for a surface wins: lists come most-specific first
            seen.add((pattern, case_sensitive))
            flags = 0 if case_sensitive else re.IGNORECASE
            compiled = re.compile(f"(?:{pattern})(?![\\w])", flags)
            key = surface[: self.KEY].lower()
            self._index.setdefault(key, []).append((compiled, entry))

    def find(self, text: str, kinds: set[str] | None = None) -> list[Mention]:
        candidates: list[Mention] = []
        # index keys are looked up in lower case with any whitespace as a space (same length),
        # so that "UN\nCharter" in a hard-wrapped text finds "UN Charter"
        lowered = _WHITESPACE.sub(" ", text.lower())
        for start_match in _WORD_START.finditer(text):
            position = start_match.start()
            for length in range(self.KEY, 0, -1):
                for pattern, entry in self._index.get(lowered[position : position + length], ()):
                    match = pattern.match(text, position)
                    if match:
                        candidates.append(
                            Mention(position, match.end(), entry.kind, entry.ident, match.group())
                        )
        chosen = resolve_overlaps(candidates)
        return [m for m in chosen if m.kind != "block" and (kinds is None or m.kind in kinds)]


_WHITESPACE = re.compile(r"\s")
_WORD_START = re.compile(r"(?<![\w@/])\w")


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest span wins, then the earliest; the result is sorted by position.

    Taken characters are marked in a bytearray, so each candidate is checked in the length of
    its own span rather than against every mention taken before it.
    """
    taken: list[Mention] = []
    occupied = bytearray(max((m.end for m in mentions), default=0))
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if occupied.find(1, mention.start, mention.end) == -1:
            occupied[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)
