"""A picture of an actor network a person can read: communities coloured and named in a legend,
size by PageRank (with a size key), the top actors of every community labelled without
overlap, and a title that says what was drawn (basis, period, documents)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from seckg.network.facts import Facts
from seckg.network.measures import centrality, communities, community_names
from seckg.network.ties import actor_network
from seckg.store.files import _write_atomically

LABELS_PER_COMMUNITY = 4
MAX_COMMUNITIES_IN_LEGEND = 9  # the rest are drawn grey, as "other communities"
BASIS_TITLES = {
    "stated": "ties stated in the documents",
    "via-forum": "stated ties and ties inherited through forums",
    "reference": "states sharing forums (reference data)",
}
SHAPES = {"State": "o", "Forum": "s"}  # everything else: diamond
COMMUNITY_COLOURS = [  # matplotlib's tab10, for the PNG and the HTML view alike
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
]  # fmt: skip


def layout(network: nx.Graph, seed: int = 0) -> dict:
    """Node positions: Kamada-Kawai (clusters read well) up to 300 nodes, seeded spring above."""
    if network.number_of_nodes() <= 300:
        return nx.kamada_kawai_layout(network)
    return nx.spring_layout(network, weight="weight", seed=seed)


@dataclass
class Drawing:
    """What was drawn, for the caller and for tests: labels and their boxes (pixels)."""

    title: str
    labels: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    legend: list[str] = field(default_factory=list)
    unlabelled_communities: int = 0


def _overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _place_labels(axes, figure, positions, order, labels, node_boxes) -> dict:
    """Greedy placement: each label tries positions around its node, nearest first, and
    takes the first that overlaps no label and no other node; if none fits, it is left out."""
    renderer = figure.canvas.get_renderer()
    placed: dict[str, tuple[float, float, float, float]] = {}
    offsets = [
        (dx, dy)
        for r in (10, 18, 30)
        for dx, dy in ((0, r), (0, -r), (r, 0), (-r, 0), (r, r), (-r, r), (r, -r), (-r, -r))
    ]
    for node in order:
        for dx, dy in offsets:
            text = axes.annotate(
                labels[node],
                positions[node],
                xytext=(dx, dy),
                textcoords="offset pixels",
                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                va="bottom" if dy > 0 else "top" if dy < 0 else "center",
                fontsize=8,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            extent = text.get_window_extent(renderer)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            clear = all(not _overlaps(box, other) for other in placed.values()) and all(
                not _overlaps(box, node_box) for n, node_box in node_boxes.items() if n != node
            )
            inside = axes.get_window_extent(renderer)
            within = (
                inside.x0 <= box[0]
                and box[2] <= inside.x1
                and inside.y0 <= box[1]
                and box[3] <= inside.y1
            )
            if clear and within:
                placed[node] = box
                break
            text.remove()
    return placed


def plot_actor_network(
    facts: Facts,
    out: Path,
    basis: str = "stated",
    mentioned: bool = True,
    seed: int = 0,
    weight: str = "concerns",
) -> Drawing:
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    network = actor_network(facts, basis, mentioned, weight)
    title = (
        f"Actor network: {BASIS_TITLES[basis]}\n{network.number_of_nodes()} actors, "
        f"{network.number_of_edges()} ties; {len(facts.documents)} documents, {facts.period()}"
        + ("; only actors the documents name" if mentioned else "")
    )
    drawing = Drawing(title)
    figure, axes = plt.subplots(figsize=(14, 10), dpi=110)
    axes.set_axis_off()
    axes.set_title(title, fontsize=12)
    if network.number_of_nodes():
        scores = centrality(network, seed=seed)
        groups = communities(network, seed=seed)
        names = community_names(network, groups, scores)
        positions = layout(network, seed)

        def colour(node):
            group = groups[node]
            return COMMUNITY_COLOURS[group] if group < MAX_COMMUNITIES_IN_LEGEND else "#b3b3b3"

        heaviest = max((d.get("weight", 1) for _, _, d in network.edges(data=True)), default=1)
        nx.draw_networkx_edges(
            network,
            positions,
            ax=axes,
            alpha=0.25,
            width=[
                0.4 + 3.0 * d.get("weight", 1) / heaviest for _, _, d in network.edges(data=True)
            ],
            edge_color="#555555",
        )
        size = {n: 80 + 4000 * scores[n]["pagerank"] for n in network.nodes}
        for node_type in ("State", "Forum", "Other"):
            nodes = sorted(
                n
                for n, d in network.nodes(data=True)
                if (d["type"] if d["type"] in SHAPES else "Other") == node_type
            )
            if nodes:
                nx.draw_networkx_nodes(
                    network,
                    positions,
                    nodelist=nodes,
                    ax=axes,
                    node_shape=SHAPES.get(node_type, "D"),
                    node_color=[colour(n) for n in nodes],
                    node_size=[size[n] for n in nodes],
                    edgecolors="white",
                    linewidths=0.6,
                )
        figure.canvas.draw()
        node_boxes = {}
        for node in network.nodes:
            x, y = axes.transData.transform(positions[node])
            radius = (size[node] ** 0.5) * figure.dpi / 72 / 2
            node_boxes[node] = (x - radius, y - radius, x + radius, y + radius)
        by_rank = sorted(network.nodes, key=lambda n: (-scores[n]["pagerank"], n))
        order, seen = [], {}
        for node in by_rank:  # the top actors of every community first, then the rest by rank
            if seen.get(groups[node], 0) < LABELS_PER_COMMUNITY:
                order.append(node)
                seen[groups[node]] = seen.get(groups[node], 0) + 1
        order += [n for n in by_rank[:25] if n not in order]
        labels = {n: network.nodes[n]["label"] for n in order}
        drawing.labels = _place_labels(axes, figure, positions, order, labels, node_boxes)
        drawing.unlabelled_communities = len(
            set(groups.values()) - {groups[n] for n in drawing.labels}
        )
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                color=COMMUNITY_COLOURS[g],
                label=f"community {g}: {names[g]}",
            )
            for g in sorted(set(groups.values()))
            if g < MAX_COMMUNITIES_IN_LEGEND
        ]
        if any(g >= MAX_COMMUNITIES_IN_LEGEND for g in groups.values()):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=9,
                    color=(0.7, 0.7, 0.7),
                    label="other communities",
                )
            )
        handles += [
            Line2D(
                [],
                [],
                marker=SHAPES.get(t, "D"),
                linestyle="",
                markersize=8,
                color="#444444",
                label={"State": "state", "Forum": "forum", "Other": "other actor"}[t],
            )
            for t in ("State", "Forum", "Other")
        ]
        top_rank = max(s["pagerank"] for s in scores.values())
        for share in (1.0, 0.5, 0.25):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    color="#bbbbbb",
                    markersize=(80 + 4000 * top_rank * share) ** 0.5,
                    label=f"PageRank {top_rank * share:.3f}",
                )
            )
        legend = axes.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=9,
            title="colour = community (Louvain), shape = type, size = PageRank",
            title_fontsize=9,
            labelspacing=1.2,
        )
        drawing.legend = [text.get_text() for text in legend.get_texts()]
    else:
        axes.text(
            0.5,
            0.5,
            "no ties in this selection",
            ha="center",
            va="center",
            transform=axes.transAxes,
            fontsize=14,
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    _write_atomically(out, lambda stream: stream.write(buffer.getvalue()))
    return drawing
