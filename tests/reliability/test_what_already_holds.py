"""What held when issue 20's review attacked seckg, kept holding: a store in use is a clear
error, parameters are bound as terms, a SPARQL server killed mid-build loses nothing that a
second run does not finish."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import free_port, start_oxigraph
from seckg.cli import main
from seckg.store.sparql import SparqlServerStore

PARAGRAPH = (
    "NATO and the G7 will cooperate against cyber attacks. Japan and India condemned piracy. "
    "Members of the Quad include Australia and Japan. France reaffirmed its commitment to the EU."
)


def _seckg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "seckg.cli", *args], capture_output=True, text=True, timeout=timeout
    )


def test_a_store_in_use_by_another_build_is_a_clear_error(tmp_path: Path, seed_copy: Path):
    workspace = tmp_path / "ws"
    held = ox.Store(str(workspace))  # what a running build holds: the store's lock
    try:
        result = _seckg("build", str(seed_copy), "--store", str(workspace), "--no-validate")
    finally:
        del held
    assert result.returncode == 2
    assert "ws: the store is in use by another process" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert _seckg("build", str(seed_copy), "--store", str(workspace), "-q").returncode == 0


def test_parameters_are_bound_as_terms_never_pasted(seed_graph_file: Path):
    pasted = '"x" } UNION { ?s ?p ?o } #'
    query = "SELECT ?s WHERE { ?s rdfs:label ?name }"
    arguments = ["--graph", str(seed_graph_file), "-p", f"name={pasted}", "--format", "csv"]
    result = CliRunner().invoke(main, ["query", "--query", query, *arguments])
    assert result.exit_code == 0 and result.stdout.strip() == "s"  # a literal: no label is it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kill -9 of a server")
def test_a_server_killed_mid_build_is_finished_by_a_second_run(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(30):
        (corpus / f"doc{index:02}.txt").write_text(
            f"Joint Statement number {index}\n\n" + "\n\n".join([PARAGRAPH] * (20 + index))
        )
    port, location = free_port(), tmp_path / "oxigraph"
    url = f"http://127.0.0.1:{port}"
    server = start_oxigraph(location, port)
    arguments = ["build", str(corpus), "--store", url, "--quiet", "--no-validate"]
    build = subprocess.Popen(
        [sys.executable, "-m", "seckg.cli", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    store = SparqlServerStore(url)
    while build.poll() is None and store.fingerprint() is None:  # the base is in, the
        time.sleep(0.05)  # documents are being extracted
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    _out, errors = build.communicate(timeout=120)
    assert build.returncode != 0 and "Traceback" not in errors
    assert errors.strip().splitlines()[-1].startswith("seckg: error:")

    server = start_oxigraph(location, port)  # the same data, as the kill left it
    try:
        result = _seckg("build", str(corpus), "--store", url, "--no-validate", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert len(SparqlServerStore(url).document_hashes()) == 30
        again = _seckg("build", str(corpus), "--store", url, "--no-validate", "--format", "json")
        assert '"unchanged": 30' in again.stdout  # whole documents only: nothing half-written
    finally:
        server.terminate()
        server.wait(timeout=10)
