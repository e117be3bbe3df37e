"""The command line through click's CliRunner: help, errors as one line, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
COMMANDS = [
    "build",
    "evaluate",
    "query",
    "validate",
    "serve",
    "analyze",
    "export",
    "reference",
]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"seckg {command}" in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("seckg, version")


def test_build_writes_turtle_and_reports(runner, tmp_path: Path, forums_without_members):
    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["build", str(FIXTURES), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 3 and summary["skipped"] == 0
    # the only warnings: reference forums whose members the data does not list yet
    assert summary["validation"] == {
        "conforms": True,
        "violations": 0,
        "warnings": len(forums_without_members),
    }
    assert out.read_text().startswith("@prefix")


def test_build_prints_the_validation_line_unless_told_not_to(runner, tmp_path: Path):
    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["build", str(FIXTURES), "--out", str(out)])
    assert result.exit_code == 0 and "validation: conforms" in result.stdout
    result = runner.invoke(main, ["build", str(FIXTURES), "--out", str(out), "--no-validate"])
    assert result.exit_code == 0 and "validation" not in result.stdout


def test_build_skips_bad_files_and_goes_on(runner, tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text("The G7 condemned cyber attacks on hospitals.")
    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["build", str(tmp_path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0
    assert "empty.txt: skipped: empty file" in result.stderr
    assert out.exists()


def test_build_summary_names_each_skipped_file_and_what_was_passed_over(runner, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    statement = "Statement\n\nThe G7 condemned cyber attacks on hospitals and power grids.\n"
    (corpus / "good.txt").write_text("Tokyo, 3 May 2024 — " + statement)
    (corpus / "copy.txt").write_text("Tokyo, 3 May 2024 — " + statement)
    (corpus / "undated.md").write_text(statement.replace("G7", "NATO"))
    (corpus / "empty.txt").write_text("")
    (corpus / "bad.meta.yaml").write_text("title: [unclosed\n")
    (corpus / "bad.txt").write_text(statement.replace("G7", "Quad"))
    for n in range(3):
        (corpus / f"notes_{n}.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "g.ttl"
    result = runner.invoke(
        main, ["build", str(corpus), "--out", str(out), "--format", "json", "--no-validate"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    reasons = {Path(item["path"]).name: item["reason"] for item in summary["skipped_files"]}
    assert reasons.keys() == {"empty.txt", "bad.txt"}
    assert reasons["empty.txt"] == "empty file"
    assert "metadata file bad.meta.yaml is not valid YAML at line 2" in reasons["bad.txt"]
    assert summary["ignored_extensions"] == {".docx": 3}
    assert summary["documents"] == 2 and summary["undated"] == 1
    assert summary["undated_documents"] == ["undated"]
    assert summary["duplicates"] == {"copy": [str(corpus / "good.txt")]}
    assert result.stderr.count(".docx") == 1 and "3 .docx file(s) not read" in result.stderr
    assert "good.txt: the same bytes as document 'copy', read once" in result.stderr

    text = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-validate"])
    assert "1 document(s) without a date" in text.stdout


def test_build_with_nothing_readable_fails_and_keeps_the_old_output(runner, tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "g.ttl"
    out.write_text("previous graph")
    result = runner.invoke(main, ["build", str(tmp_path / "empty.txt"), "--out", str(out)])
    assert result.exit_code == 2
    assert "nothing could be read" in result.stderr
    assert out.read_text() == "previous graph"
    assert "Traceback" not in result.output


def test_missing_input_is_one_line(runner, tmp_path: Path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "g")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file or folder" in result.stderr


def test_graph_syntax_error_is_one_line_with_position(runner, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c ex:d .\n")
    result = runner.invoke(main, ["validate", "--graph", str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl: not valid turtle: line 2, column" in result.stderr


def test_evaluate_table_and_json(runner, seed_graph_file: Path):
    gold = Path(__file__).parent.parent.parent / "shared" / "gold"
    if not gold.is_dir():
        pytest.skip("../shared/gold not present")
    result = runner.invoke(main, ["evaluate", "--graph", str(seed_graph_file), "--gold", str(gold)])
    assert result.exit_code == 0 and "overall" in result.output
    result = runner.invoke(
        main,
        [
            "evaluate",
            "--graph",
            str(seed_graph_file),
            "--gold",
            str(gold),
            "--format",
            "json",
            "--per-document",
        ],
    )
    data = json.loads(result.output)
    assert set(data["kinds"]) == {
        "forums",
        "states",
        "threats",
        "initiatives",
        "memberships",
        "commitments",
    }
    assert data["overall"]["f1"] >= 0.85
    assert all(kind["f1"] >= 0.7 for kind in data["kinds"].values())


def test_validate_exit_codes(runner, seed_graph_file: Path, tmp_path: Path):
    result = runner.invoke(main, ["validate", "--graph", str(seed_graph_file), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["conforms"] is True
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix sec: <https://w3id.org/seckg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/seckg/id/state/XX> a sec:State ; rdfs:label "X" ; sec:iso3 "xx" .\n'
    )
    report = tmp_path / "report.ttl"
    result = runner.invoke(
        main, ["validate", "--graph", str(broken), "--format", "turtle", "--report", str(report)]
    )
    assert result.exit_code == 1
    assert "sh:ValidationReport" in report.read_text()
    assert result.stdout.strip().count("\n") == 0 and "1 violation;" in result.stdout


def test_validate_fail_on_warning_and_report_formats(runner, tmp_path: Path):
    curated = tmp_path / "curated.ttl"
    curated.write_text(
        "@prefix sec: <https://w3id.org/seckg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        '<https://example.org/f> a sec:Forum ; rdfs:label "Harbour Forum" .\n'
        '<https://example.org/i> a sec:Initiative ; rdfs:label "Harbour Watch" ;\n'
        "  sec:launchedBy <https://example.org/f> ; prov:wasDerivedFrom <https://example.org/n> .\n"
    )
    assert runner.invoke(main, ["validate", "--graph", str(curated)]).exit_code == 0
    result = runner.invoke(main, ["validate", "--graph", str(curated), "--fail-on", "warning"])
    assert result.exit_code == 1 and "WARNING  Initiative of a known forum" in result.stdout
    for output_format, marker in [("markdown", "## Warning:"), ("html", "<!DOCTYPE html>")]:
        report = tmp_path / f"report.{output_format}"
        args = ["validate", "--graph", str(curated), "--format", output_format]
        result = runner.invoke(main, [*args, "--report", str(report)])
        assert result.exit_code == 0 and marker in report.read_text()
