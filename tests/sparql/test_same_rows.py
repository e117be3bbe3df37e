"""Every bundled query gives the same rows wherever the graph lives: `seckg query` on a file, on
a store folder, through `seckg serve`, and through a real `oxigraph serve` of the same folder
started as it comes (no union-default-graph switch: the store's layout needs none)."""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from conftest import free_port, oxigraph_binary, start_seckg_serve, stop, wait_until_serving
from seckg.build import build, input_files
from seckg.cli import main
from seckg.namespaces import sparql_prologue
from seckg.query import bundled_queries

JOINT_STATEMENT = (
    "Joint Statement by Australia, Japan and India\n\n"
    "Our three countries condemn piracy and will cooperate against illegal fishing."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and one joint statement (the seeds are news: no document has a voice)."""
    import shutil

    from seckg import resources

    folder = tmp_path_factory.mktemp("corpus") / "docs"
    shutil.copytree(resources.corpus_dir(), folder)
    (folder / "joint.txt").write_text(JOINT_STATEMENT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graph_file(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("file") / "graph.ttl"
    build(out, input_files([corpus]), validate=False)
    return out


@pytest.fixture(scope="module")
def workspace(corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "workspace"
    build(folder, input_files([corpus]), validate=False)
    return folder


@pytest.fixture(scope="module")
def seckg_server(workspace):
    process, url = start_seckg_serve([workspace])
    yield url
    stop(process)


@pytest.fixture(scope="module")
def oxigraph_server(workspace):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package 'oxigraph', a dev dependency) is missing")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(workspace), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    wait_until_serving(process, url)
    yield url
    stop(process)


def _term(term: dict | None) -> tuple:
    if term is None:
        return ("unbound",)
    if term["type"] == "bnode":
        return ("bnode",)
    if term["type"] == "uri":
        return ("iri", term["value"])
    datatype = term.get("datatype", "")
    if datatype.endswith(("#integer", "#decimal", "#double", "#float")):
        return ("number", Decimal(term["value"]).normalize())
    return ("literal", term["value"], term.get("xml:lang"), datatype.removesuffix("#string"))


def _rows(results: dict) -> list[tuple]:
    variables = results["head"]["vars"]
    return sorted(
        tuple(_term(row.get(v)) for v in variables) for row in results["results"]["bindings"]
    )


def _without_limit(text: str) -> str:
    """Ties at a LIMIT may be cut differently; compare whole results."""
    return re.sub(r"\bLIMIT\s+\d+\s*$", "", text.strip())


def _cli(text: str, location: Path | str) -> list[tuple]:
    result = CliRunner().invoke(
        main, ["query", "--query", text, "--graph", str(location), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return _rows(json.loads(result.stdout))


def _http(text: str, url: str) -> list[tuple]:
    response = httpx.post(
        url,
        content=(sparql_prologue() + text).encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return _rows(response.json())


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_same_rows_everywhere(name, graph_file, workspace, seckg_server, oxigraph_server):
    text = _without_limit(bundled_queries()[name].text)
    on_file = _cli(text, graph_file)
    assert on_file or name.startswith("dq_"), f"{name} returned no rows on the test graph"
    assert _cli(text, workspace) == on_file
    assert _http(text, seckg_server) == on_file
    assert _http(text, oxigraph_server) == on_file
    assert _cli(text, seckg_server) == on_file  # seckg query --graph http://... (the printed URL)
