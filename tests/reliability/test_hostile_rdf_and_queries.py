"""Hostile or broken RDF and queries: refused before parsing, or one line with line and column;
what a spreadsheet would run is neutralised; a runaway query stops."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli import main


def _query(*arguments: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["query", *arguments], input=stdin)


def test_rdf_xml_entities_are_refused_not_expanded(tmp_path: Path):
    from conftest import write_entity_bomb

    bomb = write_entity_bomb(tmp_path / "bomb.rdf")
    result = _query("--query", "ASK {}", "--graph", str(bomb))
    assert result.exit_code == 2 and "DTD entities" in result.stderr


def test_csv_and_tsv_cells_cannot_become_formulas(tmp_path: Path):
    graph = tmp_path / "evil.ttl"
    graph.write_text(
        '<http://e/d> <http://e/t> "=HYPERLINK(\\"http://evil\\")" , "@SUM(A1)" , "plain" ;'
        " <http://e/n> -5 .\n"
    )
    text = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)"
    csv_out = _query("--query", text, "--graph", str(graph), "--format", "csv").stdout
    assert "'=HYPERLINK" in csv_out and "'@SUM(A1)" in csv_out
    assert "-5" in csv_out.splitlines()  # a number stays a number
    tsv_out = _query("--query", text, "--graph", str(graph), "--format", "tsv").stdout
    assert "\"'=HYPERLINK" in tsv_out and '"\'@SUM(A1)"' in tsv_out and '"plain"' in tsv_out
    exact = _query("--query", text, "--graph", str(graph), "--format", "csv", "--exact").stdout
    assert "\n=HYPERLINK" in exact.replace('"', "")


@pytest.mark.parametrize(
    ("suffix", "text", "where"),
    [
        (".ttl", "@prefix ex: <http://ex/> .\nex:a ex:b ex:c ex:d .\n", "line 2, column"),
        (
            ".nt",
            '<http://a> <http://b> <http://c> .\n<http://a> <http://b> "x .\n',
            "line 2, column",
        ),
        (
            ".nq",
            '<http://a> <http://b> <http://c> .\n<http://a> <http://b> "x .\n',
            "line 2, column",
        ),
        (".jsonld", '{\n  "@id": "http://a",\n  "http://b": [\n', "line 4 column 1"),
    ],
)
def test_a_syntax_error_is_one_line_with_its_position(tmp_path: Path, suffix, text, where):
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text)
    for command in (["validate", "--graph", str(bad)], ["evaluate", "--graph", str(bad)]):
        if command[0] == "evaluate":
            command += ["--gold", str(tmp_path)]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert f"bad{suffix}: not valid" in result.stderr and where in result.stderr
        assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output


def test_a_long_literal_in_n_triples_is_read_in_linear_time(tmp_path: Path):
    """One 2 MB literal reads about as fast as 2 MB of small triples (rdflib's N-Triples
    parser took 17 s over it: quadratic). A ratio, not a time: the machines are noisy."""
    from seckg.store import load_graph

    long_literal = tmp_path / "long.nt"
    long_literal.write_text(f'<http://ex/a> <http://ex/b> "{"x" * 2_000_000}" .\n')
    many = tmp_path / "many.nt"
    many.write_text("".join(f'<http://ex/s{n}> <http://ex/p> "{n:080}" .\n' for n in range(18_000)))

    def seconds(path: Path) -> float:
        started = time.perf_counter()
        graph = load_graph(path)
        assert len(graph)
        return time.perf_counter() - started

    assert seconds(long_literal) < 3 * seconds(many) + 0.05
    assert len(str(next(iter(load_graph(long_literal)))[2])) == 2_000_000


def test_query_mistakes_on_a_store_are_one_line(tmp_path: Path):
    from seckg import resources
    from seckg.build import build, input_files

    workspace = tmp_path / "ws"
    build(workspace, input_files([resources.corpus_dir()]), validate=False)
    binary = tmp_path / "binary.rq"
    binary.write_bytes(bytes(range(256)))
    cases = [
        (["query", str(binary), "--store", str(workspace)], "binary.rq: not a UTF-8 text file"),
        (
            ["query", "forums_of_state", "--store", str(workspace), "-p", "state=<http://a b>"],
            "not a valid absolute IRI",
        ),
    ]
    for args, message in cases:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and message in result.stderr, result.output
        assert result.stderr.strip().count("\n") == 0


def test_a_runaway_query_stops_at_the_timeout_by_default_too(tmp_path: Path, seed_graph_file):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = _query("--query", runaway, "--graph", str(seed_graph_file), "--timeout", "1")
    assert result.exit_code == 3 and "1 s time limit" in result.stderr
    timeout = next(p for p in main.commands["query"].params if p.name == "timeout")
    assert timeout.default == 600.0  # generous, but there is one
