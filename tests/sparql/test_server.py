"""`seckg serve` started for real on 127.0.0.1 and asked by real clients: httpx, SPARQLWrapper
and urllib (what curl sends), for every form of the SPARQL 1.1 Protocol."""

from __future__ import annotations

import urllib.parse
import urllib.request

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from conftest import (
    SELECT_FORUMS,
    labels_of,
    sparql_post,
    start_seckg_serve,
    stop,
)
from seckg.build import build, input_files


@pytest.fixture(scope="module")
def store_endpoint(tmp_path_factory):
    """A store folder (one named graph per document) served in place."""
    from seckg import resources

    workspace = tmp_path_factory.mktemp("served") / "workspace"
    build(workspace, input_files([resources.corpus_dir()]), validate=False)
    process, url = start_seckg_serve([workspace])
    yield url
    stop(process)


# --------------------------------------------------------------------------- the three forms


def test_get_with_json_results(endpoint):
    response = httpx.get(
        endpoint,
        params={"query": SELECT_FORUMS},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert {"Group of Seven", "Indo-Pacific Four", "Quadrilateral Security Dialogue"} <= labels_of(
        response
    )


def test_post_form_with_csv_results(endpoint):
    response = sparql_post(endpoint, SELECT_FORUMS, "text/csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0].strip() == "label"
    assert "North Atlantic Treaty Organization" in response.text


def test_post_sparql_query_body_with_tsv_results(endpoint):
    response = httpx.post(
        endpoint,
        content=SELECT_FORUMS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    lines = response.text.splitlines()
    assert lines[0] == "?label" and '"Group of Seven"@en' in lines


def test_curl_style_get_at_every_address(endpoint):
    """The address `seckg serve` prints, and /query and /sparql as Oxigraph, Fuseki and
    Virtuoso clients expect."""
    for path in ("", "query", "sparql"):
        url = endpoint + path + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+xml"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            assert b"<boolean>true</boolean>" in response.read()


# --------------------------------------------------------------------------- SPARQLWrapper


def test_sparqlwrapper_select_in_json_and_xml(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT_FORUMS)
    client.setReturnFormat(JSON)
    labels = {b["label"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}
    assert "Group of Seven" in labels
    client.setReturnFormat(XML)
    document = client.queryAndConvert()  # an xml.dom.minidom document
    literals = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert literals == labels


def test_sparqlwrapper_csv_tsv_and_ask(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT_FORUMS)
    client.setReturnFormat(CSV)
    assert b"Group of Seven" in client.queryAndConvert()
    client.setReturnFormat(TSV)
    assert b'"Group of Seven"@en' in client.queryAndConvert()
    client.setQuery("PREFIX sec: <https://w3id.org/seckg/ontology#> ASK { ?s a sec:Forum }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_and_describe(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(
        "PREFIX sec: <https://w3id.org/seckg/ontology#> CONSTRUCT { ?s sec:iso3 ?c } "
        "WHERE { ?s sec:iso3 ?c FILTER(?c = 'JPN') }"
    )
    client.setReturnFormat(TURTLE)
    assert b'"JPN"' in client.queryAndConvert()
    client.setQuery("DESCRIBE <https://w3id.org/seckg/id/forum/quad>")
    client.setReturnFormat(XML)  # SPARQLWrapper asks for RDF/XML and parses it with rdflib
    graph = client.queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) > 3


def test_ask_as_csv_and_describe_as_turtle(endpoint):
    response = sparql_post(endpoint, "ASK { ?s ?p ?o }", "text/csv")
    assert response.status_code == 200 and response.text.strip() == "true"
    response = sparql_post(
        endpoint, "DESCRIBE <https://w3id.org/seckg/id/forum/quad>", "text/turtle"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert "Quadrilateral Security Dialogue" in response.text


# --------------------------------------------------------------------------- refusals


def test_unsupported_accept_is_406(endpoint):
    response = sparql_post(endpoint, SELECT_FORUMS, "image/png")
    assert response.status_code == 406 and "offered" in response.text
    response = sparql_post(endpoint, "DESCRIBE <https://w3id.org/seckg/id/forum/quad>", "text/csv")
    assert response.status_code == 406


def test_malformed_query_is_400_with_position(endpoint):
    response = sparql_post(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert response.status_code == 400
    assert "malformed SPARQL: line 1, column" in response.text


def test_two_queries_and_a_plain_text_post_are_refused(endpoint):
    response = httpx.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=30)
    assert response.status_code == 400 and "2 'query' parameters" in response.text
    response = httpx.post(
        endpoint, content=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=30
    )
    assert response.status_code == 415


def test_service_description_advertises_neither_federation_nor_update(endpoint):
    response = httpx.get(endpoint, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    description = Graph().parse(data=response.text, format="turtle")
    text = response.text
    assert "SPARQL11Query" in text and "SPARQL_Results_CSV" in text
    assert "Update" not in text.replace("updates", "") and "BasicFederatedQuery" not in text
    assert len(description) > 5


# --------------------------------------------------------------------------- datasets


def test_default_and_named_graph_uri_and_from(store_endpoint):
    documents = sparql_post(
        store_endpoint,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/seckg/ontology#Document> } }",
    ).json()["results"]["bindings"]
    graphs = sorted(b["g"]["value"] for b in documents)
    assert len(graphs) == 4
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(response) -> int:
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    everything = number(sparql_post(store_endpoint, count))
    one = number(sparql_post(store_endpoint, count, **{"default-graph-uri": graphs[0]}))
    assert 0 < one < everything
    from_clause = f"SELECT (COUNT(*) AS ?n) FROM <{graphs[0]}> WHERE {{ ?s ?p ?o }}"
    assert number(sparql_post(store_endpoint, from_clause)) == one
    named = sparql_post(
        store_endpoint,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        **{"named-graph-uri": graphs[1]},
    ).json()["results"]["bindings"]
    assert [b["g"]["value"] for b in named] == [graphs[1]]


# --------------------------------------------------------------------------- time limit


def test_query_page_is_served_with_its_own_files(endpoint):
    response = httpx.get(endpoint, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200 and "<textarea" in response.text
    assert "http://" not in response.text and "https://" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    queries = httpx.get(endpoint + "page/queries.json", timeout=30).json()["queries"]
    assert "forums_addressing_threat" in {query["name"] for query in queries}
    script = httpx.get(endpoint + "page/app.js", timeout=30)
    assert script.status_code == 200 and "fetch(" in script.text
    for path in ("page/../cli.py", "page/index.html.bak", "page/%2e%2e/cli.py"):
        assert httpx.get(endpoint + path, timeout=30).status_code == 404


# --------------------------------------------------------------------------- life cycle
