"""Shared fixtures: the knowledge (loaded once), a built seed graph, handmade documents."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
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


def oxigraph_binary() -> str | None:
    """The `oxigraph` server of the PyPI package (a dev dependency), beside this Python."""
    import sys

    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def start_seckg_serve(locations: list[Path], *options: str) -> tuple[subprocess.Popen, str]:
    """A real `seckg serve` on a free port of 127.0.0.1: (process, its URL)."""
    import sys

    port = free_port()
    graphs = [part for location in locations for part in ("--graph", str(location))]
    process = subprocess.Popen(
        [sys.executable, "-m", "seckg.cli", "serve", *graphs, "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_serving(process, url)
    return process, url


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives (Oxigraph itself
    does call a SERVICE address: tests/sparql/test_lexer.py shows it)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections = 0
        self.requests: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.settimeout(1)
            try:
                self.requests.append(connection.recv(4096).split(b"\r\n")[0].decode("latin-1"))
            except OSError:
                self.requests.append("")
            connection.close()

    def hosts(self) -> set[str]:
        """The hosts asked for through this listener used as an HTTP proxy."""
        found = set()
        for line in self.requests:
            parts = line.split()
            target = parts[1] if len(parts) > 1 else ""
            found.add(target.split("://")[-1].split("/")[0].split(":")[0])
        return found

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


def write_entity_bomb(path: Path) -> Path:
    """RDF/XML whose nested DTD entities expand a kilobyte into 10^10 characters."""
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{entities}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>&a9;</e:p></rdf:Description></rdf:RDF>'
    )
    return path


@pytest.fixture(autouse=True)
def _own_curation_file(tmp_path, monkeypatch):
    """Every test gets a curation file of its own (none yet) and a fixed analyst name, so a
    curation.ttl in the folder the tests run from never changes what they see."""
    monkeypatch.setenv("SECKG_CURATION", str(tmp_path / "curation.ttl"))
    monkeypatch.setenv("SECKG_ANALYST", "test analyst")


@pytest.fixture(scope="session")
def forums_without_members() -> set[str]:
    """The reference forums (conferences and UN programmes aside) with no member row: each is
    one warning of the "forum with members on record" shape in every validation of a built
    graph."""
    from seckg.reference import MEMBERLESS_KINDS, load_reference

    reference = load_reference()
    listed = {m.forum for m in reference.memberships}
    return {
        k for k, f in reference.forums.items() if f.kind not in MEMBERLESS_KINDS and k not in listed
    }


# The prefixes of the handmade Turtle graphs of the tests (x: is their own namespace).
TEST_PREFIXES = """
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix state: <https://w3id.org/seckg/id/state/> .
@prefix forum: <https://w3id.org/seckg/id/forum/> .
@prefix doc: <https://w3id.org/seckg/id/document/> .
@prefix threat: <https://w3id.org/seckg/id/threat/> .
@prefix role: <https://w3id.org/seckg/id/role/> .
@prefix ct: <https://w3id.org/seckg/id/commitment/> .
@prefix x: <https://w3id.org/seckg/id/test/> .
@prefix src: <https://w3id.org/seckg/id/source/> .
"""

SELECT_FORUMS = """
PREFIX sec: <https://w3id.org/seckg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE { ?doc sec:mentions ?f . ?f a sec:Forum ; rdfs:label ?label }
ORDER BY ?label"""


def sparql_post(endpoint: str, query: str, accept: str = "application/sparql-results+json", **more):
    """A SPARQL Protocol POST of a form, as most clients send it."""
    import httpx

    return httpx.post(
        endpoint, data={"query": query, **more}, headers={"Accept": accept}, timeout=30
    )


def labels_of(response) -> set[str]:
    return {b["label"]["value"] for b in response.json()["results"]["bindings"]}


ENDPOINT_TIMEOUT = 2.0  # seconds: what `endpoint` kills a query after


@pytest.fixture(scope="module")
def endpoint(seed_graph_file: Path):
    """`seckg serve` of the seed graph on 127.0.0.1, for the module's tests."""
    process, url = start_seckg_serve([seed_graph_file], "--timeout", str(ENDPOINT_TIMEOUT))
    yield url
    stop(process)


def start_oxigraph(location: Path, port: int) -> subprocess.Popen:
    """A real `oxigraph serve` of the folder on 127.0.0.1:port, once it answers; the test is
    skipped when the server binary is missing."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package 'oxigraph', a dev dependency) is missing")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_serving(process, f"http://127.0.0.1:{port}/query")
    return process
