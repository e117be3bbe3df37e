"""Bundled queries and `seckg query`: specific rows on the seed graph, parameters, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli import main
from seckg.errors import InputError
from seckg.query import bundled_queries, resolve_query, run_query


def rows(graph, name, **params):
    _, text = resolve_query(name)
    return [
        {str(k): str(v) for k, v in row.asdict().items()}
        for row in run_query(graph, text, name, params)
    ]


def test_every_bundled_query_starts_with_its_question():
    queries = bundled_queries()
    assert len(queries) >= 3
    for query in queries.values():
        text = query.path.read_text()
        assert query.question.endswith((".", "?")), query.name
        assert "Parameters:" in text and "Example:" in text


def test_forums_addressing_wmd(seed_graph):
    found = rows(seed_graph, "forums_addressing_threat", threat="secid:threat/wmd")
    forums = {r["label"] for r in found}
    assert {"Group of Seven", "Association of Southeast Asian Nations"} <= forums


def test_forums_of_japan(seed_graph):
    found = rows(seed_graph, "forums_of_state", state="secid:state/JPN")
    pairs = {(r["forumLabel"], r["role"]) for r in found}
    assert ("Quadrilateral Security Dialogue", "member") in pairs
    assert ("North Atlantic Treaty Organization", "partner") in pairs
    assert ("Group of Seven", "member") in pairs


def test_evidence_for_g7_foreign_interference(seed_graph):
    found = rows(
        seed_graph,
        "evidence_for_forum_threat",
        forum="secid:forum/g7",
        threat="secid:threat/foreign-interference",
    )
    assert any("G7 will not tolerate foreign interference" in r["sentence"] for r in found)
    assert {r["document"] for r in found} == {"003_fe6e21ee433242f3"}


def test_unknown_parameter_lists_the_variables(seed_graph):
    _, text = resolve_query("forums_of_state")
    with pytest.raises(InputError, match=r"unknown parameter 'country'.*state"):
        run_query(seed_graph, text, "forums_of_state", {"country": "x"})


def test_unknown_query_lists_the_bundled_ones():
    with pytest.raises(InputError, match="forums_of_state"):
        resolve_query("no_such_query")


def test_malformed_query_names_the_position(tmp_path: Path, seed_graph):
    with pytest.raises(InputError, match=r"malformed SPARQL.*line"):
        run_query(seed_graph, "SELECT ?x WHERE { ?x ?y }}", "bad")


def test_cli_csv_and_json_follow_w3c_formats(seed_graph_file: Path):
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "query",
            "forums_of_state",
            "--graph",
            str(seed_graph_file),
            "-p",
            "state=secid:state/KOR",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert any(r["forumLabel"] == "Indo-Pacific Four" for r in table)
    result = runner.invoke(
        main,
        [
            "query",
            "forums_of_state",
            "--graph",
            str(seed_graph_file),
            "-p",
            "state=secid:state/KOR",
            "--format",
            "json",
        ],
    )
    data = json.loads(result.output)
    assert data["head"]["vars"][0] == "state" and data["results"]["bindings"]


def test_cli_list(seed_graph_file: Path):
    result = CliRunner().invoke(main, ["query", "--list", "--format", "json"])
    assert "forums_of_state" in json.loads(result.output)
