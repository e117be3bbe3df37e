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
    """Compiled name patterns; `find(text)` returns non-overlapping mentions."""

    def __init__(self, entries: list[Entry]):
        by_pattern: dict[tuple[str, bool], Entry] = {}
        for entry in entries:
            if not entry.surface.strip():
                continue
            case_sensitive = entry.kind != "threat" or entry.surface != entry.surface.lower()
            pattern = (
                _term_pattern(entry.surface)
                if entry.kind == "threat"
                else _name_pattern(entry.surface)
            )
            # the first entry for a surface wins: lists are given most-specific first
            by_pattern.setdefault((pattern, case_sensitive), entry)
        self._lookup: dict[tuple[bool, str], Entry] = {}
        self._regexes: list[tuple[re.Pattern[str], bool]] = []
        for case_sensitive in (True, False):
            patterns = [(p, e) for (p, cs), e in by_pattern.items() if cs == case_sensitive]
            if not patterns:
                continue
            patterns.sort(key=lambda item: len(item[0]), reverse=True)
            groups = []
            for index, (pattern, entry) in enumerate(patterns):
                groups.append(f"(?P<g{index}>{pattern})")
                self._lookup[(case_sensitive, f"g{index}")] = entry
            flags = 0 if case_sensitive else re.IGNORECASE
            regex = re.compile(r"(?<![\w@/])(?:" + "|".join(groups) + r")(?![\w])", flags)
            self._regexes.append((regex, case_sensitive))

    def find(self, text: str, kinds: set[str] | None = None) -> list[Mention]:
        candidates: list[Mention] = []
        for regex, case_sensitive in self._regexes:
            for match in regex.finditer(text):
                entry = self._lookup[(case_sensitive, match.lastgroup or "")]
                candidates.append(
                    Mention(match.start(), match.end(), entry.kind, entry.ident, match.group())
                )
        chosen = resolve_overlaps(candidates)
        return [m for m in chosen if m.kind != "block" and (kinds is None or m.kind in kinds)]


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest span wins, then the earliest; the result is sorted by position."""
    taken: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)
