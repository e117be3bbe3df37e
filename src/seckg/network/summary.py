"""What `seckg analyze` reports, as one JSON-ready value: IRIs with labels, lists as lists.

The actor network is the one of the chosen basis (`ties.BASES`); the tables on forums (states
sharing forums, similar forums, threat focus) rest on the reference data and the commitments
forums make themselves, and say so.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from seckg.network.bipartite import threat_profiles
from seckg.network.facts import Facts
from seckg.network.measures import brokers, centrality, communities, ranked
from seckg.network.similarity import forum_forum_network
from seckg.network.ties import actor_network, shared_forum_network


def named(facts: Facts, iri: str) -> dict:
    return {"iri": iri, "label": facts.label(iri)}


def _tie(facts: Facts, network: nx.Graph, u: str, v: str, data: dict) -> dict:
    tie = {
        "a": named(facts, u),
        "b": named(facts, v),
        "weight": data.get("weight", 1),
        "basis": data.get("basis", ""),
    }
    if data["kind"] == "shared-forum":
        tie["forums"] = [
            {**named(facts, f), "roles": r}
            for f, r in zip(data["forums"], data["roles"], strict=True)
        ]
        return tie
    tie.update(
        concerns=[named(facts, c) for c in data["concerns"]],
        commitment_types=data["commitment_types"],
        via=[named(facts, f) for f in data["via"]],
        first=data["first"] or None,
        last=data["last"] or None,
        documents=data["documents"],
        document_count=data["document_count"],
        corroboration=data["corroboration"],
    )
    return tie


def strongest_ties(facts: Facts, network: nx.Graph, top: int = 10) -> list[dict]:
    edges = sorted(
        network.edges(data=True),
        key=lambda e: (-e[2].get("weight", 1), facts.label(e[0]), facts.label(e[1]), e[0], e[1]),
    )
    return [_tie(facts, network, u, v, d) for u, v, d in edges[:top]]


def states_sharing_forums(facts: Facts, top: int = 10, mentioned: bool = True) -> list[dict]:
    """State pairs with the most forums in common, naming the forums and both roles."""
    return strongest_ties(facts, shared_forum_network(facts, mentioned), top)


def similar_forums(facts: Facts, top: int = 10, mentioned: bool = True) -> list[dict]:
    network = forum_forum_network(facts, mentioned)
    edges = sorted(
        network.edges(data=True),
        key=lambda e: (-e[2]["weight"], facts.label(e[0]), facts.label(e[1])),
    )
    return [
        {
            "a": named(facts, u),
            "b": named(facts, v),
            "shared_members": d["shared_members"],
            "member_jaccard": d["member_jaccard"],
            "threat_jaccard": d["threat_jaccard"],
            "shared_threats": [named(facts, t) for t in d["shared_threats"]],
        }
        for u, v, d in edges[:top]
    ]


def forum_threat_focus(facts: Facts, top: int = 3) -> list[dict]:
    """The threats each forum, named as the actor, commits on most."""
    focus = []
    for actor, profile in sorted(threat_profiles(facts).items(), key=lambda p: facts.label(p[0])):
        if facts.type_of(actor) != "Forum":
            continue
        counts = sorted(Counter(profile).items(), key=lambda item: (-item[1], facts.label(item[0])))
        focus.append(
            {
                "forum": named(facts, actor),
                "threats": [{**named(facts, t), "commitments": n} for t, n in counts[:top]],
            }
        )
    return focus


def analyze(
    facts: Facts,
    top: int = 10,
    seed: int = 0,
    basis: str = "stated",
    mentioned: bool = True,
    weight: str = "concerns",
) -> dict:
    """Everything `seckg analyze` reports."""
    network = actor_network(facts, basis, mentioned, weight)
    scores = centrality(network, seed=seed)
    membership = communities(network, seed=seed)
    labels = {n: d["label"] for n, d in network.nodes(data=True)}
    order = ranked(scores, labels)
    groups: dict[int, list[str]] = {}
    for node in order:
        groups.setdefault(membership[node], []).append(node)
    return {
        "basis": basis,
        "weight": weight,
        "period": facts.period(),
        "mentioned_only": mentioned,
        "documents": len(facts.documents),
        "commitments": len(facts.commitments),
        "actors": {
            "nodes": network.number_of_nodes(),
            "edges": network.number_of_edges(),
            "betweenness_sampled": any(s["betweenness_sampled"] for s in scores.values()),
            "central": [
                {
                    **named(facts, n),
                    "type": network.nodes[n]["type"],
                    "community": membership[n],
                    **{k: v for k, v in scores[n].items() if k != "betweenness_sampled"},
                }
                for n in order[:top]
            ],
            "communities": [
                {
                    "community": g,
                    "size": len(members),
                    "members": [named(facts, m) for m in members],
                }
                for g, members in sorted(groups.items())
            ],
            "brokers": brokers(network, membership, scores)[:top],
            "strongest_ties": strongest_ties(facts, network, top),
        },
        "states_sharing_forums": states_sharing_forums(facts, top, mentioned),
        "similar_forums": similar_forums(facts, top, mentioned),
        "forum_threat_focus": forum_threat_focus(facts),
    }


def _names(items: list[dict]) -> str:
    return "; ".join(item["label"] for item in items)


def _jaccard(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def tables(report: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report as (title, columns, rows) tables for the terminal."""
    actors = report["actors"]
    sampled = " (betweenness estimated from a sample)" if actors["betweenness_sampled"] else ""
    basis = {
        "stated": "as stated in the documents",
        "via-forum": "stated or inherited through forums",
        "reference": "shared forums (reference data)",
    }[report["basis"]]
    heading = (
        f"{actors['nodes']} actors, {actors['edges']} ties, basis: {basis}; "
        f"{report['documents']} documents, {report['period']}{sampled}"
    )
    through = "forums" if report["basis"] == "reference" else "concerns / via / documents"
    ties = []
    for tie in actors["strongest_ties"]:
        if "forums" in tie:
            what = "; ".join(f"{f['label']} ({f['roles']})" for f in tie["forums"])
        else:
            what = _names(tie["concerns"])
            if tie["via"]:
                what += f" / via {_names(tie['via'])}"
            what += f" / {tie['document_count']} doc(s), {tie['corroboration']} source(s)"
        ties.append([tie["a"]["label"], tie["b"]["label"], str(tie["weight"]), tie["basis"], what])
    return [
        (
            f"Central actors: {heading}",
            ["actor", "type", "community", "weighted degree", "betweenness", "pagerank"],
            [
                [
                    a["label"],
                    a["type"],
                    str(a["community"]),
                    f"{a['weighted_degree']:g}",
                    f"{a['betweenness']:.3f}",
                    f"{a['pagerank']:.3f}",
                ]
                for a in actors["central"]
            ],
        ),
        (
            "Communities (Louvain)",
            ["community", "size", "members"],
            [
                [
                    str(c["community"]),
                    str(c["size"]),
                    ", ".join(m["label"] for m in c["members"][:12])
                    + (" ..." if c["size"] > 12 else ""),
                ]
                for c in actors["communities"]
            ],
        ),
        (
            "Brokers between communities",
            ["broker", "communities reached", "betweenness"],
            [
                [b["label"], str(b["communities"]), f"{b['betweenness']:.3f}"]
                for b in actors["brokers"]
            ],
        ),
        ("Strongest ties", ["a", "b", "weight", "basis", through], ties),
        (
            "States sharing most forums (reference data)",
            ["a", "b", "forums", "which (roles)"],
            [
                [
                    p["a"]["label"],
                    p["b"]["label"],
                    str(p["weight"]),
                    "; ".join(
                        f["label"] + ("" if f["roles"] == "member/member" else f" ({f['roles']})")
                        for f in p["forums"]
                    ),
                ]
                for p in report["states_sharing_forums"]
            ],
        ),
        (
            "Most similar forums",
            ["forum", "forum", "shared members", "member Jaccard", "threat Jaccard"],
            [
                [
                    p["a"]["label"],
                    p["b"]["label"],
                    str(p["shared_members"]),
                    _jaccard(p["member_jaccard"]),
                    _jaccard(p["threat_jaccard"]),
                ]
                for p in report["similar_forums"]
            ],
        ),
        (
            "Threat focus of forums (their own commitments)",
            ["forum", "threats it commits on most"],
            [
                [
                    f["forum"]["label"],
                    "; ".join(f"{t['label']} ({t['commitments']})" for t in f["threats"]),
                ]
                for f in report["forum_threat_focus"]
            ],
        ),
    ]
