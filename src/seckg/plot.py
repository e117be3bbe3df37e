"""A picture of the shared-commitment network: colour by community, size by PageRank."""

from __future__ import annotations

import io
from pathlib import Path

from seckg.analysis import centrality, communities
from seckg.network import Facts, shared_commitment_network
from seckg.store.files import _write_atomically


def plot_shared_commitments(facts: Facts, out: Path, seed: int = 0) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt
    import networkx as nx

    network = shared_commitment_network(facts)
    figure, axes = plt.subplots(figsize=(14, 10), dpi=110)
    axes.set_axis_off()
    if network.number_of_nodes():
        scores = centrality(network, seed=seed)
        groups = communities(network, seed=seed)
        layout = nx.spring_layout(network, weight="weight", seed=seed)
        palette = plt.get_cmap("tab10")
        nx.draw_networkx_edges(network, layout, ax=axes, alpha=0.15, width=0.6)
        nx.draw_networkx_nodes(
            network,
            layout,
            ax=axes,
            node_color=[palette(groups[n] % 10) for n in network.nodes],
            node_size=[100 + 6000 * scores[n]["pagerank"] for n in network.nodes],
            edgecolors="white",
            linewidths=0.5,
        )
        top = sorted(network.nodes, key=lambda n: -scores[n]["pagerank"])[:25]
        nx.draw_networkx_labels(
            network,
            layout,
            ax=axes,
            font_size=8,
            labels={n: network.nodes[n]["label"] for n in top},
        )
    axes.set_title("Shared commitments: colour = community (Louvain), size = PageRank")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    _write_atomically(out, lambda stream: stream.write(buffer.getvalue()))
