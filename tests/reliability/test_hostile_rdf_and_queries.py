"""Hostile or broken RDF and queries: refused before parsing, or one line with line and column;
what a spreadsheet would run is neutralised; a runaway query stops."""

from __future__ import annotations

from pathlib import Path

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
