"""Exports: GEXF that reads back with attributes and times, GraphML, CSV pair, JSON-LD."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib import Graph

from conftest import TEST_PREFIXES
from seckg.cli import main

GEXF = "{http://www.gexf.net/1.2draft}"
GEXF_SCHEMA = Path(__file__).parent.parent / "fixtures" / "gexf" / "gexf.xsd"


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(GEXF_SCHEMA)))


@pytest.fixture(scope="module")
def gexf_file(seed_graph_file: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "cooperation.gexf"
    result = CliRunner().invoke(
        main, ["export", "--graph", str(seed_graph_file), "--format", "gexf", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_gexf_reads_back_with_attributes_and_times(gexf_file: Path):
    network = nx.read_gexf(gexf_file)
    sweden = network.nodes["https://w3id.org/seckg/id/state/SWE"]
    assert sweden["label"] == "Sweden" and sweden["type"] == "State" and sweden["iso3"] == "SWE"
    assert isinstance(sweden["community"], int) and sweden["pagerank"] > 0
    assert sweden["viz"]["color"] == {"r": 0, "g": 114, "b": 178, "a": 1.0}
    assert network.is_directed() and network.is_multigraph()
    (edge,) = network.get_edge_data(
        "https://w3id.org/seckg/id/state/SWE", "https://w3id.org/seckg/id/forum/nato"
    ).values()
    assert edge["kind"] == "membership" and edge["spells"] == [(2024, datetime.date.today().year)]
    assert not network.has_edge(
        "https://w3id.org/seckg/id/forum/nato", "https://w3id.org/seckg/id/state/SWE"
    )
    g7 = network.nodes["https://w3id.org/seckg/id/forum/g7"]
    assert g7["type"] == "Forum" and g7["acronym"] == "G7"


@pytest.mark.parametrize("network", ["full", "shared-commitments", "forum-forum"])
def test_gexf_is_valid_against_the_schema(
    network: str, seed_graph_file: Path, tmp_path: Path, gexf_schema: etree.XMLSchema
):
    out = tmp_path / f"{network}.gexf"
    result = CliRunner().invoke(
        main,
        ["export", "--graph", str(seed_graph_file), "--network", network, "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    document = etree.parse(str(out))
    assert gexf_schema.validate(document), gexf_schema.error_log.last_error


def test_gexf_schema_rejects_what_gephi_would_not_read(gexf_file: Path, gexf_schema):
    document = etree.parse(str(gexf_file))
    document.getroot().find(f"{GEXF}graph").set("name", "not in GEXF 1.2")
    assert not gexf_schema.validate(document)
    document = etree.parse(str(gexf_file))
    document.getroot().find(f"{GEXF}graph").set("timeformat", "long")
    assert not gexf_schema.validate(document)


def test_gexf_structure_follows_the_1_2_format(gexf_file: Path):
    root = ET.parse(gexf_file).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "integer"
    declared = {a.get("title"): a.get("type") for a in graph.iter(f"{GEXF}attribute")}
    assert declared["type"] == "string" and declared["pagerank"] == "double"
    ids = [n.get("id") for n in graph.iter(f"{GEXF}node")]
    assert len(ids) == len(set(ids))
    for edge in graph.iter(f"{GEXF}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids


def test_graphml_csv_and_jsonld(seed_graph_file: Path, tmp_path: Path):
    runner = CliRunner()
    graphml = tmp_path / "s.graphml"
    result = runner.invoke(
        main,
        [
            "export",
            "--graph",
            str(seed_graph_file),
            "--network",
            "shared-commitments",
            "--basis",
            "via-forum",
            "--format",
            "graphml",
            "--out",
            str(graphml),
        ],
    )
    assert result.exit_code == 0, result.output
    network = nx.read_graphml(graphml)
    assert network.nodes["https://w3id.org/seckg/id/state/JPN"]["label"] == "Japan"

    tables = tmp_path / "tables"
    runner.invoke(
        main, ["export", "--graph", str(seed_graph_file), "--format", "csv", "--out", str(tables)]
    )
    nodes = list(csv.DictReader((tables / "nodes.csv").open()))
    edges = list(csv.DictReader((tables / "edges.csv").open()))
    assert {"Id", "Label", "type"} <= set(nodes[0]) and {
        "Source",
        "Target",
        "Type",
        "Weight",
    } <= set(edges[0])
    assert any(n["Label"] == "Indo-Pacific Four" for n in nodes)

    jsonld = tmp_path / "g.jsonld"
    runner.invoke(
        main,
        ["export", "--graph", str(seed_graph_file), "--format", "jsonld", "--out", str(jsonld)],
    )
    assert len(Graph().parse(jsonld, format="json-ld")) == len(Graph().parse(seed_graph_file))


def test_failed_export_keeps_the_old_file(seed_graph_file: Path, tmp_path: Path):
    out = tmp_path / "taken.txt"
    out.write_text("keep me")
    result = CliRunner().invoke(
        main, ["export", "--graph", str(seed_graph_file), "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 2 and "is a folder" in result.stderr
    assert out.read_text() == "keep me"


def test_analyze_json_and_plot(seed_graph_file: Path, tmp_path: Path):
    plot = tmp_path / "network.png"
    result = CliRunner().invoke(
        main, ["analyze", "--graph", str(seed_graph_file), "--format", "json", "--plot", str(plot)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["basis"] == "stated"
    central = report["actors"]["central"][0]
    assert central["label"] == "Quadrilateral Security Dialogue"
    assert central["iri"] == "https://w3id.org/seckg/id/forum/quad"
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_analyze_table_with_window(seed_graph_file: Path):
    result = CliRunner().invoke(
        main, ["analyze", "--graph", str(seed_graph_file), "--since", "2024"]
    )
    assert result.exit_code == 0
    assert "North Atlantic Treaty Organization" in result.output
    assert "Association of Southeast Asian Nations" not in result.output.split("States sharing")[0]


def _export(graph: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(
        main, ["export", "--graph", str(graph), "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("output_format", ["gexf", "graphml", "json"])
def test_two_exports_give_the_same_bytes(seed_graph_file: Path, tmp_path: Path, output_format):
    one, two = tmp_path / f"one.{output_format}", tmp_path / f"two.{output_format}"
    _export(seed_graph_file, one, "--format", output_format)
    _export(seed_graph_file, two, "--format", output_format)
    assert one.read_bytes() == two.read_bytes()


def test_csv_pair_has_time_intervals_and_no_year_zero(seed_graph_file: Path, tmp_path: Path):
    _export(seed_graph_file, tmp_path / "a", "--format", "csv", "--network", "actor-forum")
    _export(seed_graph_file, tmp_path / "b", "--format", "csv", "--network", "actor-forum")
    assert (tmp_path / "a" / "edges.csv").read_bytes() == (
        tmp_path / "b" / "edges.csv"
    ).read_bytes()
    edges = list(csv.DictReader((tmp_path / "a" / "edges.csv").open()))
    assert all(e["since"] != "0" and e["until"] != "0" for e in edges)
    ids = {"https://w3id.org/seckg/id/state/SWE", "https://w3id.org/seckg/id/forum/nato"}
    sweden = next(e for e in edges if {e["Source"], e["Target"]} == ids)
    assert sweden["since"] == "2024" and sweden["until"] == ""
    assert re.fullmatch(r"<\[2024,\d{4}\]>", sweden["Time Interval"])
    undated = [e for e in edges if not e["since"]]
    assert undated and all(e["Time Interval"] == "" for e in undated)


def test_json_export_keeps_iris_and_lists(seed_graph_file: Path, tmp_path: Path):
    out = tmp_path / "actors.json"
    _export(seed_graph_file, out, "--format", "json", "--network", "actors", "--basis", "via-forum")
    network = json.loads(out.read_text())
    assert network["basis"] == "via-forum" and not network["directed"]
    assert all(n["id"].startswith("https://w3id.org/seckg/id/") for n in network["nodes"])
    edge = network["edges"][0]
    assert isinstance(edge["concerns"], list) and isinstance(edge["documents"], list)
    assert edge["basis"] in ("stated", "via forum")


def test_plot_labels_every_community_without_overlap(seed_graph: Graph, tmp_path: Path):
    from seckg.network import load_facts
    from seckg.network.plot import plot_actor_network

    facts = load_facts(seed_graph)
    drawing = plot_actor_network(facts, tmp_path / "n.png", basis="via-forum")
    boxes = list(drawing.labels.values())
    assert len(boxes) >= 5
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert drawing.unlabelled_communities == 0
    assert any(text.startswith("community 0: ") for text in drawing.legend)
    assert "stated ties and ties inherited through forums" in drawing.title
    assert "4 documents" in drawing.title


NODE = shutil.which("node")
NPM = shutil.which("npm")


@pytest.fixture(scope="module")
def graphology(tmp_path_factory) -> Path:
    """graphology-gexf from npm, an independent GEXF reader (skipped without node or npm)."""
    if not (NODE and NPM):
        pytest.skip("node and npm are not installed")
    folder = tmp_path_factory.mktemp("graphology")
    installed = subprocess.run(
        [
            NPM,
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "graphology@0.25",
            "graphology-gexf@0.13",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if installed.returncode != 0:
        pytest.skip(f"npm could not install graphology-gexf: {installed.stderr[-300:]}")
    return folder


def test_an_independent_reader_reads_the_gexf(graphology: Path, gexf_file: Path):
    script = """
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const text = fs.readFileSync(process.argv[1], 'utf-8');
const graph = gexf.parse(Graph, text, {allowUndeclaredAttributes: true});
const sweden = graph.getNodeAttributes('https://w3id.org/seckg/id/state/SWE');
console.log(JSON.stringify({order: graph.order, size: graph.size, type: graph.type,
  multi: graph.multi, label: sweden.label, kind: sweden.type}));
"""
    result = subprocess.run(
        [NODE, "-e", script, str(gexf_file)],
        cwd=graphology,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout)
    ours = nx.read_gexf(gexf_file)
    assert read["order"] == ours.number_of_nodes() and read["size"] == ours.number_of_edges()
    assert read["type"] == "directed" and read["multi"]
    assert read["label"] == "Sweden" and read["kind"] == "State"


TIME_VARYING = (
    TEST_PREFIXES
    + """
x:F a sec:Forum ; rdfs:label "F" .
x:A a sec:State ; rdfs:label "A" .
x:o a sec:Membership ; org:member x:A ; org:organization x:F ; sec:role role:observer ;
    sec:since "2015"^^xsd:gYear ; sec:until "2019"^^xsd:gYear .
x:m a sec:Membership ; org:member x:A ; org:organization x:F ; sec:role role:member ;
    sec:since "2020"^^xsd:gYear ; sec:until "2024"^^xsd:gYear .
x:d1 a sec:Document ; dcterms:identifier "d1" ; dcterms:date "2021-03-01"^^xsd:date .
x:d2 a sec:Document ; dcterms:identifier "d2" ; dcterms:date "2023-03-01"^^xsd:date .
x:c1 a sec:Commitment ; sec:actor x:A ; sec:concerns threat:cyber ; sec:statedIn x:d1 ;
    sec:commitmentType ct:condemn .
x:c2 a sec:Commitment ; sec:actor x:A ; sec:concerns threat:cyber ; sec:statedIn x:d2 ;
    sec:commitmentType ct:condemn .
x:c3 a sec:Commitment ; sec:actor x:A ; sec:concerns threat:cyber ; sec:statedIn x:d2 ;
    sec:commitmentType ct:condemn .
"""
)


def test_gexf_values_that_change_over_time_are_time_varying(
    tmp_path: Path, gexf_schema: etree.XMLSchema
):
    """A is an observer of F in 2015-2019 and a member in 2020-2024; it condemns cyber attacks
    once in 2021 and twice in 2023: the role and the yearly count are GEXF dynamic attributes."""
    from seckg.reference import ontology_graph

    source = tmp_path / "small.ttl"
    (Graph().parse(data=TIME_VARYING, format="turtle") + ontology_graph()).serialize(source)
    out = tmp_path / "small.gexf"
    result = CliRunner().invoke(main, ["export", "--graph", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert gexf_schema.validate(etree.parse(str(out))), gexf_schema.error_log.last_error
    network = nx.read_gexf(out)
    test = "https://w3id.org/seckg/id/test/"
    assert not network.is_multigraph()  # one edge per pair here: networkx reads a DiGraph
    membership = network.edges[test + "A", test + "F"]
    assert membership["role"] == "member" and membership["spells"] == [(2015, 2019), (2020, 2024)]
    assert membership["role_history"] == [("observer", 2015, 2019), ("member", 2020, 2024)]
    commitment = network.edges[test + "A", "https://w3id.org/seckg/id/threat/cyber"]
    assert commitment["commitments_by_year"] == [(1, 2021, 2021), (2, 2023, 2023)]
    assert commitment["weight"] == 3 and commitment["document_count"] == 2
    csv_folder = tmp_path / "tables"
    result = CliRunner().invoke(
        main, ["export", "--graph", str(source), "--format", "csv", "--out", str(csv_folder)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((csv_folder / "edges.csv").open(encoding="utf-8")))
    assert {r["yearly_commitments"] for r in rows if r["kind"] == "commitment"} == {
        "2021: 1; 2023: 2"
    }
