"""The offline HTML view: self-contained, and drawn by a real headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib import image
from rdflib import Graph

from seckg.network import load_facts
from seckg.network.ties import actor_network
from seckg.network.view import render_view

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def page(seed_graph: Graph, tmp_path_factory) -> tuple[Path, int]:
    facts = load_facts(seed_graph)
    out = tmp_path_factory.mktemp("view") / "network.html"
    out.write_text(render_view(facts, basis="via-forum"), encoding="utf-8")
    return out, actor_network(facts, "via-forum", mentioned=True).number_of_nodes()


def test_the_page_needs_nothing_from_the_network(page):
    text = page[0].read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "default-src 'none'" in text and "sha256-" in text
    data = json.loads(re.search(r'id="network-data">(.*?)</script>', text, re.S).group(1))
    assert len(data["nodes"]) == page[1] and data["edges"]
    assert any(edge["evidence"] for edge in data["edges"])  # the sentences ties rest on


def test_hostile_text_cannot_close_the_data_script(seed_graph: Graph):
    facts = load_facts(seed_graph)
    network = actor_network(facts, "stated")
    node = next(iter(network.nodes))
    facts.nodes[node] = facts.nodes[node].__class__(
        node, "</script><script>alert(1)</script>", facts.nodes[node].type
    )
    text = render_view(facts)
    assert "</script><script>alert(1)" not in text


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
        "--proxy-server=127.0.0.1:9",  # anything the page tried to fetch would fail
        "--virtual-time-budget=5000", "--window-size=1400,900", *arguments,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_chromium_draws_every_node_and_a_picture(page, tmp_path: Path):
    path, nodes = page
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert 'data-ready="true"' in dom
    assert len(re.findall(r'class="node[^"]*" fill="#[0-9a-f]{6}" data-iri=', dom)) == nodes
    assert "Japan" in dom and f"{nodes} actors" in dom
    shot = tmp_path / "view.png"
    _chromium(tmp_path, f"--screenshot={shot}", path.as_uri())
    pixels = image.imread(shot)[..., :3]
    colourful = (pixels.max(axis=2) - pixels.min(axis=2)) > 0.3  # node colours, not greys
    assert colourful.mean() > 0.003
