"""An interactive, offline HTML view of an actor network: one self-contained file.

The layout is computed here (networkx) and written into the page as JSON with everything the
page shows: node measures, each tie's concerns, documents and evidence sentences. The page's
script and style ship in the package (`view/`) and are inlined, under a Content-Security-Policy
that allows only them (by hash), so the file opens from disk or an e-mail without any network.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.resources import files
from pathlib import Path
from string import Template

import networkx as nx

from seckg.network.facts import Facts
from seckg.network.measures import centrality, communities, community_names
from seckg.network.plot import BASIS_TITLES, COMMUNITY_COLOURS, layout
from seckg.network.ties import actor_network
from seckg.store import write_text_atomically

LABELLED = 30  # the most central actors are labelled; hovering shows every other name


def _asset(name: str) -> str:
    return (files("seckg.network") / "view" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _normalised(positions: dict) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: (round((p[0] - min(xs)) / span_x, 4), round(1 - (p[1] - min(ys)) / span_y, 4))
        for n, p in positions.items()
    }


def view_data(facts: Facts, network: nx.Graph, seed: int = 0) -> dict:
    """What the page draws, as JSON-ready data."""
    scores = centrality(network, seed=seed)
    groups = communities(network, seed=seed)
    names = community_names(network, groups, scores)
    positions = (
        _normalised(layout(network, seed))
        if network.number_of_nodes() > 1
        else {n: (0.5, 0.5) for n in network.nodes}
    )
    top_rank = max((s["pagerank"] for s in scores.values()), default=1.0) or 1.0
    labelled = set(sorted(scores, key=lambda n: (-scores[n]["pagerank"], n))[:LABELLED])
    by_iri = {c.iri: c for c in facts.commitments}
    nodes = [
        {
            "id": n,
            "label": data["label"],
            "type": data["type"],
            "x": positions[n][0],
            "y": positions[n][1],
            "community": groups[n],
            "colour": COMMUNITY_COLOURS[groups[n] % len(COMMUNITY_COLOURS)],
            "pagerank": scores[n]["pagerank"],
            "radius": round(5 + 16 * scores[n]["pagerank"] / top_rank, 2),
            "labelled": n in labelled,
        }
        for n, data in sorted(network.nodes(data=True))
    ]
    edges = []
    threats: set[str] = set()
    for u, v, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1])):
        if data["kind"] == "shared-forum":
            summary = "shares " + "; ".join(
                f"{label} ({roles})"
                for label, roles in zip(data["forum_labels"], data["roles"], strict=True)
            )
            edge_threats, evidence, first_year = [], [], None
        else:
            summary = "; ".join(data["concern_labels"])
            if data["via"]:
                summary += " — via " + "; ".join(facts.label(f) for f in data["via"])
            summary += (
                f" — {data['document_count']} document(s), "
                f"{data['corroboration']} independent source(s)"
            )
            edge_threats = sorted(facts.threats_of(data["concerns"]))
            evidence = [
                {
                    "document": by_iri[c].document,
                    "date": by_iri[c].date or "",
                    "type": by_iri[c].commitment_type,
                    "sentence": by_iri[c].evidence,
                }
                for c in data["evidence"]
                if by_iri[c].evidence
            ]
            first_year = int(data["first"][:4]) if data["first"] else None
        threats.update(edge_threats)
        edges.append(
            {
                "source": u,
                "target": v,
                "weight": data.get("weight", 1),
                "basis": data.get("basis", ""),
                "summary": summary,
                "threats": edge_threats,
                "first_year": first_year,
                "evidence": evidence,
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "threats": [{"id": t, "label": facts.label(t)} for t in sorted(threats, key=facts.label)],
        "communities": [
            {
                "community": g,
                "name": names[g],
                "colour": COMMUNITY_COLOURS[g % len(COMMUNITY_COLOURS)],
            }
            for g in sorted(names)
        ],
    }


def render_view(
    facts: Facts, basis: str = "stated", mentioned: bool = True, weight: str = "concerns"
) -> str:
    network = actor_network(facts, basis, mentioned, weight)
    data = json.dumps(view_data(facts, network), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")  # the JSON can never close its script element
    script, style = _asset("view.js"), _asset("view.css")
    title = f"seckg actor network: {BASIS_TITLES[basis]}"
    subtitle = (
        f"{network.number_of_nodes()} actors, {network.number_of_edges()} ties; "
        f"{len(facts.documents)} documents, {facts.period()}"
    )
    return Template(_asset("view.html")).substitute(
        title=_escape(title),
        subtitle=_escape(subtitle),
        data=data,
        script=script,
        style=style,
        script_hash=_hash(script),
        style_hash=_hash(style),
    )


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def write_view(
    facts: Facts, out: Path, basis: str = "stated", mentioned: bool = True, weight: str = "concerns"
) -> None:
    write_text_atomically(render_view(facts, basis, mentioned, weight), out)
