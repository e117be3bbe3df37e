"""What the networks say: central actors, communities, brokers, strongest ties, similar forums.

Uses networkx's own algorithms (weighted degree, betweenness, PageRank, Louvain). Results are
plain dicts, so the CLI can print tables or JSON from the same value.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edge("a", "b", weight=3); g.add_edge("b", "c", weight=1)
>>> centrality(g)["b"]["weighted_degree"]
4
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from seckg.network import (
    Facts,
    actor_forum_network,
    forum_forum_network,
    shared_commitment_network,
    threat_profiles,
)

BETWEENNESS_EXACT_UP_TO = 500  # nodes; above this betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 200


def centrality(network: nx.Graph, seed: int = 0) -> dict[str, dict[str, float]]:
    """Weighted degree, betweenness and PageRank of every node.

    Betweenness treats a heavier edge as a shorter path (distance = 1 / weight). Above
    `BETWEENNESS_EXACT_UP_TO` nodes it is estimated from `BETWEENNESS_SAMPLE` pivots, and the
    result says so under `"betweenness_sampled"`.
    """
    if network.number_of_nodes() == 0:
        return {}
    distance = {(u, v): 1.0 / max(d.get("weight", 1), 1e-9) for u, v, d in network.edges(data=True)}
    nx.set_edge_attributes(network, distance, "distance")
    sampled = network.number_of_nodes() > BETWEENNESS_EXACT_UP_TO
    betweenness = nx.betweenness_centrality(
        network,
        k=BETWEENNESS_SAMPLE if sampled else None,
        weight="distance",
        seed=seed,
        normalized=True,
    )
    pagerank = nx.pagerank(network, weight="weight")
    result = {}
    for node in network.nodes:
        result[node] = {
            "weighted_degree": network.degree(node, weight="weight"),
            "betweenness": round(betweenness[node], 6),
            "pagerank": round(pagerank[node], 6),
            "betweenness_sampled": sampled,
        }
    return result


def communities(network: nx.Graph, seed: int = 0) -> dict[str, int]:
    """Louvain communities (networkx), numbered by size, largest first."""
    if network.number_of_edges() == 0:
        return {node: index for index, node in enumerate(sorted(network.nodes))}
    found = nx.community.louvain_communities(network, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), sorted(c)[0]))
    return {node: index for index, group in enumerate(ordered) for node in group}


def brokers(
    network: nx.Graph, membership: dict[str, int], scores: dict[str, dict[str, float]]
) -> list[dict]:
    """Actors tied to more than one community, most between first."""
    found = []
    for node in network.nodes:
        reached = {membership[n] for n in network.neighbors(node)} | {membership[node]}
        if len(reached) > 1:
            found.append(
                {
                    "node": node,
                    "label": network.nodes[node]["label"],
                    "communities": len(reached),
                    "betweenness": scores[node]["betweenness"],
                }
            )
    return sorted(found, key=lambda b: (-b["betweenness"], -b["communities"], b["label"]))


def strongest_pairs(network: nx.Graph, top: int = 10) -> list[dict]:
    """The heaviest edges, with what they rest on."""
    edges = sorted(
        network.edges(data=True),
        key=lambda e: (
            -e[2].get("weight", 1),
            network.nodes[e[0]]["label"],
            network.nodes[e[1]]["label"],
        ),
    )
    return [
        {
            "a": network.nodes[u]["label"],
            "b": network.nodes[v]["label"],
            "weight": d.get("weight", 1),
            "shares": d.get("concerns", ""),
            "via": d.get("via", ""),
            "documents": d.get("documents", ""),
        }
        for u, v, d in edges[:top]
    ]


def states_sharing_forums(facts: Facts, top: int = 10) -> list[dict]:
    """State pairs with the most forums in common, naming the forums and roles."""
    network = actor_forum_network(facts)
    states = [n for n, d in network.nodes(data=True) if d["type"] == "State"]
    forums_of = {
        s: {
            f: network.edges[s, f]["role"]
            for f in network.neighbors(s)
            if network.edges[s, f].get("until", 0) == 0
        }
        for s in states
    }
    pairs = []
    for index, a in enumerate(sorted(states)):
        for b in sorted(states)[index + 1 :]:
            shared = sorted(set(forums_of[a]) & set(forums_of[b]))
            if shared:
                pairs.append(
                    {
                        "a": facts.label(a),
                        "b": facts.label(b),
                        "shared": len(shared),
                        "forums": "; ".join(
                            facts.label(f)
                            + (
                                ""
                                if forums_of[a][f] == forums_of[b][f] == "member"
                                else f" ({forums_of[a][f]}/{forums_of[b][f]})"
                            )
                            for f in shared
                        ),
                    }
                )
    pairs.sort(key=lambda p: (-p["shared"], p["a"], p["b"]))
    return pairs[:top]


def similar_forums(facts: Facts, top: int = 10) -> list[dict]:
    network = forum_forum_network(facts)
    edges = sorted(
        network.edges(data=True),
        key=lambda e: (-e[2]["weight"], facts.label(e[0]), facts.label(e[1])),
    )
    return [
        {
            "a": facts.label(u),
            "b": facts.label(v),
            "shared_members": d["shared_members"],
            "member_jaccard": d["member_jaccard"],
            "threat_jaccard": d["threat_jaccard"],
        }
        for u, v, d in edges[:top]
    ]


def forum_threat_focus(facts: Facts, top: int = 3) -> list[dict]:
    profiles = threat_profiles(facts)
    focus = []
    for actor, profile in sorted(profiles.items(), key=lambda p: facts.label(p[0])):
        if facts.nodes.get(actor) is None or facts.nodes[actor].type != "Forum":
            continue
        counts = Counter(profile).most_common(top)
        focus.append(
            {
                "forum": facts.label(actor),
                "threats": "; ".join(f"{facts.label(t)} ({n})" for t, n in counts),
            }
        )
    return focus


def analyze(facts: Facts, top: int = 10, seed: int = 0) -> dict:
    """Everything `seckg analyze` reports, as one JSON-ready dict."""
    network = shared_commitment_network(facts)
    scores = centrality(network, seed=seed)
    membership = communities(network, seed=seed)
    ranked = sorted(
        network.nodes, key=lambda n: (-scores[n]["pagerank"], network.nodes[n]["label"])
    )
    groups: dict[int, list[str]] = {}
    for node, group in membership.items():
        groups.setdefault(group, []).append(network.nodes[node]["label"])
    return {
        "shared_commitments": {
            "nodes": network.number_of_nodes(),
            "edges": network.number_of_edges(),
            "betweenness_sampled": any(s["betweenness_sampled"] for s in scores.values()),
            "central_actors": [
                {
                    "node": n,
                    "label": network.nodes[n]["label"],
                    "type": network.nodes[n]["type"],
                    "community": membership[n],
                    **{k: v for k, v in scores[n].items() if k != "betweenness_sampled"},
                }
                for n in ranked[:top]
            ],
            "communities": [
                {"community": g, "size": len(m), "members": sorted(m)}
                for g, m in sorted(groups.items())
            ],
            "brokers": brokers(network, membership, scores)[:top],
            "strongest_pairs": strongest_pairs(network, top),
        },
        "states_sharing_forums": states_sharing_forums(facts, top),
        "similar_forums": similar_forums(facts, top),
        "forum_threat_focus": forum_threat_focus(facts),
    }
