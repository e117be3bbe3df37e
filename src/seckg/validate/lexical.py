"""Whether a literal's lexical form is valid for its XML Schema datatype (XSD 1.1 part 2).

sh:datatype fails a literal that has the right datatype IRI but an ill-formed lexical form
("1x"^^xsd:int, "2021-02-30"^^xsd:date, "none"^^xsd:boolean, "300"^^xsd:byte). SPARQL cannot
tell, so the compiled check excludes the ill-formed literals this module finds. Datatypes not
listed here (and every non-XSD datatype) are taken as well-formed, as SHACL engines do.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import rdflib
from rdflib import RDF, XSD, Literal

_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_FLOAT = rf"({_DECIMAL}([eE][+-]?[0-9]+)?|[+-]?INF|NaN)"
_DURATION = (
    r"-?P(?=.)([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=.)([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?"
)

_PATTERNS: dict[str, str] = {
    str(XSD.boolean): "true|false|1|0",
    str(XSD.decimal): _DECIMAL,
    str(XSD.float): _FLOAT,
    str(XSD.double): _FLOAT,
    str(XSD.duration): _DURATION,
    str(
        XSD.dayTimeDuration
    ): r"-?P(?=.)([0-9]+D)?(T(?=.)([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?",
    str(XSD.yearMonthDuration): r"-?P(?=.)([0-9]+Y)?([0-9]+M)?",
    str(XSD.time): _TIME + _TZ,
    str(XSD.gYear): _YEAR + _TZ,
    str(XSD.gYearMonth): _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    str(XSD.gMonth): r"--(0[1-9]|1[0-2])" + _TZ,
    str(XSD.gDay): r"---(0[1-9]|[12][0-9]|3[01])" + _TZ,
    str(XSD.gMonthDay): r"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ,
    str(XSD.hexBinary): r"([0-9a-fA-F]{2})*",
    str(XSD.base64Binary): r"[A-Za-z0-9+/= ]*",
    str(XSD.language): r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
}
_COMPILED = {datatype: re.compile(pattern) for datatype, pattern in _PATTERNS.items()}
_DATE = re.compile(rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])")

# Integer types and their bounds (inclusive); None is unbounded.
_INTEGERS: dict[str, tuple[int | None, int | None]] = {
    str(XSD.integer): (None, None),
    str(XSD.long): (-(2**63), 2**63 - 1),
    str(XSD.int): (-(2**31), 2**31 - 1),
    str(XSD.short): (-(2**15), 2**15 - 1),
    str(XSD.byte): (-128, 127),
    str(XSD.nonNegativeInteger): (0, None),
    str(XSD.positiveInteger): (1, None),
    str(XSD.nonPositiveInteger): (None, 0),
    str(XSD.negativeInteger): (None, -1),
    str(XSD.unsignedLong): (0, 2**64 - 1),
    str(XSD.unsignedInt): (0, 2**32 - 1),
    str(XSD.unsignedShort): (0, 2**16 - 1),
    str(XSD.unsignedByte): (0, 255),
}
_INTEGER = re.compile(r"[+-]?[0-9]+")


def checked_datatypes() -> frozenset[str]:
    """The datatypes whose lexical forms this module checks."""
    return frozenset(_PATTERNS) | frozenset(_INTEGERS) | {str(XSD.date), str(XSD.dateTime)}


def well_formed(literal: Literal) -> bool:
    """Whether the literal's lexical form is valid for its datatype."""
    datatype = str(literal.datatype) if literal.datatype is not None else None
    text = str(literal)
    if datatype is None or datatype == str(RDF.langString):
        return True
    if datatype in _INTEGERS:
        return _integer_ok(text, *_INTEGERS[datatype])
    check = _SPECIAL.get(datatype)
    if check is not None:
        return check(text)
    pattern = _COMPILED.get(datatype)
    return pattern is None or pattern.fullmatch(text) is not None


def _integer_ok(text: str, low: int | None, high: int | None) -> bool:
    if not _INTEGER.fullmatch(text):
        return False
    value = int(text)
    return (low is None or value >= low) and (high is None or value <= high)


def _date_ok(text: str) -> bool:
    match = _DATE.match(text)
    if match is None or not re.fullmatch(_TZ, text[match.end() :]):
        return False
    return _real_day(match)


def _date_time_ok(text: str) -> bool:
    match = _DATE.match(text)
    if match is None or not re.fullmatch("T" + _TIME + _TZ, text[match.end() :]):
        return False
    return _real_day(match)


def _real_day(match: re.Match) -> bool:
    """No 30 February: the day exists in that month of that year (proleptic Gregorian)."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    leap = calendar.isleap(year) if year > 0 else calendar.isleap(year + 1)  # XSD 1.1 has year 0
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


_SPECIAL: dict[str, Callable[[str], bool]] = {
    str(XSD.date): _date_ok,
    str(XSD.dateTime): _date_time_ok,
}


@contextmanager
def literals_as_written() -> Iterator[None]:
    """rdflib rewrites literals while parsing ("none"^^xsd:boolean becomes false): not here."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    term_log = logging.getLogger("rdflib.term")  # it logs a traceback per ill-formed literal
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved
        term_log.setLevel(level)
