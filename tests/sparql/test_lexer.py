"""The lexical check that keeps the endpoint offline and read-only."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import Listener
from seckg.sparql.lexer import QueryRefused, query_form, refuse_unsafe, words


def test_oxigraph_itself_would_call_a_service_address():
    """Why the check exists: left alone, the engine makes the outbound request."""
    listener = Listener()
    try:
        with pytest.raises(OSError):
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
        assert listener.connections >= 1
    finally:
        listener.close()


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { { { ?a ?b ?c OPTIONAL { service silent ?endpoint { ?s ?p ?o } } } } }",
        "SELECT * { ?s ?p ?o .SERVICE<http://x/>{}}",
        "SELECT * { \\u0053ERVICE <http://x/> { } }",
        "SELECT * { \\U00000053ervice <http://x/> { } }",
        "ASK { FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
        "SELECT * { ?s ex:a\\#b ?o . SERVICE <http://x/> { } }",  # an escaped # is no comment
        "SELECT * { ?s ex:a\\'b ?o . SERVICE <http://x/> { } }",  # nor an escaped ' a string
        "PREFIX service: <http://x/> SELECT * { ?s service:p ?o }",  # a false alarm, on purpose
    ],
)
def test_service_is_found_at_any_depth(text):
    with pytest.raises(QueryRefused, match="SERVICE"):
        refuse_unsafe(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * { ?s ?p '''a\nSERVICE''' }",
        "SELECT ?service { ?service a <http://x/SERVICE> }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://x/> in a comment",
        "SELECT * { ?s <http://example.org/service> $SERVICE }",
        "SELECT * { ?s ex:selfservice ?o }",
    ],
)
def test_the_word_in_strings_iris_comments_and_variables_is_no_service(text):
    refuse_unsafe(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("BASE <http://x/> CLEAR ALL", "CLEAR"),
    ],
)
def test_updates_are_refused(text, form):
    assert query_form(text) == form
    with pytest.raises(QueryRefused, match="read-only"):
        refuse_unsafe(text)


def test_query_forms_after_a_prologue():
    prologue = "# a comment with SELECT\nPREFIX sec: <https://w3id.org/seckg/ontology#>\n"
    assert query_form(prologue + "ASK { ?s ?p ?o }") == "ASK"
    assert query_form(prologue + "describe <http://x/>") == "DESCRIBE"
    assert query_form(prologue + "CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("not sparql") is None
    assert words("SELECT ?x { ?x sec:p 'DELETE' }") == ["SELECT", "sec:p"]
