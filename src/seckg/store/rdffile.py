"""An RDF file as a store: read whole, rebuilt whole (today's `--out graph.ttl`)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Node
from rdflib.query import Result

from seckg.errors import InputError
from seckg.store import GraphStore
from seckg.store.files import load_graph


class FileStore(GraphStore):
    incremental = False

    def __init__(self, path: Path):
        self.path = path
        self.location = str(path)
        self._graph: Graph | None = None

    def to_graph(self) -> Graph:
        if self._graph is None:
            self._graph = load_graph(self.path)
        return self._graph

    def size(self) -> int:
        return len(self.to_graph())

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        return self.to_graph().query(text, initBindings=bindings or {})

    def _not_incremental(self, *_args) -> None:
        raise InputError(
            f"{self.path}: a file holds one merged graph and is rebuilt whole; "
            "use a store folder (e.g. --store workspace/) to replace or remove single documents"
        )

    replace_graphs = replace_documents = replace_base = _not_incremental

    def remove_document(self, identifier: str) -> bool:
        self._not_incremental()
        return False
