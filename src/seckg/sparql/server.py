"""`seckg serve`: a read-only SPARQL 1.1 Protocol endpoint and its offline query page.

Queries are answered by Oxigraph in worker processes (`workers.WorkerPool`), serialised by
Oxigraph's own results writers, so the endpoint answers as `oxigraph serve` does; what is added
here is what an analyst's endpoint needs besides: the bundled queries on a query page that
works without internet (its script and style ship in the package), a time limit that stops the
work (503), refusal of updates, LOAD and SERVICE at any depth, a Host check against DNS
rebinding, and no cross-origin access unless `--cors ORIGIN` allows one origin.

A file is loaded once into a temporary Oxigraph folder that the workers open read-only; a
store folder is served in place.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from importlib import resources as package_resources
from pathlib import Path

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request as HttpRequest
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from seckg.errors import SeckgError
from seckg.namespaces import PREFIXES
from seckg.sparql import dataset
from seckg.sparql.dataset import Answer, Request, Source
from seckg.sparql.lexer import QueryRefused
from seckg.sparql.protocol import (
    GRAPH_OFFER,
    RESULT_OFFER,
    Incoming,
    ProtocolError,
    content_type,
    parse_request,
    wants_page,
)
from seckg.sparql.workers import PoolBusy, QueryTimeout, WorkerPool

PAGE_FILES = {  # the only files the page may fetch: nothing else is read from disk
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
_STATUS = (
    (QueryTimeout, 503),
    (PoolBusy, 503),
    (dataset.QuerySyntaxError, 400),
    (QueryRefused, 403),
    (dataset.QueryFailed, 500),
)


def _page_file(name: str) -> bytes:
    return (package_resources.files("seckg.sparql") / "page" / name).read_bytes()


def service_description(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description: query language and result formats only (no
    update, no federation, as the endpoint does neither)."""
    formats = {
        "application/sparql-results+json": "SPARQL_Results_JSON",
        "application/sparql-results+xml": "SPARQL_Results_XML",
        "text/csv": "SPARQL_Results_CSV",
        "text/tab-separated-values": "SPARQL_Results_TSV",
        "text/turtle": "Turtle",
        "application/n-triples": "N-Triples",
        "application/ld+json": "JSON-LD",
        "application/rdf+xml": "RDF_XML",
        "application/n-quads": "N-Quads",
        "application/trig": "TriG",
        "text/n3": "N3",
    }
    listed = " ,\n        ".join(
        f"<http://www.w3.org/ns/formats/{formats[media]}>"
        for media in (*RESULT_OFFER, *GRAPH_OFFER)
        if media in formats
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        "[] a sd:Service ;\n"
        f"    sd:endpoint <{endpoint}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"    sd:resultFormat {listed} ;\n"
        '    rdfs:comment "seckg: the knowledge graph of international security cooperation, '
        'read-only; updates, LOAD and SERVICE are refused." .\n'
    )


def allowed_hosts(host: str) -> set[str] | None:
    """Host header values accepted for a bound address; None accepts any (0.0.0.0, ::)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host.lower(), f"[{host.lower()}]"}
    if host.lower() in LOOPBACK_NAMES or host.startswith("127."):
        names |= LOOPBACK_NAMES
    return names


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(
    answer: Callable[[Request], Answer],
    *,
    queries: Sequence[dict[str, str]] = (),
    hosts: set[str] | None = None,
    cors_origin: str | None = None,
    timeout: float | None = None,
    title: str = "seckg",
) -> Starlette:
    """The ASGI application: `answer` runs one query (a worker pool's `run`, in the server)."""

    def headers() -> dict[str, str]:
        if cors_origin is None:
            return {}
        return {"Access-Control-Allow-Origin": cors_origin, "Vary": "Origin"}

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers())

    def host_refused(request: HttpRequest) -> Response | None:
        if hosts is None:
            return None
        name = _host_name(request.headers.get("host", ""))
        if name in hosts:
            return None
        return error(400, f"Host '{name}' is not this server's address (DNS rebinding?)")

    async def sparql(request: HttpRequest) -> Response:
        refused = host_refused(request)
        if refused is not None:
            return refused
        if request.method == "OPTIONS":
            allowed = {"Allow": "GET, POST, HEAD, OPTIONS"}
            if cors_origin is not None:
                allowed |= {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                }
            return Response(status_code=204, headers={**allowed, **headers()})
        body = b""
        if request.method == "POST":
            size = int(request.headers.get("content-length") or 0)
            if size > (1 << 20):
                return error(413, "the request body is over 1024 KiB")
            chunks = []
            async for chunk in request.stream():
                chunks.append(chunk)
                if sum(map(len, chunks)) > (1 << 20):
                    return error(413, "the request body is over 1024 KiB")
            body = b"".join(chunks)
        incoming = Incoming(
            request.method,
            request.url.query,
            request.headers.get("content-type", ""),
            body,
            request.headers.get("accept"),
        )
        try:
            query, _ = parse_request(incoming)
        except ProtocolError as exc:
            return error(exc.status, exc.message)
        if query is None:
            if wants_page(incoming.accept):
                return Response(
                    _page_file("index.html"),
                    media_type="text/html; charset=utf-8",
                    headers={**headers(), "Content-Security-Policy": _CSP},
                )
            endpoint = str(request.url.replace(query=""))
            return Response(
                service_description(endpoint),
                media_type=content_type("text/turtle"),
                headers=headers(),
            )
        try:
            result = await run_in_threadpool(answer, query)
        except SeckgError as exc:
            status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
            return error(status, str(exc))
        content = b"" if request.method == "HEAD" else result.body
        return Response(content, media_type=content_type(result.media_type), headers=headers())

    async def page_file(request: HttpRequest) -> Response:
        refused = host_refused(request)
        if refused is not None:
            return refused
        name = request.path_params["name"]
        if name not in PAGE_FILES:
            return error(404, f"no such file: {name}")
        return Response(_page_file(name), media_type=PAGE_FILES[name], headers=headers())

    async def bundled(request: HttpRequest) -> Response:
        refused = host_refused(request)
        if refused is not None:
            return refused
        return JSONResponse(
            {"title": title, "timeout": timeout, "queries": list(queries)}, headers=headers()
        )

    methods = ["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"]
    return Starlette(
        routes=[
            Route("/", sparql, methods=methods),
            Route("/query", sparql, methods=methods),
            Route("/sparql", sparql, methods=methods),
            Route("/page/queries.json", bundled, methods=["GET"]),
            Route("/page/{name}", page_file, methods=["GET"]),
        ]
    )


# the page loads nothing but its own script and style, and talks only to this server
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def bundled_for_page() -> list[dict[str, str]]:
    from seckg.query import bundled_queries

    return [
        {"name": query.name, "question": query.question, "text": query.text}
        for query in bundled_queries().values()
    ]


def _size(store: ox.Store) -> int:
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(answer))[0].value)


@contextlib.contextmanager
def served_source(locations: Sequence[str | Path]) -> Iterator[tuple[Source, int]]:
    """The Source the workers open (files copied into a temporary Oxigraph folder) and the
    number of triples in its default graph."""
    source = dataset.source_of(locations, PREFIXES)
    if source.folder is not None:
        store = dataset.open_source(source)
        size = _size(store)
        del store
        yield source, size
        return
    with tempfile.TemporaryDirectory(prefix="seckg-serve-") as folder:
        store = ox.Store(folder)
        for file in source.files:
            dataset.load_file(store, Path(file))
        store.flush()
        size = _size(store)
        del store
        yield Source(folder=folder, prefixes=source.prefixes), size


def serve(
    locations: Sequence[str | Path],
    host: str,
    port: int,
    timeout: float,
    workers: int,
    cors_origin: str | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Load, start the workers, serve until Ctrl-C; workers and temporary data go with it."""
    import uvicorn

    with served_source(locations) as (source, size), WorkerPool(source, workers, timeout) as pool:
        app = create_app(
            pool.run,
            queries=bundled_for_page(),
            hosts=allowed_hosts(host),
            cors_origin=cors_origin,
            timeout=timeout,
        )
        shown = f"[{host}]" if ":" in host else host
        announce(
            f"serving {', '.join(map(str, locations))} ({size} triples) at "
            f"http://{shown}:{port}/ (read-only, {timeout:g} s per query, {workers} workers; "
            "Ctrl-C stops)"
        )
        uvicorn.run(app, host=host, port=port, log_level="warning")
