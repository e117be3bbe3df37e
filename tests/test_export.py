"""Exports: GEXF that reads back with attributes and times, GraphML, CSV pair, JSON-LD."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib import Graph

from seckg.cli import main

GEXF = "{http://www.gexf.net/1.2draft}"
GEXF_SCHEMA = Path(__file__).parent / "fixtures" / "gexf" / "gexf.xsd"


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
    edge = network.edges[
        "https://w3id.org/seckg/id/state/SWE", "https://w3id.org/seckg/id/forum/nato"
    ]
    assert edge["kind"] == "membership" and edge["start"] == 2024
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
    assert report["shared_commitments"]["central_actors"][0]["label"] == "United States"
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_analyze_table_with_window(seed_graph_file: Path):
    result = CliRunner().invoke(
        main, ["analyze", "--graph", str(seed_graph_file), "--since", "2024"]
    )
    assert result.exit_code == 0
    assert "North Atlantic Treaty Organization" in result.output
    assert "Association of Southeast Asian Nations" not in result.output.split("States sharing")[0]
