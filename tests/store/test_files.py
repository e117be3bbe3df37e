"""Graph files: Turtle written by Oxigraph is the same graph as rdflib's, in the same bytes
every time."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from seckg.store import write_graph_atomically
from seckg.store.files import turtle_bytes

SEC = "https://w3id.org/seckg/ontology#"


def _graph(order: list[int]) -> Graph:
    graph = Graph()
    triples = [
        (URIRef("https://w3id.org/seckg/id/state/JPN"), URIRef(SEC + "iso3"), Literal("JPN")),
        (
            URIRef("https://w3id.org/seckg/id/state/JPN"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Japan", lang="en"),
        ),
        (BNode("b1"), URIRef(SEC + "evidence"), Literal('a "quoted",\nmulti-line sentence')),
        (URIRef("https://example.org/x"), URIRef(SEC + "count"), Literal(3)),
    ]
    for index in order:
        graph.add(triples[index])
    return graph


def test_turtle_is_the_same_graph_in_the_same_bytes(tmp_path: Path):
    first, second = _graph([0, 1, 2, 3]), _graph([3, 2, 1, 0])
    assert turtle_bytes(first) == turtle_bytes(second)
    out = tmp_path / "g.ttl"
    write_graph_atomically(first, out)
    text = out.read_text(encoding="utf-8")
    assert "@prefix state: <https://w3id.org/seckg/id/state/> ." in text
    assert "state:JPN " in text  # the contract's prefixes are used
    assert isomorphic(Graph().parse(out), first)
