"""What a SPARQL text asks for, read from its tokens before any engine sees it.

The endpoint must never reach out to the network or change the data on a client's behalf, and
Oxigraph would do both if asked (it calls a `SERVICE` address itself). Checking the parsed
query's top level misses a `SERVICE` nested in a group, so the check is lexical and total: the
text is split into the SPARQL grammar's terminals (comments, the four string forms, IRIs,
variables, names) and any `SERVICE` keyword anywhere outside a string, IRI, comment or
variable name refuses the query. A false alarm (a prefixed name spelt `service:x`) costs a
refusal with a message; a miss would cost an outbound request, so the scanner errs that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from seckg.errors import SeckgError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_OPERATIONS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)

# One alternative per terminal that can hide a keyword-looking word, longest forms first.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<word>[A-Za-z_][\w\-.]*(?::(?:[\w\-.:%]|\\.)*)?|:(?:[\w\-.:%]|\\.)*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(SeckgError):
    """The text asks for something a read-only, offline endpoint does not do."""


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescaped(text: str) -> str:
    """The text with \\u and \\U escapes replaced, as the grammar does before tokenising
    (so `\\u0053ERVICE` is the keyword SERVICE)."""

    def character(match: re.Match) -> str:
        codepoint = int(match.group(1) or match.group(2), 16)
        return chr(codepoint) if codepoint <= 0x10FFFF else "\ufffd"

    return _CODEPOINT.sub(character, text)


def _words(text: str) -> Iterator[str]:
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word is not None:
            yield word if ":" in word else word.upper()


def words(text: str) -> list[str]:
    """The bare words of a query (keywords, prefixed names, function names), upper-cased
    where they are not prefixed names, in order; strings, IRIs, comments and variables are
    left out."""
    return list(_words(_unescaped(text)))


def _form(unescaped: str) -> str | None:
    tokens = _words(unescaped)
    for token in tokens:
        if token == "PREFIX":
            next(tokens, None)  # the prefix name; its IRI is not a word
        elif token in QUERY_FORMS or token in UPDATE_OPERATIONS:
            return token
    return None


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK; an update operation's keyword; or None."""
    return _form(_unescaped(text))


def refuse_unsafe(text: str) -> str | None:
    """Raise QueryRefused for a federated SERVICE call at any depth, or for an update; return
    the query form. The whole text is scanned only when the word occurs in it at all."""
    unescaped = _unescaped(text) if "\\" in text else text
    if "service" in unescaped.lower() and any(
        token == "SERVICE" or token.upper().startswith("SERVICE:") for token in _words(unescaped)
    ):
        raise QueryRefused(
            "SERVICE (federated query) is refused: this endpoint never calls other servers"
        )
    form = _form(unescaped)
    if form in UPDATE_OPERATIONS:
        raise QueryRefused(
            f"{form} is a SPARQL Update operation: this endpoint is read-only and refuses "
            "updates and LOAD"
        )
    return form
