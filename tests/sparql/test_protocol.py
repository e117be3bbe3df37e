"""Content negotiation and request parsing of the SPARQL 1.1 Protocol, without a server."""

from __future__ import annotations

import pytest

from seckg.sparql.protocol import (
    GRAPH_OFFER,
    RESULT_OFFER,
    Incoming,
    ProtocolError,
    negotiate,
    parse_request,
    wants_page,
)


@pytest.mark.parametrize(
    ("accept", "offer", "chosen"),
    [
        (None, RESULT_OFFER, "application/sparql-results+json"),
        ("*/*", RESULT_OFFER, "application/sparql-results+json"),
        ("text/tab-separated-values", RESULT_OFFER, "text/tab-separated-values"),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            RESULT_OFFER,
            "application/sparql-results+xml",
        ),
        ("text/*", RESULT_OFFER, "text/csv"),
        ("image/png", RESULT_OFFER, None),
        ("text/csv;q=0", RESULT_OFFER, None),
        ("application/rdf+xml, */*;q=0.1", GRAPH_OFFER, "application/rdf+xml"),
        ("application/sparql-results+json", GRAPH_OFFER, None),
        ("application/n-triples;q=0.9, text/turtle", GRAPH_OFFER, "text/turtle"),
    ],
)
def test_negotiation(accept, offer, chosen):
    assert negotiate(accept, offer) == chosen


def test_a_browser_gets_the_page_and_curl_the_description():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert wants_page(browser)
    assert not wants_page("*/*") and not wants_page(None)
    assert not wants_page("text/turtle, text/html;q=0.5")


def _parse(method="GET", query="", content_type="", body=b"", accept=None):
    return parse_request(Incoming(method, query, content_type, body, accept))


def test_requests_of_each_form():
    get = _parse(query="query=ASK%20%7B%7D", accept="text/csv")
    assert (get.text, get.media_type) == ("ASK {}", "text/csv")
    form = _parse("POST", "", "application/x-www-form-urlencoded", b"query=SELECT+*+%7B%7D")
    assert form.text == "SELECT * {}"
    direct = _parse("POST", "", "application/sparql-query; charset=utf-8", b"DESCRIBE <a:b>")
    assert direct.media_type == "text/turtle"
    assert _parse() is None  # no query: the page or the service description


def test_protocol_dataset_overrides_the_query():
    request = _parse(
        query="query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fg%2F1&named-graph-uri=http%3A%2F%2Fg%2F2"
    )
    assert request.default_graphs == ("http://g/1",) and request.named_graphs == ("http://g/2",)
    assert _parse(query="query=ASK%7B%7D").default_graphs is None


def test_a_format_parameter_counts_only_without_an_accept_header():
    assert _parse(query="query=ASK%7B%7D&format=csv").media_type == "text/csv"
    assert (
        _parse(
            query="query=ASK%7B%7D&format=csv", accept="application/sparql-results+xml"
        ).media_type
        == "application/sparql-results+xml"
    )
    describe = _parse(query="query=DESCRIBE%20%3Ca%3Ab%3E&format=xml&output=xml")
    assert describe.media_type == "application/rdf+xml"


@pytest.mark.parametrize(
    ("arguments", "status"),
    [
        ({"query": "query=a&query=b"}, 400),
        ({"method": "POST", "content_type": "text/plain", "body": b"ASK {}"}, 415),
        (
            {"method": "POST", "content_type": "application/sparql-update", "body": b"CLEAR ALL"},
            403,
        ),
        ({"query": "update=CLEAR%20ALL"}, 403),
        (
            {
                "method": "POST",
                "content_type": "application/x-www-form-urlencoded",
                "body": b"update=CLEAR+ALL",
            },
            403,
        ),
        ({"query": "query=CLEAR%20ALL"}, 403),
        ({"query": "query=%20"}, 400),
        ({"method": "DELETE"}, 405),
        ({"method": "POST", "content_type": "application/sparql-query", "body": b"\xff"}, 400),
        ({"query": "query=ASK%7B%7D", "accept": "image/png"}, 406),
    ],
)
def test_refusals_have_their_status(arguments, status):
    with pytest.raises(ProtocolError) as refused:
        _parse(**arguments)
    assert refused.value.status == status and refused.value.message
