"""Per-document budgets: a document over its time or memory budget is skipped and named, and
the build goes on."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.budgets import memory_budget
from seckg.cli import main


def _short_and_long(tmp_path: Path, paragraphs: int) -> Path:
    """A corpus of a one-line document and a long one (`paragraphs` of two sentences)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "short.txt").write_text("NATO allies condemn cyber attacks.\n")
    paragraph = "NATO and the G7 will cooperate against cyber attacks. Japan condemned piracy. "
    (corpus / "long.txt").write_text("Joint Statement\n\n" + paragraph * paragraphs)
    return corpus


def test_a_document_over_the_time_budget_is_skipped_and_named(tmp_path: Path):
    corpus = _short_and_long(tmp_path, paragraphs=20000)
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(out), "--document-timeout", "0.5", "--no-validate"],
    )
    assert result.exit_code == 0, result.output
    assert "long.txt: skipped: extraction ran past the 0.5 s budget per document" in result.stderr
    assert "1 document(s)" in result.stdout and out.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS relative to statm")
def test_a_document_over_the_memory_budget_is_skipped_and_named(tmp_path: Path):
    corpus = _short_and_long(tmp_path, paragraphs=3000)
    out = tmp_path / "g.ttl"
    args = ["build", str(corpus), "--out", str(out), "--no-validate"]
    # in a process of its own: the budget is an address-space limit on the whole process
    result = subprocess.run(
        [sys.executable, "-m", "seckg.cli", *args, "--document-memory", "30"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "long.txt: skipped: extraction ran past the memory budget of 30 MiB" in result.stderr
    assert "1 document(s)" in result.stdout and out.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS relative to statm")
def test_the_memory_budget_fails_an_allocation_and_is_lifted_afterwards():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), memory_budget(20):
        bytearray(200 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    with memory_budget(20):
        small = bytearray(1024 * 1024)  # within the budget
    assert len(small) == 1024 * 1024 and resource.getrlimit(resource.RLIMIT_AS) == before
