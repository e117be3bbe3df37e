"""Shared fixtures: the knowledge (loaded once), a built seed graph, handmade documents."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
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


def free_port() -> int:
    """A port nothing listens on now, for servers the tests start."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(process: subprocess.Popen, url: str, seconds: float = 60) -> None:
    """Poll `url` until the server answers; fail with its stderr if it dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "exited")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers, if only with an error status
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """The bundled corpus in a folder a test may change."""
    from seckg import resources

    folder = tmp_path / "corpus"
    shutil.copytree(resources.corpus_dir(), folder)
    return folder


_W3C_COUNTS: dict[str, tuple[int, int, list[str]]] = {}


@pytest.fixture(scope="session")
def w3c_counts() -> dict[str, tuple[int, int, list[str]]]:
    """Where the W3C SHACL suite tests leave their pass counts, printed at the end."""
    return _W3C_COUNTS


def pytest_terminal_summary(terminalreporter):
    if not _W3C_COUNTS:
        return
    terminalreporter.section("W3C SHACL Core test suite")
    for engine, (passed, total, failed) in sorted(_W3C_COUNTS.items()):
        missed = f"  (failed: {', '.join(failed)})" if failed else ""
        terminalreporter.write_line(f"{engine}: {passed}/{total}{missed}")
