"""A read-only SPARQL 1.1 Protocol endpoint over a built graph.

The HTTP side is rdflib-endpoint (FastAPI): GET and POST, content negotiation for the results
formats, a YASGUI query page with the bundled queries as example tabs, and SPARQL Update
refused. What it lacks, a time limit, is added here: every query runs with a deadline that
rdflib's evaluation checks as solutions flow, so a runaway query stops with an error instead of
holding the server. Federated `SERVICE` calls are refused, so the endpoint never reaches out to
the network on a client's behalf.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.processor import SPARQLProcessor

from seckg.namespaces import bind_prefixes
from seckg.query import bundled_queries

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("seckg_deadline", default=None)
_WRAPPING: ContextVar[bool] = ContextVar("seckg_wrapping", default=False)
_CHECK_EVERY = 64  # solutions between two clock reads


class QueryTimeout(Exception):
    """The query ran past the endpoint's time limit."""


class ServiceRefused(Exception):
    """The query asked for a federated SERVICE call, which this endpoint does not make."""


def _check_deadline() -> None:
    limit = _DEADLINE.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise QueryTimeout(f"query stopped: it ran longer than the {limit[1]:g} s time limit")


def _checked(solutions: Iterator[Any]) -> Iterator[Any]:
    for count, solution in enumerate(solutions):
        if count % _CHECK_EVERY == 0:
            _check_deadline()
        yield solution


def _deadline_eval(ctx: Any, part: Any) -> Any:
    """rdflib custom evaluation hook: wraps each algebra part's solutions in deadline checks."""
    if _DEADLINE.get() is None or _WRAPPING.get():
        raise NotImplementedError  # let rdflib evaluate normally
    if part.name == "ServiceGraphPattern":
        raise ServiceRefused("SERVICE (federated query) is not allowed on this endpoint")
    _check_deadline()
    token = _WRAPPING.set(True)
    try:
        result = evalPart(ctx, part)
    finally:
        _WRAPPING.reset(token)
    if isinstance(result, Iterator):
        return _checked(result)
    return result


CUSTOM_EVALS["seckg_deadline"] = _deadline_eval


class TimeLimitedProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor with a per-query time limit (in seconds)."""

    def __init__(self, graph: Graph, timeout: float):
        super().__init__(graph)
        self.timeout = timeout

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        token = _DEADLINE.set((time.monotonic() + self.timeout, self.timeout))
        try:
            result: Mapping[str, Any] = super().query(strOrQuery, initBindings, initNs, base)
            if isinstance(result, dict) and isinstance(result.get("bindings"), Iterator):
                # solutions are produced lazily; produce them now, under the deadline
                result = {**result, "bindings": list(result["bindings"])}
            return result
        finally:
            _DEADLINE.reset(token)


def create_app(graph: Graph, timeout: float = 30.0, public_url: str = "http://127.0.0.1:7878/"):
    """The FastAPI application serving `graph` read-only at `/`."""
    from rdflib_endpoint import SparqlEndpoint

    bind_prefixes(graph)
    examples = {
        query.question or query.name: {"query": query.path.read_text(encoding="utf-8")}
        for query in bundled_queries().values()
    }
    return SparqlEndpoint(
        graph=graph,
        processor=TimeLimitedProcessor(graph, timeout),
        enable_update=False,
        cors_enabled=True,
        title="seckg SPARQL endpoint",
        description="The seckg knowledge graph of international security cooperation, "
        "read-only. The example tabs are the bundled analyst queries.",
        public_url=public_url,
        example_queries=examples,
    )


def serve(graph: Graph, host: str, port: int, timeout: float) -> None:
    import uvicorn

    app = create_app(graph, timeout, public_url=f"http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
