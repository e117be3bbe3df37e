"""Shared fixtures: the knowledge (loaded once), a built seed graph, handmade documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from seckg.extract import load_knowledge

CONTRACT_CLASSES = [
    "Actor",
    "State",
    "Forum",
    "Membership",
    "Initiative",
    "Threat",
    "Commitment",
    "Document",
]
FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
SHARED_GOLD = REPO.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def knowledge():
    return load_knowledge()


@pytest.fixture(scope="session")
def seed_build():
    """The bundled corpus built once per test session."""
    from seckg.build import build_graph

    return build_graph()


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    return seed_build.graph


@pytest.fixture(scope="session")
def seed_graph_file(tmp_path_factory, seed_graph):
    path = tmp_path_factory.mktemp("seed") / "graph.ttl"
    seed_graph.serialize(path, format="turtle")
    return path
