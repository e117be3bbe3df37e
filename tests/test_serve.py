"""`seckg serve` started for real on a free local port and queried over HTTP with httpx."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import free_port, wait_until_serving

SELECT_FORUMS = """
PREFIX sec: <https://w3id.org/seckg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?doc sec:mentions ?f . ?f a sec:Forum ; rdfs:label ?label }
ORDER BY ?label"""


@pytest.fixture(scope="module")
def endpoint(seed_graph_file: Path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seckg.cli",
            "serve",
            "--graph",
            str(seed_graph_file),
            "--port",
            str(port),
            "--timeout",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_serving(process, url)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_get_with_json_results(endpoint):
    response = httpx.get(
        endpoint,
        params={"query": SELECT_FORUMS},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200
    labels = {b["label"]["value"] for b in response.json()["results"]["bindings"]}
    assert {"Group of Seven", "Indo-Pacific Four", "Quadrilateral Security Dialogue"} <= labels


def test_post_with_csv_results(endpoint):
    response = httpx.post(
        endpoint, data={"query": SELECT_FORUMS}, headers={"Accept": "text/csv"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0].strip() == "label"
    assert "North Atlantic Treaty Organization" in response.text


def test_construct_as_turtle(endpoint):
    query = (
        "PREFIX sec: <https://w3id.org/seckg/ontology#> CONSTRUCT { ?s sec:iso3 ?c } "
        "WHERE { ?s sec:iso3 ?c FILTER(?c = 'JPN') }"
    )
    response = httpx.post(
        endpoint, data={"query": query}, headers={"Accept": "text/turtle"}, timeout=30
    )
    assert response.status_code == 200 and '"JPN"' in response.text


def test_update_is_refused(endpoint):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    response = httpx.post(endpoint, data={"update": update}, timeout=30)
    assert response.status_code == 403
    check = httpx.get(
        endpoint,
        params={"query": "ASK { <http://example.org/a> ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert check.json()["boolean"] is False


def test_runaway_query_is_stopped(endpoint):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = httpx.post(
        endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code >= 400
    assert "time limit" in response.text
    assert time.monotonic() - started < 15


def test_query_page_offers_the_bundled_queries(endpoint):
    response = httpx.get(endpoint, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200
    assert "Which forums address a given threat" in response.text
