"""The publication date of a text: a date line or a dateline near the top, never a date in prose.

"San Diego, 13 March 2023 — The leaders..." and "WASHINGTON, March 13, 2023 /PRNewswire/ --"
are datelines; "Published 2023-11-02" or "06 Jul 2024" alone on a line are date lines. A date
inside a sentence ("after the landslide of May 2024") is an event, not the publication date.
The common English forms are matched by the patterns here; anything else that looks like a
date (numeric forms, times, other orders) goes to dateparser, limited to those few places.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
)
_MONTH_NUMBER = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

HEAD_LINES = 40  # a publication date is printed above the text or in its first paragraph
DATE_LINE = 80  # characters: a longer line is prose, unless it opens with a dateline
# where a dateline ends: a dash between spaces, "--", a wire service tag, or a colon
_DATELINE_END = re.compile(
    r"\s[—–-]{1,2}\s|\s?--\s?|\s[—–]|/[A-Z][A-Za-z ]+/|\(\w[\w ]*\)\s*[-—–:]"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./]\d{1,2}[./]\d{1,4}\b")


def find_date(text: str, today: datetime.date | None = None) -> str | None:
    """The publication date as ISO 8601, from a date line or dateline near the top; else None.

    A date after `today` (tomorrow, allowing for time zones) is no publication date."""
    latest = (today or datetime.date.today()) + datetime.timedelta(days=1)
    for candidate in _candidates(text):
        found = _named_date(candidate) or _parsed_date(candidate)
        if found and datetime.date(1900, 1, 1) <= found <= latest:
            return found.isoformat()
    return None


def _candidates(text: str):
    """Short lines near the top, and the opening of a line that starts with a dateline."""
    for line in text.splitlines()[:HEAD_LINES]:
        stripped = line.strip().strip("*_#|").strip()
        if not stripped or not _YEAR.search(stripped[: DATE_LINE + 40]):
            continue
        if len(stripped) <= DATE_LINE:
            yield stripped
            continue
        end = _DATELINE_END.search(stripped, 0, DATE_LINE + 20)
        if end and end.start() > 0:
            opening = stripped[: end.start()]
            # the date closes the dateline: "PLACE, DATE —", not "The 2023 summit — a ..."
            if _ends_with_date(opening):
                yield opening


def _ends_with_date(opening: str) -> bool:
    tail = opening.rstrip(" ,.:")
    for pattern, _order in _DATE_PATTERNS:
        for match in pattern.finditer(tail):
            if match.end() >= len(tail) - 1:
                return True
    numeric = list(_NUMERIC_DATE.finditer(tail))
    return bool(numeric) and numeric[-1].end() >= len(tail) - 1


def _named_date(candidate: str) -> datetime.date | None:
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(candidate):
            found = _to_date(match, order)
            if found:
                return found
    return None


def _to_date(match: re.Match[str], order: str) -> datetime.date | None:
    try:
        if order == "iso":
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if order == "dmy":
            return datetime.date(int(match[3]), _MONTH_NUMBER[match[2].lower()], int(match[1]))
        return datetime.date(int(match[3]), _MONTH_NUMBER[match[1].lower()], int(match[2]))
    except (ValueError, KeyError):
        return None


def _parsed_date(candidate: str) -> datetime.date | None:
    """dateparser's reading of a short candidate that holds a numeric date (13.03.2023,
    2023/03/13): day, month and year all required, so "2023" alone is never a date."""
    if not _NUMERIC_DATE.search(candidate):
        return None
    found = _search_dates()(
        candidate,
        languages=["en"],
        settings=_SETTINGS | {"DATE_ORDER": "DMY"},
    )
    return found[0][1].date() if found else None


# a full day, and never relative to today: "last week" in metadata is no publication date
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


@cache
def _search_dates():
    from dateparser.search import search_dates  # about a second to import: only when needed

    return search_dates


def parse_date_value(value: object) -> str | None:
    """A date given in metadata (YAML gives dates as date objects, others as text) as ISO
    8601; None when it is no date."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    found = _named_date(text)
    if found:
        return found.isoformat()
    if re.fullmatch(r"\d{4}", text):
        return None
    parsed = _search_dates()(text, languages=["en"], settings=_SETTINGS)
    return parsed[0][1].date().isoformat() if parsed else None
