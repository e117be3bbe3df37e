"""The endpoint under hostile requests: no writes, no federation, no other origins or hosts,
bounded bodies and query time, and a clean stop."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from conftest import (
    ENDPOINT_TIMEOUT,
    SELECT_FORUMS,
    Listener,
    free_port,
    labels_of,
    sparql_post,
    wait_until_serving,
)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_request_limits(endpoint):
    huge = "ASK {} #" + "x" * (2 << 20)
    assert sparql_post(endpoint, huge).status_code == 413
    response = httpx.post(
        endpoint, content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400 and "not UTF-8" in response.text


def test_every_form_of_update_and_load_is_refused(endpoint):
    triple = "<http://example.org/a> <http://example.org/b> 'c'"
    refused = [
        httpx.post(endpoint, data={"update": f"INSERT DATA {{ {triple} }}"}, timeout=30),
        httpx.post(
            endpoint,
            content=f"INSERT DATA {{ {triple} }}".encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        ),
        httpx.get(endpoint, params={"update": f"INSERT DATA {{ {triple} }}"}, timeout=30),
        sparql_post(endpoint, f"INSERT DATA {{ {triple} }}"),
        sparql_post(endpoint, "LOAD <http://example.org/data.ttl>"),
    ]
    assert [response.status_code for response in refused] == [403] * 5
    assert all("read-only" in response.text for response in refused)
    check = sparql_post(endpoint, "ASK { <http://example.org/a> ?p ?o }")
    assert check.json()["boolean"] is False


def test_service_is_refused_at_any_depth_and_nothing_is_called(endpoint):
    listener = Listener()
    url = listener.url
    try:
        queries = [
            f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ {{ ?x ?y ?z }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
            f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT * WHERE {{ service silent <{url}>"
            " { ?s ?p ?o } } } } }",
            f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        ]
        answers = [sparql_post(endpoint, query) for query in queries]
        time.sleep(0.5)
        assert [answer.status_code for answer in answers] == [403] * len(queries)
        assert all("SERVICE" in answer.text for answer in answers)
        assert listener.connections == 0
    finally:
        listener.close()


def test_no_cross_origin_access_and_a_host_check(endpoint):
    response = httpx.get(
        endpoint,
        params={"query": "ASK {}"},
        headers={"Origin": "https://evil.example"},
        timeout=30,
    )
    assert "access-control-allow-origin" not in response.headers
    response = httpx.get(
        endpoint, params={"query": "ASK {}"}, headers={"Host": "evil.example"}, timeout=30
    )
    assert response.status_code == 400 and "Host" in response.text


def test_runaway_query_is_stopped_while_another_client_is_served(endpoint):
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["response"] = sparql_post(endpoint, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    other = sparql_post(endpoint, SELECT_FORUMS)
    other_seconds = time.monotonic() - started
    thread.join()
    assert other.status_code == 200 and "Group of Seven" in labels_of(other)
    assert other_seconds < 1.2  # waiting for the runaway to be stopped would take 1.7 s
    response = outcome["response"]
    assert response.status_code == 503
    assert f"{ENDPOINT_TIMEOUT:g} s time limit" in response.text
    assert outcome["seconds"] < ENDPOINT_TIMEOUT + 2
    time.sleep(1.5)  # the killed worker is replaced: the endpoint still answers
    assert sparql_post(endpoint, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_a_taken_port_is_one_line_and_sigterm_cleans_up(seed_graph_file: Path, tmp_path: Path):
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    port = free_port()
    command = [sys.executable, "-m", "seckg.cli", "serve", "--graph", str(seed_graph_file)]
    first = subprocess.Popen(
        [*command, "--port", str(port)], env=environment, stderr=subprocess.PIPE
    )
    wait_until_serving(first, f"http://127.0.0.1:{port}/")
    assert [p.name for p in tmp_path.glob("seckg-serve-*")]  # the file's temporary store
    second = subprocess.run(
        [*command, "--port", str(port)], capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 2
    assert second.stderr.startswith("seckg: error: 127.0.0.1:") and "--port" in second.stderr
    assert second.stderr.strip().count("\n") == 0
    first.terminate()
    first.wait(timeout=30)
    assert list(tmp_path.glob("seckg-serve-*")) == []


def test_the_query_page_serves_its_own_files_and_nothing_else(endpoint):
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(endpoint)
    for path in (
        "/page/../../../../etc/passwd",
        "/page/%2e%2e/%2e%2e/etc/passwd",
        "/pyproject.toml",
    ):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request("GET", path)  # sent as written: no client normalises the dots
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404, path
        assert b"root:" not in body and b"[project]" not in body
