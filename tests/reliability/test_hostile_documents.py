"""Hostile and odd documents: special files, bad bytes, HTML in a .txt, unreadable folders,
nothing readable at all. Each is skipped or read with a reason, and the build goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

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
