"""A SPARQL 1.1 server as the store (Oxigraph server, Apache Jena Fuseki, Virtuoso...).

Speaks only the standard protocols: SPARQL 1.1 Query and Update over HTTP POST. The location
is the dataset's base URL: queries go to BASE/query and updates to BASE/update (Oxigraph
server's and Fuseki's layout); a URL ending in /sparql (Virtuoso) is used for both. Each batch
of documents is one update request (drop their graphs, insert the new ones), which the servers
run as one transaction.

The store keeps the layout of every store: each document in its named graph and the default
graph equal to their union, written in the same update. Start the server as it comes (no
`--union-default-graph`, no `tdb2:unionDefaultGraph`): with that setting Oxigraph would return
each fact once per graph that holds it.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph, Node, URIRef
from rdflib.query import Result

from seckg.errors import InputError
from seckg.namespaces import sparql_prologue
from seckg.store import GraphStore, drop_graphs_update, with_bindings

TIMEOUT_S = 300


def endpoints(url: str) -> tuple[str, str]:
    """(query URL, update URL) for a dataset URL."""
    url = url.rstrip("/")
    if url.endswith("/sparql"):
        return url, url
    if url.endswith("/query"):
        return url, url.removesuffix("/query") + "/update"
    return url + "/query", url + "/update"


class SparqlServerStore(GraphStore):
    def __init__(self, url: str, timeout: float | None = None):
        self.location = url
        self.timeout = timeout or TIMEOUT_S
        self.query_url, self.update_url = endpoints(url)

    def _post(self, url: str, body: str, content_type: str, accept: str) -> tuple[bytes, str]:
        request = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            headers={"Content-Type": content_type, "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
            raise InputError(f"{url}: the server answered {exc.code}: {detail}") from exc
        except TimeoutError as exc:
            raise InputError(f"{url}: no answer within {self.timeout:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"{url}: cannot reach the SPARQL server ({reason})") from exc

    def raw_query(self, text: str, accept: str) -> tuple[bytes, str]:
        """The server's answer to a query, as it serialised it: (body, media type)."""
        body = sparql_prologue() + text
        return self._post(self.query_url, body, "application/sparql-query", accept)

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        data, content_type = self.raw_query(
            with_bindings(text, bindings or {}),
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if "json" in content_type:
            return Result.parse(io.BytesIO(data), format="json")
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=data.decode("utf-8"), format="nt")
        return result

    def to_graph(self) -> Graph:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return result.graph

    def update(self, text: str) -> None:
        self._post(self.update_url, text, "application/sparql-update", "*/*")

    def replace_graphs(self, graphs: dict[URIRef, str]) -> None:
        """One update request (one transaction on the server) for the whole batch."""
        inserts = [f"{text}\nGRAPH {name.n3()} {{\n{text}}}" for name, text in graphs.items()]
        self.update(
            drop_graphs_update(list(graphs)) + " ;\nINSERT DATA {\n" + "\n".join(inserts) + "\n}"
        )

    def remove_document(self, identifier: str) -> bool:
        from seckg.graph import document_iri

        name = document_iri(identifier).n3()
        if not self.query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}").askAnswer:
            return False
        self.update(drop_graphs_update([document_iri(identifier)]))
        return True
