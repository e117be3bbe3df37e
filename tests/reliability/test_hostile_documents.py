"""Hostile and odd documents: special files, bad bytes, HTML in a .txt, unreadable folders,
nothing readable at all. Each is skipped or read with a reason, and the build goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli import main
from seckg.ingest import (
    SkippedDocument,
    read_document,
)


def test_special_files_are_skipped_not_read(tmp_path: Path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block for ever
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(SkippedDocument, match="not a regular file"):
            read_document(path)


def test_when_every_input_is_skipped_each_reason_is_given(tmp_path: Path):
    import os

    from click.testing import CliRunner

    from seckg.cli import main

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(fifo), str(empty), "--out", str(out), "-q"])
    assert result.exit_code == 2 and not out.exists()
    line = result.stderr.strip().splitlines()[-1]
    assert "pipe.txt: skipped: not a regular file" in line and "empty.txt" in line


def test_one_bad_byte_keeps_a_utf8_file_utf8(tmp_path: Path):

    text = "NATO’s allies — said “we stand together” on Tuesday in Vilnius.\n" * 30
    raw = text.encode("utf-8")
    path = tmp_path / "one_bad_byte.txt"
    path.write_bytes(raw[:200] + b"\xff" + raw[200:])
    decoded = read_document(path).text
    assert "“we stand together”" in decoded and "\ufffd" in decoded and "â€" not in decoded


def test_windows_1252_and_utf16_without_bom(tmp_path: Path):

    text = "NATO’s allies — said “we stand together” on Tuesday in Vilnius.\n" * 30
    for name, raw in [
        ("cp1252.txt", text.encode("cp1252")),
        ("le.txt", text.encode("utf-16-le")),
        ("be.txt", text.encode("utf-16-be")),
    ]:
        path = tmp_path / name
        path.write_bytes(raw)
        assert "“we stand together”" in read_document(path).text, name


def test_a_txt_that_is_really_html_is_read_as_html(tmp_path: Path):
    from seckg.ingest import looks_like_html

    page = tmp_path / "saved_page.txt"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>G7 Leaders' Statement</title>"
        "<script>alert(1)</script></head><body><p>We, the Leaders of the G7, condemn cyber "
        "attacks by hostile actors and will cooperate against disinformation.</p></body></html>"
    )
    document = read_document(page)
    assert document.title == "G7 Leaders' Statement"
    assert "<" not in document.text and "alert" not in document.text
    assert "condemn cyber attacks" in document.text
    assert not looks_like_html("NATO <-> Russia relations: a < b and c > d.")


def test_an_unreadable_sub_folder_is_named_and_the_rest_is_built(tmp_path: Path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "secret.txt").write_text("NATO allies condemn cyber attacks.\n")
    (corpus / "open.txt").write_text("The G7 condemned cyber attacks on hospitals.\n")
    if os.geteuid() == 0:  # root reads any folder: make listing this one fail as it would
        real_iterdir = Path.iterdir

        def iterdir(self):
            if self.name == "locked":
                raise PermissionError(13, "Permission denied", str(self))
            return real_iterdir(self)

        monkeypatch.setattr(Path, "iterdir", iterdir)
    else:
        (corpus / "locked").chmod(0)
    try:
        out = tmp_path / "g.ttl"
        args = ["build", str(corpus), "--out", str(out), "--no-validate", "--format", "json"]
        result = CliRunner().invoke(main, args)
    finally:
        (corpus / "locked").chmod(0o755)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1
    assert summary["skipped_files"] == [
        {"path": str(corpus / "locked"), "reason": "folder cannot be read (Permission denied)"}
    ]
    assert "locked: skipped: folder cannot be read (Permission denied)" in result.stderr


def test_a_file_that_cannot_be_opened_is_skipped_in_a_store_build(tmp_path: Path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "open.txt").write_text("The G7 condemned cyber attacks on hospitals.\n")
    locked = corpus / "locked.txt"
    locked.write_text("NATO allies condemn cyber attacks.\n")
    if os.geteuid() == 0:  # root opens any file: make opening this one fail as it would
        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    else:
        locked.chmod(0)
    args = ["build", str(corpus), "--store", str(tmp_path / "ws"), "--no-validate", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "locked.txt: skipped: cannot be read (Permission denied)" in result.stderr
    assert "Traceback" not in result.output
