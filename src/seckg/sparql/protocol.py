"""The SPARQL 1.1 Protocol's rules, apart from any web framework: what a request asks for,
which format answers it, and which status each refusal gets.

https://www.w3.org/TR/sparql11-protocol/ (query operation, sections 2.1.1 to 2.1.4) and the
results formats' media types. Updates are refused in every form the protocol has (POST
`update=`, `application/sparql-update`, GET `?update=`), so nothing here ever writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from seckg.sparql.dataset import Request
from seckg.sparql.lexer import QUERY_FORMS, QueryRefused, refuse_unsafe

MAX_BODY = 1 << 20  # bytes: a query longer than a megabyte is not a query a person wrote

# what is offered for each kind of answer, preferred first
RESULT_OFFER = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
)
GRAPH_OFFER = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
    "text/n3",
)
FORMAT_PARAMETER = {  # ?format= as some clients send it, for a browser link
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error status and a readable message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) of an Accept header."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, position))
    return ranges


def negotiate(accept: str | None, offer: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (by q, then specificity, then order),
    the first offered one when there is no header, None when nothing offered is acceptable."""
    if not accept or not accept.strip():
        return offer[0]
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for index, media_type in enumerate(offer):
        kind = media_type.split("/")[0]
        for media, quality, position in _ranges(accept):
            if media == media_type:
                specificity = 2
            elif media == f"{kind}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if quality <= 0:
                continue
            # compare by q, then the more specific range, then the client's order, then ours
            key = (quality, specificity, -position, -index)
            if best is None or key > best:
                best, chosen = key, media_type
    return chosen


def wants_page(accept: str | None) -> bool:
    """A browser asking for the address itself: text/html named, and no RDF format named
    with a higher q (curl's `*/*` gets the service description)."""
    named = {media: quality for media, quality, _ in _ranges(accept or "")}
    html = named.get("text/html", 0.0)
    return html > 0 and all(named.get(media, 0.0) <= html for media in GRAPH_OFFER)


@dataclass(frozen=True)
class Incoming:
    """What arrived: method, the query string's pairs, content type and body."""

    method: str
    query_string: str
    content_type: str
    body: bytes
    accept: str | None


def body_too_large() -> ProtocolError:
    return ProtocolError(413, f"the request body is over {MAX_BODY // 1024} KiB")


def _format_parameter(pairs: list[tuple[str, str]], form: str | None) -> str | None:
    """The format a `format=`/`output=` parameter names (as a browser link or SPARQLWrapper
    sends it), for a request without a real Accept header; None when it names nothing offered."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    for key, value in reversed(pairs):
        if key not in ("format", "output"):
            continue
        value = value.lower()
        if graph and value in ("xml", "rdf"):
            return "application/rdf+xml"
        if graph and value == "json":
            return "application/ld+json"
        media_type = FORMAT_PARAMETER.get(value, value)
        if media_type in (GRAPH_OFFER if graph else RESULT_OFFER):
            return media_type
    return None


def _single(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in pairs if key == name]
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; give one")
    return values[0] if values else None


def parse_request(incoming: Incoming) -> Request | None:
    """The query request in an HTTP request; None when it carries no query (the caller shows
    the page or the service description)."""
    url_pairs = parse_qsl(incoming.query_string, keep_blank_values=True)
    content_type = incoming.content_type.split(";")[0].strip().lower()
    if len(incoming.body) > MAX_BODY:
        raise body_too_large()
    try:
        body = incoming.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not UTF-8 (byte {exc.start})") from exc
    pairs = list(url_pairs)
    text: str | None
    if incoming.method == "POST":
        if content_type == "application/sparql-update":
            raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only")
        if content_type == "application/x-www-form-urlencoded":
            pairs += parse_qsl(body, keep_blank_values=True)
            text = _single(pairs, "query")
        elif content_type == "application/sparql-query":
            if _single(pairs, "query") is not None:
                raise ProtocolError(400, "a query in the body and another in the URL; give one")
            text = body
        else:
            raise ProtocolError(
                415,
                f"POST with Content-Type '{content_type or 'none'}' is not a SPARQL request: "
                "send application/sparql-query or application/x-www-form-urlencoded",
            )
        if text is None and _single(pairs, "update") is None:
            raise ProtocolError(400, "the POST carries no 'query' parameter")
    elif incoming.method in ("GET", "HEAD"):
        text = _single(pairs, "query")
    else:
        raise ProtocolError(405, f"{incoming.method} is not a SPARQL Protocol method")
    if _single(pairs, "update") is not None:
        raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only")
    if text is None:
        return None
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    try:
        form = refuse_unsafe(text)
    except QueryRefused as exc:
        raise ProtocolError(403, str(exc)) from exc
    offer = GRAPH_OFFER if form in ("CONSTRUCT", "DESCRIBE") else RESULT_OFFER
    media_type = negotiate(incoming.accept, offer)
    if media_type is None:
        raise ProtocolError(
            406,
            f"none of the accepted types ({incoming.accept}) is offered for a "
            f"{form if form in QUERY_FORMS else 'SPARQL'} query; offered: {', '.join(offer)}",
        )
    if not incoming.accept or incoming.accept.strip() in ("*/*", ""):
        media_type = _format_parameter(pairs, form) or media_type
    defaults = [value for key, value in pairs if key == "default-graph-uri"]
    named = [value for key, value in pairs if key == "named-graph-uri"]
    return Request(
        text,
        media_type,
        default_graphs=tuple(defaults) if defaults or named else None,
        named_graphs=tuple(named) if defaults or named else None,
    )


def content_type(media_type: str) -> str:
    """The Content-Type header for an answer: every format offered is UTF-8 text."""
    return f"{media_type}; charset=utf-8"
