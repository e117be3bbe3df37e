"""Curation end to end: decisions survive rebuilds (file and store), orphans are reported,
analysts' additions join the graph with their provenance, and rejected facts leave every
bundled query, network and export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from seckg.cli import main
from seckg.curation import CurationFile, apply_to_graph
from seckg.namespaces import PROV, SEC, STATUS
from seckg.query import bundled_queries, including_rejected, select_rows, target_of_graph
from seckg.store import load_any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HYFLITE = "Australia, the United Kingdom and the United States on Friday launched"
CONDEMN = "The ministers condemned North Korea"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def fail(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "docs" / "aukus_cyber.txt", folder)
    return folder


def commitment_with(graph_path: Path | str, words: str) -> str:
    """The id (as explain prints it) of the commitment whose sentence starts with `words`."""
    rows = select_rows(
        load_any(graph_path),
        "SELECT ?c ?e WHERE { ?c a sec:Commitment ; sec:evidence ?e } ORDER BY ?c",
    )
    found = [str(row["c"]) for row in rows if str(row["e"]).startswith(words)]
    assert found, f"no commitment on {words!r}"
    return found[0].removeprefix("https://w3id.org/seckg/id/")


def status_of(graph_path: Path | str, fact: str) -> str | None:
    graph = load_any(graph_path)
    value = graph.value(URIRef("https://w3id.org/seckg/id/" + fact), SEC.status)
    return None if value is None else str(value).rsplit("/", 1)[-1]


def test_a_rejected_fact_stays_rejected_after_a_file_rebuild(corpus: Path, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    fact = commitment_with(graph, CONDEMN)
    assert status_of(graph, fact) == "candidate"
    said = run(
        "curate", "reject", fact, "--reason", "the ministers are not a forum", "--graph", str(graph)
    )
    assert "rejected" in said and fact in said

    summary = json.loads(run("build", str(corpus), "--out", str(graph), "--format", "json"))
    assert summary["curation"]["applied"] == 1
    assert summary["curation"]["orphaned"] == []
    assert status_of(graph, fact) == "rejected"
    # the same again: re-extraction keeps the decision
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    assert status_of(graph, fact) == "rejected"
    decisions = json.loads(run("curate", "list", "--graph", str(graph), "--format", "json"))
    assert [(d["status"], d["state"], d["by"]) for d in decisions] == [
        ("rejected", "applied", "test analyst")
    ]
    assert decisions[0]["reason"] == "the ministers are not a forum"


def test_a_decision_survives_an_edit_elsewhere_in_the_document(corpus: Path, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    fact = commitment_with(graph, CONDEMN)
    run("curate", "reject", fact, "--reason", "wrong", "--graph", str(graph))
    document = corpus / "aukus_cyber.txt"
    text = document.read_text(encoding="utf-8")
    document.write_text(
        text.replace("Share this article", "Share this article\n\nA new first paragraph."),
        encoding="utf-8",
    )
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    assert status_of(graph, fact) == "rejected"


def test_a_fact_no_longer_extracted_is_reported_as_orphaned(corpus: Path, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    fact = commitment_with(graph, CONDEMN)
    run("curate", "reject", fact, "--reason", "wrong", "--graph", str(graph))
    document = corpus / "aukus_cyber.txt"
    lines = document.read_text(encoding="utf-8").splitlines()
    document.write_text(
        "\n".join(line for line in lines if not line.startswith(CONDEMN)), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--out", str(graph), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [o["fact"].endswith(fact) for o in summary["curation"]["orphaned"]] == [True]
    assert "orphaned" in result.stderr and fact in result.stderr
    listed = json.loads(run("curate", "list", "--graph", str(graph), "--format", "json"))
    assert listed[0]["state"].startswith("orphaned")
    # the decision is kept in the file, not dropped
    assert len(CurationFile.load(Path(summary["curation"]["file"])).decisions()) == 1


def test_a_rejected_fact_stays_rejected_in_a_store_and_leaves_networks(
    corpus: Path, tmp_path: Path
):
    store = tmp_path / "workspace"
    run("build", str(corpus), "--store", str(store), "-q", "--no-validate")
    fact = commitment_with(store, HYFLITE)
    run("curate", "reject", fact, "--reason", "launch, not a commitment", "--store", str(store))
    summary = json.loads(run("build", str(corpus), "--store", str(store), "--format", "json"))
    assert summary["unchanged"] == 1 and summary["curation"]["applied"] == 1
    assert status_of(store, fact) == "rejected"

    gexf = tmp_path / "full.json"
    run("export", "--graph", str(store), "--format", "json", "--out", str(gexf))
    assert f'{fact}"' not in gexf.read_text(encoding="utf-8")
    run(
        "export",
        "--graph",
        str(store),
        "--format",
        "json",
        "--out",
        str(gexf),
        "--include-rejected",
    )
    assert f'{fact}"' in gexf.read_text(encoding="utf-8")
    jsonld = tmp_path / "graph.jsonld"
    run("export", "--graph", str(store), "--format", "jsonld", "--out", str(jsonld))
    nodes = json.loads(jsonld.read_text(encoding="utf-8"))
    nodes = nodes["@graph"] if isinstance(nodes, dict) else nodes
    assert [node for node in nodes if node["@id"].endswith(f"/{fact}")] == []
    assert any(node["@id"].endswith("/aukus_cyber/e139953eeab4") for node in nodes)

    # confirmed later: the latest decision counts
    run("curate", "confirm", fact, "--store", str(store))
    run("build", str(corpus), "--store", str(store), "-q", "--no-validate")
    assert status_of(store, fact) == "confirmed"


def _without(graph: Graph, facts: set[URIRef]) -> Graph:
    kept = Graph()
    for triple in graph:
        if triple[0] not in facts:
            kept.add(triple)
    return kept


def test_rejected_facts_are_absent_from_every_bundled_query(seed_graph: Graph, tmp_path: Path):
    """Reject every extracted fact and every reference membership of Japan: each bundled query
    must answer as if those facts were not in the graph, and with --include-rejected as if no
    one had decided anything."""
    graph = Graph() + seed_graph
    extracted = {
        fact
        for kind in (SEC.Commitment, SEC.Membership)
        for fact in graph.subjects(RDF.type, kind)
        if (fact, SEC.statedIn, None) in graph
    }
    japan = set(
        graph.subjects(
            URIRef("http://www.w3.org/ns/org#member"), URIRef("https://w3id.org/seckg/id/state/JPN")
        )
    )
    rejected = extracted | japan
    curation = CurationFile(tmp_path / "curation.ttl")
    for fact in sorted(rejected):
        curation.decide(fact, "rejected", "test", None, by="t", at="2026-01-01T00:00:00Z")
    apply_to_graph(graph, curation)
    assert len(list(graph.subjects(SEC.status, STATUS.rejected))) == len(rejected)

    curated, removed, untouched = (
        target_of_graph(graph),
        target_of_graph(_without(graph, rejected)),
        target_of_graph(seed_graph),
    )
    honouring = [q for q in bundled_queries().values() if "include_rejected" in q.text]
    assert len(honouring) >= 15

    def rows(target, text):
        return sorted(map(repr, (sorted(r.items()) for r in select_rows(target, text))))

    unaffected = []
    for query in honouring:
        assert rows(curated, query.text) == rows(removed, query.text), query.name
        included = rows(curated, including_rejected(query.text))
        assert included == rows(untouched, query.text), query.name
        if rows(curated, query.text) == included:
            unaffected.append(query.name)
    # the seeds have no document with a stated issuer
    assert unaffected == ["documents_by_issuer"]


def test_an_added_commitment_joins_queries_with_its_provenance_and_validates(
    corpus: Path, tmp_path: Path
):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    said = run(
        "curate",
        "add",
        "commitment",
        "--actor",
        "JPN",
        "--actor",
        "Philippines",
        "--concern",
        "maritime-security",
        "--type",
        "cooperate",
        "--date",
        "2024-07-08",
        "--source",
        "https://www.mofa.go.jp/example",
        "--note",
        "Reciprocal Access Agreement",
        "--graph",
        str(graph),
    )
    assert "added curation/commitment/" in said
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    rows = select_rows(
        load_any(graph),
        """SELECT ?actor ?who ?status ?source WHERE {
             ?c a sec:Commitment ; sec:actor ?actor ; prov:wasAttributedTo/rdfs:label ?who ;
                sec:status ?status ; sec:statedIn/dcterms:source ?source }""",
    )
    assert {
        (str(r["actor"]).rsplit("/", 1)[-1], str(r["who"]), str(r["status"]).rsplit("/", 1)[-1])
        for r in rows
    } == {("JPN", "test analyst", "confirmed"), ("PHL", "test analyst", "confirmed")}
    assert {str(r["source"]) for r in rows} == {"https://www.mofa.go.jp/example"}
    answer = run(
        "query",
        "commitment_types_by_actor",
        "--graph",
        str(graph),
        "-p",
        "actor=PHL",
        "--format",
        "csv",
    )
    assert "cooperate,1" in answer
    # an analyst's note is not an extracted sentence: no "evidence names its parties" warning
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    assert "names its parties" not in result.output


def test_an_added_membership_shows_in_explain(corpus: Path, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    run(
        "curate",
        "add",
        "membership",
        "--member",
        "UKR",
        "--forum",
        "nato",
        "--role",
        "partner",
        "--since",
        "1992",
        "--source",
        "https://www.nato.int/cps/en/natohq/topics_37750.htm",
        "--note",
        "NATO-Ukraine relations",
        "--graph",
        str(graph),
    )
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    explained = json.loads(run("explain", "Ukraine", "--graph", str(graph), "--format", "json"))
    analyst = [m for m in explained["memberships"] if m["source"] == "analyst"]
    assert [(m["forum"]["label"], m["role"], m["since"], m["status"]) for m in analyst] == [
        ("North Atlantic Treaty Organization", "partner", "1992", "confirmed")
    ]
    assert analyst[0]["where"].startswith("test analyst: https://www.nato.int/")


def test_curation_mistakes_are_one_line_errors(corpus: Path, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    assert "no fact" in fail(
        "curate", "reject", "commitment/aukus_cyber/nope", "--reason", "x", "--graph", str(graph)
    )
    assert "not a fact" in fail("curate", "reject", "Japan", "--reason", "x", "--graph", str(graph))
    assert "no state or forum" in fail(
        "curate",
        "add",
        "commitment",
        "--actor",
        "Atlantis",
        "--concern",
        "cyber",
        "--type",
        "cooperate",
        "--source",
        "s",
        "--note",
        "n",
        "--graph",
        str(graph),
    )
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    said = fail("build", str(corpus), "--out", str(graph), "--curation", str(bad))
    assert str(bad) in said and said.count("\n") == 1
    assert "no such curation file" in fail(
        "build", str(corpus), "--out", str(graph), "--curation", str(tmp_path / "missing.ttl")
    )
    result = CliRunner().invoke(main, ["curate", "reject", "x", "--graph", str(graph)])
    assert result.exit_code == 2 and "--reason" in result.output


def test_the_curation_file_is_readable_turtle_with_prov(tmp_path: Path):
    curation = CurationFile(tmp_path / "curation.ttl")
    fact = URIRef("https://w3id.org/seckg/id/commitment/doc/abc")
    curation.decide(fact, "rejected", "why", "d1", by="Ana", at="2026-01-02T03:04:05Z")
    curation.decide(fact, "confirmed", "checked again", "d1", by="Ben", at="2026-01-03T03:04:05Z")
    curation.save()
    text = (tmp_path / "curation.ttl").read_text(encoding="utf-8")
    assert text.startswith("# seckg curation")
    again = CurationFile.load(tmp_path / "curation.ttl")
    assert [(d.status, d.by) for d in again.decisions()] == [
        ("rejected", "Ana"),
        ("confirmed", "Ben"),
    ]
    assert again.latest()[fact].status == "confirmed"
    assert (None, PROV.wasAssociatedWith, None) in again.graph


ADDITIONS = """\
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/seckg/id/membership/quad/IND/partner/mine> a sec:Membership ;
    org:member <https://w3id.org/seckg/id/state/IND> ;
    org:organization <https://w3id.org/seckg/id/forum/quad> ;
    sec:role <https://w3id.org/seckg/id/role/partner> ;
    prov:wasDerivedFrom <https://example.org/my-notes> .
"""
MINE = "SELECT ?m WHERE { ?m org:member state:IND ; sec:role role:partner }"


@pytest.mark.parametrize("kind", ["file", "store"])
def test_build_takes_turtle_additions_beside_documents(corpus: Path, tmp_path: Path, kind: str):
    additions = tmp_path / "my_additions.ttl"
    additions.write_text(ADDITIONS, encoding="utf-8")
    out = tmp_path / ("graph.ttl" if kind == "file" else "workspace")
    summary = json.loads(
        run("build", str(corpus), str(additions), "--out", str(out), "--format", "json")
    )
    assert summary["documents"] == 1
    assert summary["additions"] == {str(additions): 5}
    assert summary["validation"]["conforms"] is True
    assert [str(r["m"]) for r in select_rows(load_any(out), MINE)] == [
        "https://w3id.org/seckg/id/membership/quad/IND/partner/mine"
    ]


def test_a_broken_additions_file_stops_the_build_before_anything_is_written(
    corpus: Path, tmp_path: Path
):
    graph = tmp_path / "graph.ttl"
    run("build", str(corpus), "--out", str(graph), "-q", "--no-validate")
    before = graph.read_bytes()
    broken = tmp_path / "mine.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    said = fail("build", str(corpus), str(broken), "--out", str(graph))
    assert f"{broken}: not valid turtle: line 1" in said
    assert graph.read_bytes() == before
