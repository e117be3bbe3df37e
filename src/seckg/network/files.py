"""Files for Gephi and other network tools: GEXF (dynamic), GraphML, CSV pairs, JSON.

Every network gets its measures attached before writing (community, PageRank, weighted degree)
so Gephi can colour and size by them at once; GEXF nodes get a colour by type (viz). Time is in
years: memberships carry the years they were held (GEXF spells, with the role as a
time-varying attribute; a "Time Interval" column in the CSV pair), commitments their first
year, nodes their first dated edge. Same network, same bytes: nodes and edges are written in
IRI order and the GEXF's date is the newest document's, not today's. Every file is written to
a temporary name and renamed when complete.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx
from rdflib import Graph

from seckg.errors import InputError
from seckg.network.measures import centrality, communities
from seckg.spreadsheets import safe_cell
from seckg.store import write_graph_atomically, write_text_atomically

TYPE_COLOURS = {  # colour-blind friendly (Okabe-Ito)
    "State": (0, 114, 178),
    "Forum": (230, 159, 0),
    "Initiative": (0, 158, 115),
    "Threat": (213, 94, 0),
    "Actor": (128, 128, 128),
}
FORMATS = ("gexf", "graphml", "csv", "json", "jsonld")


def annotate(network: nx.Graph, seed: int = 0) -> nx.Graph:
    """A copy, nodes and edges in IRI order, with community, PageRank and weighted degree."""
    scores = centrality(network, seed=seed, betweenness=False)  # files carry no betweenness
    groups = communities(network, seed=seed)
    annotated = network.__class__()
    annotated.graph.update(network.graph)
    for node in sorted(network.nodes):
        annotated.add_node(
            node,
            **network.nodes[node],
            community=groups.get(node, -1),
            pagerank=float(scores.get(node, {}).get("pagerank", 0.0)),
            weighted_degree=float(scores.get(node, {}).get("weighted_degree", 0)),
        )
    edges = (
        sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
        if network.is_multigraph()
        else sorted(network.edges(data=True), key=lambda e: (e[0], e[1]))
    )
    for edge in edges:
        data = dict(edge[-1])
        data["weight"] = float(data.get("weight", 1))
        annotated.add_edge(*edge[:-1], **data)
    return annotated


def _flat(value):
    """A value a GEXF/GraphML attribute can hold: lists joined by "; ", None left out."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def _make_writable(data: dict, keep: tuple[str, ...] = ()) -> None:
    """In place: None values dropped, lists flattened; the `keep` keys (times) left as they are."""
    for key in list(data):
        if key in keep:
            continue
        if data[key] is None:
            del data[key]
        else:
            data[key] = _flat(data[key])


def _edge_items(network: nx.Graph):
    if network.is_multigraph():
        return network.edges(keys=True, data=True)
    return network.edges(data=True)


def _node_start_years(network: nx.Graph) -> dict[str, int]:
    """A node appears with its first dated edge."""
    first: dict[str, int] = {}
    for edge in _edge_items(network):
        data = edge[-1]
        year = data.get("since")
        if year:
            for node in edge[:2]:
                first[node] = min(first.get(node, year), year)
    return first


def to_gexf_graph(network: nx.Graph, open_end: int) -> nx.Graph:
    """The network prepared for networkx's GEXF writer: viz, start years, spells, flat values.

    A membership's spells are the years it was held; one still held ends at `open_end` (the
    window's end or this year: readers such as networkx's need an end). Where a member's role
    changed, `role_history` is a time-varying attribute (role per period); `role` is the latest.
    Where a commitment edge's yearly count changes, `commitments_by_year` is one too.
    """
    prepared = annotate(network)
    starts = _node_start_years(prepared)
    dated = bool(starts)
    for node, data in prepared.nodes(data=True):
        _make_writable(data)
        r, g, b = TYPE_COLOURS.get(data.get("type", "Actor"), TYPE_COLOURS["Actor"])
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": 5.0 + 100.0 * data["pagerank"],
        }
        if dated and node in starts:
            data["start"] = starts[node]
    for edge in _edge_items(prepared):
        data = edge[-1]
        spells, role_spells = data.pop("spells", None), data.pop("role_spells", None) or []
        since, until = data.pop("since", None), data.pop("until", None)
        dated_spells = [(s, e if e is not None else open_end) for s, e in spells or [] if s]
        if dated and dated_spells:
            data["spells"] = dated_spells
            if len({role for role, _, _ in role_spells}) > 1:
                data["role_history"] = [
                    (role, s, e if e is not None else open_end) for role, s, e in role_spells if s
                ]
        elif dated and since:
            data["start"] = since
            if until:
                data["end"] = until
        yearly = data.pop("yearly_commitments", None) or []
        if dated and len({count for _, count in yearly}) > 1:
            # how many commitments each year: Gephi's timeline shows a tie's weight change
            data["commitments_by_year"] = [(count, year, year) for year, count in yearly]
        data["label"] = data.get("commitment_type") or data.get("kind", "")
        _make_writable(data, keep=("spells", "role_history", "commitments_by_year", "start", "end"))
    if dated:
        prepared.graph["mode"] = "dynamic"
    return prepared


def write_gexf(network: nx.Graph, out: Path, open_end: int, modified: str | None = None) -> None:
    """GEXF 1.2; `modified` (the newest document's date) becomes meta's lastmodifieddate."""
    prepared = to_gexf_graph(network, open_end)
    # The 1.2 schema has no graph name: it goes into meta's description instead.
    description = prepared.graph.pop("name", "") or "seckg network"
    prepared.graph.pop("basis", None)
    buffer = io.BytesIO()
    nx.write_gexf(prepared, buffer, version="1.2draft")
    text = buffer.getvalue().decode("utf-8")
    del buffer
    # Only the head (meta and the graph element) needs mending: it is rewritten as text, so
    # a 30 MB file is not parsed into a tree a second time (that doubled export's memory).
    head_end = text.index(">", text.index("<graph ")) + 1
    head = _mended_head(text[:head_end], description, modified)
    write_text_atomically(head + text[head_end:], out)


def _mended_head(head: str, description: str, modified: str | None) -> str:
    """networkx's GEXF head made what the 1.2 schema and Gephi expect: the date of the newest
    document (or none) as lastmodifieddate, a description (the schema has no graph name),
    no name on the graph element, and integer time called "integer" (networkx says "long")."""
    date = f' lastmodifieddate="{modified[:10]}"' if modified else ""
    head = re.sub(r'<meta(?: lastmodifieddate="[^"]*")?', f"<meta{date}", head, count=1)
    text = f"seckg {description} network, built from a security cooperation knowledge graph"
    head = head.replace("</meta>", f"  <description>{escape(text)}</description>\n  </meta>", 1)
    graph_start = head.index("<graph ")
    graph = re.sub(r' name="[^"]*"', "", head[graph_start:], count=1)
    if ' mode="dynamic"' in graph:
        graph = graph.replace(' timeformat="long"', ' timeformat="integer"', 1)
    return head[:graph_start] + graph


def write_graphml(network: nx.Graph, out: Path) -> None:
    prepared = annotate(network)
    for _, data in prepared.nodes(data=True):
        _make_writable(data)
    for edge in _edge_items(prepared):
        data = edge[-1]
        data.pop("role_spells", None)
        spells = data.pop("spells", None)
        if spells:
            data["years"] = "; ".join(f"{s or ''}-{e or ''}" for s, e in spells)
        _yearly_as_text(data)
        _make_writable(data)
    buffer = io.BytesIO()
    nx.write_graphml(prepared, buffer)
    write_text_atomically(buffer.getvalue().decode("utf-8"), out)


def _yearly_as_text(data: dict) -> None:
    """Yearly counts as one cell, "2020: 3; 2021: 5", for formats without time-varying values."""
    yearly = data.pop("yearly_commitments", None)
    if yearly:
        data["yearly_commitments"] = "; ".join(f"{year}: {count}" for year, count in yearly)


def time_interval(spells, open_end: int) -> str:
    """Gephi's "Time Interval" cell: <[2001,2010];[2015,2026]>; an open end is `open_end`."""
    cells = [
        f"[{start},{end if end is not None else open_end}]"
        for start, end in spells
        if start is not None
    ]
    return f"<{';'.join(cells)}>" if cells else ""


def write_csv_pair(network: nx.Graph, out: Path, open_end: int) -> list[Path]:
    """Gephi's spreadsheet import: OUT/nodes.csv (Id, Label, ...) and OUT/edges.csv.

    Unknown years are empty cells, never 0 (Gephi would read the year 0); edges with years get
    a "Time Interval" column, open memberships ending at `open_end` (the window's end or this
    year).
    """
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: for --format csv, --out is a folder (nodes.csv, edges.csv)")
    prepared = annotate(network)
    node_columns = sorted({k for _, d in prepared.nodes(data=True) for k in d} - {"label"})
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", *node_columns])
    for node, data in prepared.nodes(data=True):
        cells = [node, data.get("label", node), *(_cell(data.get(c)) for c in node_columns)]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    rows = []
    for edge in _edge_items(prepared):
        data = dict(edge[-1])
        spells = data.pop("spells", None) or (
            [(data["since"], data.get("until"))] if data.get("since") else []
        )
        data.pop("role_spells", None)
        _yearly_as_text(data)
        data["Time Interval"] = time_interval(spells, open_end)
        rows.append((edge[0], edge[1], data))
    columns = sorted({k for _, _, d in rows for k in d} - {"weight", "Time Interval"})
    timed = any(d["Time Interval"] for _, _, d in rows)
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    kind = "Directed" if prepared.is_directed() else "Undirected"
    writer.writerow(
        ["Source", "Target", "Type", "Weight", *columns, *(["Time Interval"] if timed else [])]
    )
    for u, v, data in rows:
        cells = [u, v, kind, data.get("weight", 1), *(_cell(data.get(c)) for c in columns)]
        if timed:
            cells.append(data["Time Interval"])
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    paths = [out / "nodes.csv", out / "edges.csv"]
    write_text_atomically(nodes.getvalue(), paths[0])
    write_text_atomically(edges.getvalue(), paths[1])
    return paths


def _cell(value):
    if value is None:
        return ""
    return _flat(value)


def network_json(network: nx.Graph) -> dict:
    """Node-link JSON: IRIs as ids, labels, lists as lists, measures attached."""
    prepared = annotate(network)
    return {
        "name": prepared.graph.get("name", ""),
        "basis": prepared.graph.get("basis"),
        "directed": prepared.is_directed(),
        "multigraph": prepared.is_multigraph(),
        "nodes": [{"id": n, **d} for n, d in prepared.nodes(data=True)],
        "edges": [
            {"source": e[0], "target": e[1], **({"key": e[2]} if len(e) == 4 else {}), **e[-1]}
            for e in _edge_items(prepared)
        ],
    }


def write_json(network: nx.Graph, out: Path) -> None:
    text = json.dumps(network_json(network), indent=2, ensure_ascii=False, default=list)
    write_text_atomically(text + "\n", out)


def write_jsonld(graph: Graph, out: Path, include_rejected: bool = False) -> None:
    """The whole graph as JSON-LD; facts analysts rejected are left out unless asked for
    (the decisions about them stay: they say what was rejected and why)."""
    if not include_rejected:
        from seckg.namespaces import SEC, STATUS

        for fact in list(graph.subjects(SEC.status, STATUS.rejected)):
            graph.remove((fact, None, None))
    write_graph_atomically(graph, out, rdf_format="json-ld")
