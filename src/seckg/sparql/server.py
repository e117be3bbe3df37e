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
import json
import signal
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources as package_resources
from pathlib import Path

import pyoxigraph as ox

from seckg.errors import SeckgError
from seckg.namespaces import PREFIXES
from seckg.sparql import dataset
from seckg.sparql.dataset import Answer, Request, Source
from seckg.sparql.lexer import QueryRefused
from seckg.sparql.protocol import (
    GRAPH_OFFER,
    MAX_BODY,
    RESULT_OFFER,
    Incoming,
    ProtocolError,
    body_too_large,
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


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _text(status: int, message: str) -> Reply:
    return Reply(status, (message + "\n").encode("utf-8"))


async def _read_body(receive: Callable[[], Awaitable[dict]], limit: int) -> bytes | None:
    """The request body, or None once it passes `limit` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def create_app(
    answer: Callable[[Request], Awaitable[Answer]],
    *,
    queries: Sequence[dict[str, str]] = (),
    hosts: set[str] | None = None,
    cors_origin: str | None = None,
    timeout: float | None = None,
    title: str = "seckg",
) -> Callable:
    """The ASGI application: `answer` runs one query (a worker pool's `run_async`).

    Plain ASGI, no framework: five addresses need no router, and each layer a framework adds
    costs a fifth of a millisecond on every query, which is what a small query takes in all.
    """
    cors = (("access-control-allow-origin", cors_origin), ("vary", "Origin")) if cors_origin else ()
    # longest namespace first, so the page shortens state/JPN to state:JPN, not secid:...
    prefixes = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
    bundled = json.dumps(
        {"title": title, "timeout": timeout, "queries": list(queries), "prefixes": prefixes}
    ).encode()

    async def sparql(method: str, scope: dict, headers: dict[str, str], receive) -> Reply:
        if method == "OPTIONS":
            allowed = [("allow", "GET, POST, HEAD, OPTIONS")]
            if cors_origin is not None:
                allowed += [
                    ("access-control-allow-methods", "GET, POST, OPTIONS"),
                    ("access-control-allow-headers", "Content-Type, Accept"),
                ]
            return Reply(204, b"", headers=tuple(allowed))
        body = b""
        if method == "POST":
            declared = int(headers.get("content-length") or 0)
            read = None if declared > MAX_BODY else await _read_body(receive, MAX_BODY)
            if read is None:  # not read past the limit
                refused = body_too_large()
                return _text(refused.status, refused.message)
            body = read
        incoming = Incoming(
            method,
            scope.get("query_string", b"").decode("latin-1"),
            headers.get("content-type", ""),
            body,
            headers.get("accept"),
        )
        try:
            query = parse_request(incoming)
        except ProtocolError as exc:
            return _text(exc.status, exc.message)
        if query is None:
            if wants_page(incoming.accept):
                page = _page_file("index.html")
                return Reply(
                    200, page, "text/html; charset=utf-8", (("content-security-policy", _CSP),)
                )
            host = headers.get("host", "127.0.0.1")
            endpoint = f"{scope.get('scheme', 'http')}://{host}{scope.get('path', '/')}"
            return Reply(200, service_description(endpoint).encode(), content_type("text/turtle"))
        try:
            result = await answer(query)
        except SeckgError as exc:
            status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
            return _text(status, str(exc))
        return Reply(200, result.body, content_type(result.media_type))

    async def route(scope: dict, receive) -> Reply:
        headers = {
            key.decode("latin-1").lower(): value.decode("latin-1")
            for key, value in scope["headers"]
        }
        if hosts is not None:
            name = _host_name(headers.get("host", ""))
            if name not in hosts:
                return _text(400, f"Host '{name}' is not this server's address (DNS rebinding?)")
        method, path = scope["method"], scope["path"]
        if path in ("/", "/query", "/sparql"):
            return await sparql(method, scope, headers, receive)
        if method not in ("GET", "HEAD"):
            return _text(405, f"{method} {path}: only GET here")
        if path == "/page/queries.json":
            return Reply(200, bundled, "application/json")
        name = path.removeprefix("/page/")
        if path.startswith("/page/") and name in PAGE_FILES:
            return Reply(200, _page_file(name), PAGE_FILES[name])
        return _text(404, f"no such address: {path}")

    async def app(scope: dict, receive, send) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": message["type"] + ".complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        reply = await route(scope, receive)
        headers = [
            (b"content-type", reply.media_type.encode()),
            (b"content-length", str(len(reply.body)).encode()),
            *((key.encode(), value.encode()) for key, value in (*reply.headers, *cors)),
        ]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else reply.body
        await send({"type": "http.response.body", "body": body})

    return app


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


def _check_free(host: str, port: int) -> None:
    """A one-line error before any loading when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SeckgError(
                f"{host}:{port}: cannot listen there ({exc.strerror}); is another server "
                "running? choose another --port"
            ) from exc


def serve(
    locations: Sequence[str | Path],
    host: str,
    port: int,
    timeout: float,
    workers: int,
    cors_origin: str | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Load, start the workers, serve until Ctrl-C or SIGTERM; workers and temporary data go
    with it."""
    import uvicorn

    _check_free(host, port)
    # uvicorn re-raises the signal that stopped it: make SIGTERM unwind like Ctrl-C, so the
    # workers are stopped and the temporary copy of a file is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    announce(f"loading {', '.join(map(str, locations))} ...")
    with served_source(locations) as (source, size), WorkerPool(source, workers, timeout) as pool:
        app = create_app(
            pool.run_async,
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
