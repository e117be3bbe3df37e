"""Split a document into sentences with character offsets.

Rules over punctuation and layout, tuned for news and communiqués: a line break ends a sentence
when the line is a heading, date or bullet, and not when a long line is hard-wrapped (a
numbered paragraph's lines stay one block); a period ends one unless it closes a known
abbreviation ("U.S.", "Mr.", "No.") or an initial. A sentence ending in a colon is joined with
the bullet lines that follow it, because those bullets complete it ("called for measures,
including: • ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seckg.extract.gazetteer import Mention

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "no",
        "nos",
        "vol",
        "art",
        "para",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "al",
        "fig",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "p.m",
        "a.m",
    ]
)
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*\-–—]|\d{1,2}[.)])\s+")
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9•])|[.!?]+["'”’)\]]*$""")


# Hard-wrapped text (70-80 columns) continues a sentence on the next line even when that line
# starts with a capital ("...with\nUkraine's President"); a heading or a dateline is short.
_WRAP_WIDTH = 45
_ENDS_SENTENCE = re.compile(r"""[.!?:"”]\s*$""")


def _last_line_length(text: str, block: tuple[int, int, bool]) -> int:
    start = text.rfind("\n", block[0], block[1]) + 1 or block[0]
    return len(text[start : block[1]].strip())


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """Does the period at `dot` close an abbreviation or an initial rather than a sentence?"""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    return len(word) == 1 and text[word_start].isupper()  # an initial: "John F. Kennedy"


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _END.finditer(text, start, end):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        if text[cursor:dot].strip().isdigit():
            continue  # the number of a numbered paragraph: "2. The G7 ..."
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, each with its offsets; `text[s.start:s.end] == s.text`."""
    # 1. blocks: lines, joined while a paragraph's lines wrap (no blank line, no bullet)
    blocks: list[tuple[int, int, bool]] = []  # start, end, is_bullet
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            blocks.append((line_start, line_start, False))  # paragraph break marker
            continue
        bullet = bool(_BULLET.match(line))
        previous = blocks[-1] if blocks else None
        wraps = (
            previous is not None
            and previous[1] > previous[0]
            and not bullet
            and not _ENDS_SENTENCE.search(text, previous[0], previous[1])
            and (line.lstrip()[:1].islower() or _last_line_length(text, previous) >= _WRAP_WIDTH)
        )
        if wraps:
            blocks[-1] = (previous[0], line_end, previous[2])
        else:
            blocks.append((line_start, line_end, bullet))

    # 2. sentences inside blocks; colon-ended sentences absorb the bullets that follow
    raw: list[tuple[int, int]] = []
    pending_colon: int | None = None
    for block_start, block_end, bullet in blocks:
        if block_end == block_start:
            continue
        if bullet and pending_colon is not None:
            raw[pending_colon] = (raw[pending_colon][0], block_end)
            continue
        pending_colon = None
        for span_start, span_end in _split_line(text, block_start, block_end):
            if text[span_start:span_end].strip():
                raw.append((span_start, span_end))
        if text[block_start:block_end].rstrip().endswith(":"):
            pending_colon = len(raw) - 1

    sentences = []
    for start, end in raw:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def mentions_by_sentence(sentences: list[Sentence], mentions: list[Mention]):
    """(sentence, the mentions inside it) for every sentence, in one pass over both.

    Every rule that relates names works sentence by sentence; filtering all mentions for each
    sentence made extraction grow with the square of a document's length.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    cursor = 0
    for sentence in sentences:
        while cursor < len(ordered) and ordered[cursor].start < sentence.start:
            cursor += 1
        inside = []
        probe = cursor
        while probe < len(ordered) and ordered[probe].start < sentence.end:
            if ordered[probe].end <= sentence.end:
                inside.append(ordered[probe])
            probe += 1
        yield sentence, inside
