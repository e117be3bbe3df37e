"""Who is central, which communities form, who brokers between them (networkx's algorithms).

Every measure is taken on the undirected, simple view of a network (`collapse`): parallel
edges of a multigraph add up their weights. Ties between equal scores are broken by IRI, and
Louvain gets a fixed seed and sorted input, so the same network gives the same answer.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edge("a", "b", weight=3); g.add_edge("b", "c", weight=1)
>>> centrality(g)["b"]["weighted_degree"]
4
"""

from __future__ import annotations

import networkx as nx

BETWEENNESS_EXACT_UP_TO = 500  # nodes; above this betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 200


def collapse(network: nx.Graph) -> nx.Graph:
    """A simple undirected graph with nodes in sorted order; parallel edges' weights summed."""
    simple = nx.Graph()
    for node in sorted(network.nodes):
        simple.add_node(node, **network.nodes[node])
    for u, v, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1])):
        weight = data.get("weight", 1) or 1
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def centrality(
    network: nx.Graph, seed: int = 0, betweenness: bool = True
) -> dict[str, dict[str, float]]:
    """Weighted degree, betweenness and PageRank of every node.

    Betweenness treats a heavier edge as a shorter path (distance = 1 / weight). Above
    `BETWEENNESS_EXACT_UP_TO` nodes it is estimated from `BETWEENNESS_SAMPLE` pivots, and the
    result says so under `"betweenness_sampled"`. It is most of the cost on a large network
    (15 s of a 1M-triple export), so `betweenness=False` leaves it out (as 0.0) for callers
    that do not show it.
    """
    simple = collapse(network)
    if simple.number_of_nodes() == 0:
        return {}
    sampled = betweenness and simple.number_of_nodes() > BETWEENNESS_EXACT_UP_TO
    between = dict.fromkeys(simple.nodes, 0.0)
    if betweenness:
        for _, _, data in simple.edges(data=True):
            data["distance"] = 1.0 / max(data["weight"], 1e-9)
        between = nx.betweenness_centrality(
            simple,
            k=BETWEENNESS_SAMPLE if sampled else None,
            weight="distance",
            seed=seed,
            normalized=True,
        )
    pagerank = nx.pagerank(simple, weight="weight")
    return {
        node: {
            "weighted_degree": simple.degree(node, weight="weight"),
            "betweenness": round(between[node], 6),
            "pagerank": round(pagerank[node], 6),
            "betweenness_sampled": sampled,
        }
        for node in simple.nodes
    }


def communities(network: nx.Graph, seed: int = 0) -> dict[str, int]:
    """Louvain communities, numbered by size, largest first (then by their first IRI)."""
    simple = collapse(network)
    if simple.number_of_edges() == 0:
        return {node: index for index, node in enumerate(sorted(simple.nodes))}
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), sorted(c)[0]))
    return {node: index for index, group in enumerate(ordered) for node in sorted(group)}


def ranked(scores: dict[str, dict[str, float]], labels: dict[str, str]) -> list[str]:
    """Nodes by PageRank, highest first; equal scores by label, then IRI."""
    return sorted(scores, key=lambda n: (-scores[n]["pagerank"], labels.get(n, n), n))


def brokers(
    network: nx.Graph, membership: dict[str, int], scores: dict[str, dict[str, float]]
) -> list[dict]:
    """Nodes tied to more than one community, most between first."""
    found = []
    for node in sorted(network.nodes):
        reached = {membership[n] for n in nx.all_neighbors(network, node)} | {membership[node]}
        if len(reached) > 1:
            found.append(
                {
                    "iri": node,
                    "label": network.nodes[node]["label"],
                    "communities": len(reached),
                    "betweenness": scores[node]["betweenness"],
                }
            )
    return sorted(found, key=lambda b: (-b["betweenness"], -b["communities"], b["label"], b["iri"]))


def community_names(network: nx.Graph, membership: dict[str, int], scores: dict) -> dict[int, str]:
    """A community is named after its most central member ("Japan +11")."""
    groups: dict[int, list[str]] = {}
    for node, group in membership.items():
        groups.setdefault(group, []).append(node)
    names = {}
    for group, nodes in groups.items():
        top = min(nodes, key=lambda n: (-scores.get(n, {}).get("pagerank", 0), n))
        label = network.nodes[top].get("label", top)
        names[group] = label if len(nodes) == 1 else f"{label} +{len(nodes) - 1}"
    return names
