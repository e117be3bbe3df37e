"""Per-document budgets: a document over its time or memory budget is skipped and named, and
the build goes on."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from seckg.cli import main


def test_a_document_over_the_time_budget_is_skipped_and_named(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "short.txt").write_text("NATO allies condemn cyber attacks.\n")
    paragraph = "NATO and the G7 will cooperate against cyber attacks. Japan condemned piracy. "
    (corpus / "long.txt").write_text("Joint Statement\n\n" + paragraph * 20000)
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(out), "--document-timeout", "0.5", "--no-validate"],
    )
    assert result.exit_code == 0, result.output
    assert "long.txt: skipped: extraction ran past the 0.5 s budget per document" in result.stderr
    assert "1 document(s)" in result.stdout and out.exists()
