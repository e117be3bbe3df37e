"""Bundled queries and `seckg query`: specific rows on the seed graph, parameters, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from seckg.cli import main
from seckg.errors import InputError, SeckgError
from seckg.query import bundled_queries, resolve_query, select_rows


def rows(graph, name, **params):
    _, text = resolve_query(name)
    return [{k: str(v) for k, v in row.items()} for row in select_rows(graph, text, name, params)]


def test_every_bundled_query_starts_with_its_question():
    queries = bundled_queries()
    assert len(queries) >= 3
    for query in queries.values():
        text = query.path.read_text()
        assert query.question.endswith((".", "?")), query.name
        assert "Parameters:" in text and "Example:" in text


def test_forums_addressing_wmd(seed_graph):
    found = rows(seed_graph, "forums_addressing_threat", threat="threat:wmd")
    forums = {r["label"] for r in found}
    assert {"Group of Seven", "Association of Southeast Asian Nations"} <= forums


def test_forums_of_japan(seed_graph):
    found = rows(seed_graph, "forums_of_state", state="state:JPN")
    pairs = {(r["forumLabel"], r["role"]) for r in found}
    assert ("Quadrilateral Security Dialogue", "member") in pairs
    assert ("North Atlantic Treaty Organization", "partner") in pairs
    assert ("Group of Seven", "member") in pairs


def test_evidence_for_g7_foreign_interference(seed_graph):
    found = rows(
        seed_graph,
        "evidence_for_forum_threat",
        forum="forum:g7",
        threat="threat:foreign-interference",
    )
    assert any("G7 will not tolerate foreign interference" in r["sentence"] for r in found)
    assert {r["document"] for r in found} == {"003_fe6e21ee433242f3"}


def test_unknown_parameter_lists_the_variables(seed_graph):
    _, text = resolve_query("forums_of_state")
    with pytest.raises(InputError, match=r"unknown parameter 'country'.*state"):
        select_rows(seed_graph, text, "forums_of_state", {"country": "x"})


def test_unknown_query_lists_the_bundled_ones():
    with pytest.raises(InputError, match="forums_of_state"):
        resolve_query("no_such_query")


def test_malformed_query_names_the_position(tmp_path: Path, seed_graph):
    with pytest.raises(SeckgError, match=r"malformed SPARQL: line 1, column \d+"):
        select_rows(seed_graph, "SELECT ?x WHERE { ?x ?y }}", "bad")


def test_cli_csv_and_json_follow_w3c_formats(seed_graph_file: Path):
    runner = CliRunner()
    outputs = {}
    for output_format in ("csv", "json"):
        arguments = [
            "query",
            "forums_of_state",
            "--graph",
            str(seed_graph_file),
            "-p",
            "state=state:KOR",
            "--format",
            output_format,
        ]
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0, result.output
        outputs[output_format] = result.output
    table = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert any(r["forumLabel"] == "Indo-Pacific Four" for r in table)
    data = json.loads(outputs["json"])
    assert data["head"]["vars"][0] == "state" and data["results"]["bindings"]


def test_cli_list(seed_graph_file: Path):
    result = CliRunner().invoke(main, ["query", "--list", "--format", "json"])
    assert "forums_of_state" in json.loads(result.output)


def test_state_pairs_sharing_forums(seed_graph):
    found = rows(seed_graph, "state_pairs_sharing_forums", state="state:AUS", other="state:JPN")
    assert int(found[0]["sharedForums"]) >= 5  # Quad, IP4, G20, NATO partners, ASEAN partners


def test_actor_pairs_sharing_threat_commitments(seed_graph):
    found = rows(seed_graph, "actor_pairs_sharing_threat_commitments")
    pairs = {(r["actorLabel"], r["otherLabel"]) for r in found}
    assert ("Group of Seven", "United Kingdom") in pairs


def test_initiatives_by_forum(seed_graph):
    found = rows(seed_graph, "initiatives_by_forum", forum="forum:quad")
    labels = {r["label"] for r in found}
    assert {"Quad Cyber Challenge", "Quad Health Security Partnership"} <= labels
    challenge = next(
        r for r in found if r["label"] == "Quad Climate Change Adaptation and Mitigation Package"
    )
    assert challenge["acronym"] == "Q-CHAMP" and challenge["documents"] == "1"


def test_initiatives_by_threat(seed_graph):
    found = rows(seed_graph, "initiatives_by_threat", threat="threat:cyber")
    assert {"ASCCE", "AJCCBC"} <= {r.get("acronym") for r in found}


def test_threat_timeline_is_ordered_by_date(seed_graph):
    found = rows(seed_graph, "threat_timeline", threat="threat:cyber")
    dated = [r["date"] for r in found if r.get("date") not in (None, "None")]
    assert dated == sorted(dated) and dated[0] == "2019-07-31"
    assert found[0]["actorLabel"] == "Association of Southeast Asian Nations"


def test_forum_membership_overlap(seed_graph):
    # the ASEAN defence ministers' meeting has exactly ASEAN's members
    assert float(rows(seed_graph, "forum_membership_overlap")[0]["jaccard"]) == 1.0
    found = rows(seed_graph, "forum_membership_overlap", forum="forum:eu")
    nato = next(r for r in found if r["otherLabel"] == "North Atlantic Treaty Organization")
    assert nato["shared"] == "23"
    assert float(nato["jaccard"]) == pytest.approx(23 / (27 + 32 - 23), abs=0.001)
    # as of 2022 Finland and Sweden were not yet in NATO: 21 shared of 27 + 30
    before = rows(seed_graph, "forum_membership_overlap", forum="forum:eu", as_of="2022-01-01")
    nato = next(r for r in before if r["otherLabel"] == "North Atlantic Treaty Organization")
    assert nato["shared"] == "21"
    assert float(nato["jaccard"]) == pytest.approx(21 / (27 + 30 - 21), abs=0.001)


@pytest.mark.parametrize(
    "as_of,members",
    [(None, 12), ("2024-01-01", 15), ("2026-01-01", 12), ("1976", 15), ("1980", 16)],
)
def test_members_of_forum_as_of_a_day(seed_graph, as_of, members):
    params = {"forum": "forum:ecowas"} | ({"as_of": as_of} if as_of else {})
    found = rows(seed_graph, "members_of_forum", **params)
    assert len({r["member"] for r in found if r["role"] == "member"}) == members


def test_unsc_today_has_fifteen_members_and_terms_end_with_their_year(seed_graph):
    today = rows(seed_graph, "members_of_forum", forum="forum:unsc")
    assert len({r["member"] for r in today}) == 15
    last_day = rows(seed_graph, "members_of_forum", forum="forum:unsc", as_of="2026-12-31")
    assert "https://w3id.org/seckg/id/state/DNK" in {r["member"] for r in last_day}
    next_year = rows(seed_graph, "members_of_forum", forum="forum:unsc", as_of="2027-01-01")
    assert "https://w3id.org/seckg/id/state/DNK" not in {r["member"] for r in next_year}


def test_query_as_of_option_binds_inside_subqueries(seed_graph_file):
    args = [
        "query",
        "forum_membership_overlap",
        "--graph",
        str(seed_graph_file),
        "-p",
        "forum=forum:eu",
        "--as-of",
        "2022-01-01",
        "--format",
        "json",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    nato = next(b for b in bindings if b["otherLabel"]["value"].startswith("North Atlantic"))
    assert nato["shared"]["value"] == "21"
    bad = CliRunner().invoke(main, [*args[:6], "--as-of", "2022-02-30"])
    assert bad.exit_code == 2 and "not a date of the calendar" in bad.output


def test_threat_cooccurrence(seed_graph):
    found = rows(seed_graph, "threat_cooccurrence", threat="threat:cyber")
    assert any(r["other"].endswith("foreign-interference") for r in found)


def test_states_named_with_threat(seed_graph):
    found = rows(seed_graph, "states_named_with_threat", state="state:RUS")
    assert any(
        r["threat"].endswith("transnational-crime") and "Russia" in r["sentence"] for r in found
    )


def test_stated_memberships_are_checked_against_reference(seed_graph):
    found = rows(seed_graph, "stated_memberships", forum="forum:nato")
    korea = next(r for r in found if r["memberLabel"] == "South Korea")
    assert korea["role"].endswith("role/partner") and korea["inReference"] == "true"
    assert korea["document"] == "001_cb2e87bc628ada95"


def test_commitment_types_by_actor(seed_graph):
    found = rows(seed_graph, "commitment_types_by_actor", actor="forum:g7")
    assert {"condemn", "cooperate"} <= {r["type"] for r in found}


def test_documents_overview(seed_graph):
    found = {r["document"]: r for r in rows(seed_graph, "documents_overview")}
    assert found["003_fe6e21ee433242f3"]["forums"] == "2"
    assert found["001_cb2e87bc628ada95"]["date"] == "2024-07-06"


def test_members_of_forum(seed_graph):
    found = rows(seed_graph, "members_of_forum", forum="forum:asean")
    timor = next(r for r in found if r["memberLabel"] == "Timor-Leste")
    assert (timor["role"], timor["since"]) == ("member", "2025")


def test_data_quality_queries(seed_graph):
    assert "United Nations Convention on the Law of the Sea" in {
        r["label"] for r in rows(seed_graph, "dq_initiatives_without_forum")
    }
    undated = {r["document"] for r in rows(seed_graph, "dq_commitments_without_date")}
    assert undated == {"000_b675cee675044e43", "003_fe6e21ee433242f3"}
    assert rows(seed_graph, "dq_forums_unknown_to_reference") == []
    extra = Graph() + seed_graph
    extra.parse(
        data="""
        @prefix sec: <https://w3id.org/seckg/ontology#> .
        <https://w3id.org/seckg/id/forum/quint> a sec:Forum .
        <https://w3id.org/seckg/id/document/003_fe6e21ee433242f3>
            sec:mentions <https://w3id.org/seckg/id/forum/quint> .""",
        format="turtle",
    )
    found = rows(extra, "dq_forums_unknown_to_reference")
    assert [r["forum"] for r in found] == ["https://w3id.org/seckg/id/forum/quint"]


def test_documents_by_issuer_on_a_joint_statement(knowledge):
    from seckg.extract import extract_document
    from seckg.graph import base_graph, document_graph
    from seckg.ingest import SourceDocument

    text = (
        "Joint Statement by Australia, Japan and India\n\n"
        "Our three countries condemn piracy. Japan will fund coast guard training against "
        "illegal fishing."
    )
    document = SourceDocument("joint", "joint.txt", text, "Joint Statement", None, None, "0")
    graph = base_graph(knowledge) + document_graph(extract_document(document, knowledge), knowledge)
    found = {(r["issuerLabel"], r["commitments"]) for r in rows(graph, "documents_by_issuer")}
    assert found == {("Australia", "1"), ("Japan", "2"), ("India", "1")}
    only = rows(graph, "documents_by_issuer", issuer="state:JPN")
    assert [(r["document"], r["commitments"]) for r in only] == [("joint", "2")]


# --------------------------------------------------------------------------- pasteable names


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("state", "JPN", "state/JPN"),
        ("state", "jpn", "state/JPN"),
        ("state", "Japan", "state/JPN"),
        ("state", "state:JPN", "state/JPN"),
        ("forum", "Quad", "forum/quad"),
        ("forum", "Quadrilateral Security Dialogue", "forum/quad"),
        ("threat", "cyber", "threat/cyber"),
        ("actor", "G7", "forum/g7"),
        ("actor", "GBR", "state/GBR"),
    ],
)
def test_entity_parameters_take_a_code_or_a_name(seed_graph, parameter, value, expected):
    from seckg.query import resolve_entity, target_of_graph

    if ":" in value:
        assert rows(seed_graph, "forums_of_state", state=value)
        return
    found = resolve_entity(target_of_graph(seed_graph), parameter, value)
    assert str(found) == f"https://w3id.org/seckg/id/{expected}"


def test_a_territory_stands_where_a_state_is_asked_for(seed_graph):
    """Hong Kong is a member economy of APEC: forums_of_state takes it by name or code."""
    for value in ("Hong Kong", "HKG"):
        found = rows(seed_graph, "forums_of_state", state=value)
        assert "https://w3id.org/seckg/id/forum/apec" in {str(r["forum"]) for r in found}
    assert not rows(seed_graph, "forums_of_state", state="Guam")  # in no forum of the data


def test_an_entity_parameter_that_names_nothing_says_what_was_expected(seed_graph):
    with pytest.raises(InputError, match=r"state=Atlantis: no state .* state:JPN"):
        rows(seed_graph, "forums_of_state", state="Atlantis")


def test_printed_names_are_legal_sparql_and_turtle(seed_graph_file: Path):
    from seckg.query import shorten

    result = CliRunner().invoke(
        main, ["query", "forums_of_state", "--graph", str(seed_graph_file), "-p", "state=JPN"]
    )
    assert result.exit_code == 0, result.output
    assert "state:JPN" in result.stdout and "forum:quad" in result.stdout
    assert shorten(URIRef("https://w3id.org/seckg/id/membership/nato/JPN/partner")).startswith("<")
    pasted = CliRunner().invoke(
        main,
        [
            "query",
            "--query",
            "ASK { state:JPN ?p ?o . forum:quad ?q ?r . threat:cyber ?s ?t }",
            "--graph",
            str(seed_graph_file),
        ],
    )
    assert pasted.exit_code == 0 and pasted.stdout.strip() == "true"
    turtle = seed_graph_file.read_text(encoding="utf-8")
    assert "@prefix state: <https://w3id.org/seckg/id/state/>" in turtle


# --------------------------------------------------------------------------- the command


def _query(*arguments: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["query", *arguments], input=stdin)


def test_inline_stdin_and_several_graphs(seed_graph_file: Path, tmp_path: Path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = _query("--query", count, "--graph", str(seed_graph_file), "--format", "csv")
    assert one.exit_code == 0, one.output
    size = int(one.stdout.split()[1])
    extra = tmp_path / "extra.nt"
    extra.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    both = _query(
        "-", "--graph", str(seed_graph_file), "--graph", str(extra), "--format", "csv", stdin=count
    )
    assert both.exit_code == 0, both.output
    assert int(both.stdout.split()[1]) == size + 1


def test_every_results_format(seed_graph_file: Path):
    text = "SELECT ?f WHERE { ?f sec:acronym 'G7' }"
    outputs = {}
    for output_format in ("table", "csv", "tsv", "json", "xml"):
        result = _query("--query", text, "--graph", str(seed_graph_file), "--format", output_format)
        assert result.exit_code == 0, result.output
        outputs[output_format] = result.stdout
    assert outputs["tsv"].splitlines() == ["?f", "<https://w3id.org/seckg/id/forum/g7>"]
    assert "<uri>https://w3id.org/seckg/id/forum/g7</uri>" in outputs["xml"]
    assert "forum:g7" in outputs["table"]
    graph = _query(
        "--query", "DESCRIBE forum:g7", "--graph", str(seed_graph_file), "--format", "nt"
    )
    assert graph.exit_code == 0 and "<https://w3id.org/seckg/id/forum/g7>" in graph.stdout
    wrong = _query("--query", text, "--graph", str(seed_graph_file), "--format", "nt")
    assert wrong.exit_code == 2 and "not for a SELECT query" in wrong.stderr


def test_timeout_stops_a_runaway_query(seed_graph_file: Path):
    import time

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    result = _query("--query", runaway, "--graph", str(seed_graph_file), "--timeout", "1")
    assert result.exit_code == 3 and "1 s time limit" in result.stderr
    assert time.monotonic() - started < 5


def test_bad_graphs_and_queries_are_one_line(tmp_path: Path, seed_graph_file: Path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    for arguments, message in [
        (["--query", "ASK {}", "--graph", str(broken)], "broken.ttl: not valid Turtle: "),
        (["--query", "ASK {}", "--graph", str(tmp_path / "none.ttl")], "no such file"),
        (["--query", "ASK { ?s ?p }", "--graph", str(seed_graph_file)], "line 1, column"),
    ]:
        result = _query(*arguments)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and result.stderr.strip().count("\n") == 0
    both = _query("forums_of_state", "--query", "ASK {}", "--graph", str(seed_graph_file))
    assert both.exit_code == 2 and "give one QUERY" in both.stderr


def test_an_invalid_iri_parameter_is_one_line(seed_graph_file: Path):
    for value in ("<not an iri>", "state:J PN"):
        result = _query("forums_of_state", "--graph", str(seed_graph_file), "-p", f"state={value}")
        assert result.exit_code == 2 and "not a valid absolute IRI" in result.stderr
        assert result.stderr.strip().count("\n") == 0


def test_a_fifo_named_like_a_graph_is_refused_not_read(tmp_path: Path):
    import os

    fifo = tmp_path / "graph.ttl"
    os.mkfifo(fifo)
    result = _query("--query", "ASK {}", "--graph", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_select_values_gives_plain_strings_and_leaves_unbound_out():
    """What the networks read: values as strings, nothing for an unbound variable, and a
    sentence with a comma, a quote and a line break kept whole (CSV quoting)."""
    from seckg.query import select_values

    graph = Graph().parse(
        data='<http://x/a> <http://x/says> "one, \\"two\\"\\nthree" .\n'
        "<http://x/b> <http://x/p> 1 .",
        format="turtle",
    )
    rows = select_values(
        graph,
        "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <http://x/q> ?none } } ORDER BY ?s",
    )
    assert rows == [
        {"s": "http://x/a", "o": 'one, "two"\nthree'},
        {"s": "http://x/b", "o": "1"},
    ]
