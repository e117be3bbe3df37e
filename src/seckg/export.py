"""Files for Gephi and other network tools: GEXF (dynamic), GraphML, CSV pairs, JSON-LD.

Every network gets its analysis attached before writing (community, PageRank, weighted degree)
so Gephi can colour and size by them at once. GEXF nodes get a colour by type (viz). When the
network has years (memberships since/until, first commitment year) the GEXF is dynamic: nodes
and edges carry start/end, and Gephi's timeline shows cooperation growing. Every file is
written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
from lxml import etree
from rdflib import Graph

from seckg.analysis import centrality, communities
from seckg.errors import InputError
from seckg.spreadsheets import safe_cell
from seckg.store import write_graph_atomically, write_text_atomically

TYPE_COLOURS = {  # colour-blind friendly (Okabe-Ito)
    "State": (0, 114, 178),
    "Forum": (230, 159, 0),
    "Initiative": (0, 158, 115),
    "Threat": (213, 94, 0),
    "Actor": (128, 128, 128),
}
FORMATS = ("gexf", "graphml", "csv", "jsonld")


def annotate(network: nx.Graph) -> nx.Graph:
    """A copy with community, PageRank and weighted degree on every node."""
    annotated = network.copy()
    scores = centrality(annotated)
    groups = communities(annotated)
    for node, data in annotated.nodes(data=True):
        data["community"] = groups.get(node, -1)
        data["pagerank"] = float(scores.get(node, {}).get("pagerank", 0.0))
        data["weighted_degree"] = float(scores.get(node, {}).get("weighted_degree", 0))
    for _, _, data in annotated.edges(data=True):
        data.pop("distance", None)
        data["weight"] = float(data.get("weight", 1))
    return annotated


def _node_start_years(network: nx.Graph) -> dict[str, int]:
    """A node appears with its first dated edge."""
    first: dict[str, int] = {}
    for u, v, data in network.edges(data=True):
        year = data.get("since") or 0
        if year:
            for node in (u, v):
                first[node] = min(first.get(node, year), year)
    return first


def to_gexf_graph(network: nx.Graph) -> nx.Graph:
    """The network prepared for networkx's GEXF writer: viz colours, sizes, start/end times."""
    prepared = annotate(network)
    dated = any((d.get("since") or 0) for _, _, d in prepared.edges(data=True))
    starts = _node_start_years(prepared)
    for node, data in prepared.nodes(data=True):
        r, g, b = TYPE_COLOURS.get(data.get("type", "Actor"), TYPE_COLOURS["Actor"])
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": 5.0 + 100.0 * data["pagerank"],
        }
        if dated and node in starts:
            data["start"] = starts[node]
    for _, _, data in prepared.edges(data=True):
        since, until = data.pop("since", 0) or 0, data.pop("until", 0) or 0
        if dated and since:
            data["start"] = since
        if dated and until:
            data["end"] = until
    if dated:
        prepared.graph["mode"] = "dynamic"
        prepared.graph["timeformat"] = "integer"
    return prepared


def write_gexf(network: nx.Graph, out: Path) -> None:
    prepared = to_gexf_graph(network)
    # The 1.2 schema has no graph name: it goes into meta's description instead.
    description = prepared.graph.pop("name", "") or "seckg network"
    buffer = io.BytesIO()
    nx.write_gexf(prepared, buffer, version="1.2draft")
    root = etree.fromstring(buffer.getvalue())
    namespace = {"g": root.nsmap[None]}
    meta = root.find("g:meta", namespace)
    etree.SubElement(
        meta, f"{{{namespace['g']}}}description"
    ).text = f"seckg {description} network, built from a security cooperation knowledge graph"
    graph_element = root.find("g:graph", namespace)
    graph_element.attrib.pop("name", None)  # networkx always writes one
    if graph_element.get("timeformat") == "long":
        # networkx names integer time "long"; the GEXF 1.2 schema calls it "integer"
        graph_element.set("timeformat", "integer")
    text = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    write_text_atomically(text.decode("utf-8"), out)


def write_graphml(network: nx.Graph, out: Path) -> None:
    prepared = annotate(network)
    for _, _, data in prepared.edges(data=True):
        data.setdefault("since", 0)
        data.setdefault("until", 0)
    buffer = io.BytesIO()
    nx.write_graphml(prepared, buffer)
    write_text_atomically(buffer.getvalue().decode("utf-8"), out)


def write_csv_pair(network: nx.Graph, out: Path) -> list[Path]:
    """Gephi's spreadsheet import: OUT/nodes.csv (Id, Label, ...) and OUT/edges.csv."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: for --format csv, --out is a folder (nodes.csv, edges.csv)")
    prepared = annotate(network)
    node_columns = sorted({k for _, d in prepared.nodes(data=True) for k in d} - {"label"})
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", *node_columns])
    for node, data in sorted(prepared.nodes(data=True)):
        cells = [node, data.get("label", node), *(data.get(c, "") for c in node_columns)]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    edge_columns = sorted({k for _, _, d in prepared.edges(data=True) for k in d} - {"weight"})
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["Source", "Target", "Type", "Weight", *edge_columns])
    for u, v, data in sorted(prepared.edges(data=True), key=lambda e: (e[0], e[1])):
        cells = [
            u,
            v,
            "Undirected",
            data.get("weight", 1),
            *(data.get(c, "") for c in edge_columns),
        ]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    paths = [out / "nodes.csv", out / "edges.csv"]
    write_text_atomically(nodes.getvalue(), paths[0])
    write_text_atomically(edges.getvalue(), paths[1])
    return paths


def write_jsonld(graph: Graph, out: Path) -> None:
    write_graph_atomically(graph, out, rdf_format="json-ld")
