"""Networks of cooperation, projected from the RDF graph and analysed with networkx.

The flow: `facts` (SPARQL SELECTs in Oxigraph, into dataclasses) -> a network (`ties`: actor
ties on a stated basis; `bipartite`, `similarity`, `full`) -> `measures` (centrality,
communities) -> `summary` (what `seckg analyze` prints), `files` (GEXF, GraphML, CSV, JSON for
Gephi and others), `plot` (a PNG) and `view` (an offline interactive HTML page).

Node keys are IRIs; every node carries `label`, `type` (State, Forum, Initiative, Threat) and
`mentioned` (named in a document, not only in the reference data).

Examples
--------
>>> from seckg.build import build_graph
>>> facts = load_facts(build_graph().graph)
>>> network = build_network(facts, "actors", basis="stated")
>>> network.graph["basis"], network.number_of_nodes() > 0
('stated', True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from seckg.network.facts import Facts

# The names the CLI offers are here, without networkx or rdflib, so `seckg --help` stays quick.
BASES = ("stated", "via-forum", "reference")
NETWORKS = {
    "full": "everything, directed: member -> forum, actor -> concern, forum -> initiative",
    "actors": "actors tied by what they share, on the chosen --basis",
    "actor-forum": "states and organisations to the forums they belong to",
    "forum-forum": "forums alike in members and in the threats they commit on",
    "actor-threat": "actors to the threats they commit on",
    "forum-initiative": "forums to the initiatives they launch",
}


def build_network(
    facts: Facts,
    name: str,
    basis: str = "stated",
    mentioned: bool = False,
    weight: str = "concerns",
) -> nx.Graph:
    """The network called `name` (see NETWORKS); `basis` and `weight` apply to "actors" only."""
    from seckg.network.bipartite import (
        actor_forum_network,
        actor_threat_network,
        forum_initiative_network,
    )
    from seckg.network.full import full_network
    from seckg.network.similarity import forum_forum_network
    from seckg.network.ties import actor_network

    if name == "actors":
        return actor_network(facts, basis, mentioned, weight)
    builders = {
        "full": full_network,
        "actor-forum": actor_forum_network,
        "forum-forum": forum_forum_network,
        "actor-threat": actor_threat_network,
        "forum-initiative": forum_initiative_network,
    }
    return builders[name](facts, mentioned)


def load_facts(*args, **kwargs) -> Facts:
    """See `seckg.network.facts.load_facts`."""
    from seckg.network.facts import load_facts as load

    return load(*args, **kwargs)


__all__ = ["BASES", "NETWORKS", "build_network", "load_facts"]
