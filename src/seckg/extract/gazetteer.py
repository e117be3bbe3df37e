"""Recognise forums, states, threats and known instruments by their names, in one pass.

All names live in data: forum names and aliases (data/reference/forums.yaml), state names,
demonyms, capitals and leaders (pycountry + state_aliases.csv), the threat lexicon (the SKOS
labels of ontology/threats.ttl), well-known instruments (instruments.yaml) and blockers
(data/lexicon/blockers.txt). Every name becomes a pattern; overlapping matches are resolved
by the rule spaCy's span ruler uses: the longest span wins, then the earliest.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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

    Candidates come from one Aho-Corasick automaton (pyahocorasick, in C) over every name in a
    normalised form (lower case, punctuation as spaces, single spaces), run once over the text
    normalised the same way; each hit is then confirmed by the name's own pattern at that
    place, which decides case, apostrophes and inflection. Per-word lookups in Python were
    most of the extraction time on long documents.
    """

    def __init__(self, entries: list[Entry]):
        import ahocorasick

        seen: set[tuple[str, bool]] = set()
        self._by_key: dict[str, list[tuple[re.Pattern[str], Entry]]] = {}
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
            for key in _keys(surface, entry.kind == "threat"):
                self._by_key.setdefault(key, []).append((compiled, entry))
        self._automaton = ahocorasick.Automaton()
        for key in self._by_key:
            self._automaton.add_word(" " + key, key)
        self._automaton.make_automaton()

    def find(self, text: str, kinds: set[str] | None = None) -> list[Mention]:
        normalised, to_text = _normalise(text)
        candidates: list[Mention] = []
        tried: set[tuple[int, str]] = set()
        for last, key in self._automaton.iter(" " + normalised):
            position = to_text(last - len(key))  # its first character in `text` (" " is padding)
            if (position, key) in tried or (position and text[position - 1] in "@/"):
                continue
            tried.add((position, key))
            for pattern, entry in self._by_key[key]:
                match = pattern.match(text, position)
                if match and entry.kind != "threat" and text.startswith("$", match.end()):
                    continue  # a currency's prefix: "AU$2 billion", "US$5M" name no forum or state
                if match:
                    candidates.append(
                        Mention(position, match.end(), entry.kind, entry.ident, match.group())
                    )
        chosen = resolve_overlaps(candidates)
        return [m for m in chosen if m.kind != "block" and (kinds is None or m.kind in kinds)]


_NOT_ALNUM = re.compile(r"[\W_]")
_SPACE_RUN = re.compile(r" {2,}")


def _normal_form(value: str) -> str:
    return _SPACE_RUN.sub(" ", _NOT_ALNUM.sub(" ", value.lower())).strip()


def _keys(surface: str, inflected: bool) -> set[str]:
    """What the automaton looks for: the normal form of the name, for lexicon terms without
    the last word's inflection ("polic" for policy/policies) and with closed prefixes
    ("cyberattack" as well as "cyber attack")."""
    words = _normal_form(surface).split()
    if not words:
        return set()
    if inflected and words[-1].endswith("y") and len(words[-1]) > 2:
        words[-1] = words[-1][:-1]
    variants = [""]
    for index, word in enumerate(words):
        joined = []
        for variant in variants:
            if not variant:
                joined.append(word)
                continue
            joined.append(f"{variant} {word}")
            if words[index - 1] in _CLOSABLE_PREFIXES:
                joined.append(variant + word)
        variants = joined
    return set(variants)


def _normalise(text: str):
    """`text` in the automaton's normal form, and a function from its offsets to `text`'s."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length in lower case ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    spaced = _NOT_ALNUM.sub(" ", lowered)
    runs = list(_SPACE_RUN.finditer(spaced))
    if not runs:
        return spaced, lambda offset: offset
    # collapsed offset where each run ends, and how many characters were removed up to it
    marks: list[int] = []
    removed: list[int] = []
    total = 0
    for run in runs:
        total += len(run.group()) - 1
        marks.append(run.end() - total)
        removed.append(total)
    collapsed = _SPACE_RUN.sub(" ", spaced)

    def to_text(offset: int) -> int:
        index = bisect_right(marks, offset) - 1
        return offset + (removed[index] if index >= 0 else 0)

    return collapsed, to_text


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
