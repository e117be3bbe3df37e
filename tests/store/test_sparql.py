"""A real Oxigraph server on 127.0.0.1, started by the test: build into it over HTTP, query it,
remove a document, stop it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from conftest import free_port, start_oxigraph
from seckg.cli import main
from seckg.store import with_bindings
from seckg.store.sparql import SparqlServerStore, endpoints


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    process = start_oxigraph(tmp_path / "oxigraph", port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_build_query_remove_over_http(server: str, seed_copy: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(seed_copy), "--store", server, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"added": 4' in result.stdout and '"conforms": true' in result.stdout
    result = runner.invoke(main, ["build", str(seed_copy), "--store", server, "--no-validate"])
    assert "0 added, 0 replaced, 4 unchanged (skipped)" in result.stdout

    result = runner.invoke(
        main,
        [
            "query",
            "forums_of_state",
            "--store",
            server,
            "-p",
            "state=state:JPN",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/seckg/id/forum/quad" in result.stdout

    store = SparqlServerStore(server)
    identifiers = sorted(store.document_hashes())
    assert len(identifiers) == 4
    size = store.size()
    result = runner.invoke(main, ["remove", identifiers[0], "--store", server])
    assert result.exit_code == 0, result.output
    assert sorted(store.document_hashes()) == identifiers[1:]
    assert store.size() < size


def test_unreachable_server_is_one_line(tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["query", "forums_of_state", "--store", url])
    assert result.exit_code == 2
    assert "cannot reach the SPARQL server" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_endpoints_and_bindings():
    assert endpoints("http://h:3030/ds") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h/sparql") == ("http://h/sparql", "http://h/sparql")
    query = "# where is it?\nSELECT ?f WHERE { ?m org:member ?s ; org:organization ?f }"
    bound = with_bindings(query, {"s": URIRef("https://w3id.org/seckg/id/state/JPN")})
    assert bound.startswith("SELECT ?f WHERE { VALUES ?s { <https://w3id.org/seckg/id/state/JPN> }")
