"""Reading documents: encodings, bad files, boilerplate, title, date, URL, HTML and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from seckg.ingest import (
    SkippedDocument,
    discover_all,
    find_date,
    find_title,
    load_boilerplate,
    read_document,
    strip_boilerplate,
)

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
TEXT = "Ministers of the Pacific met in Suva.\n\nThe ministers condemned cyber attacks on ports.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
def test_encodings_are_read(tmp_path: Path, encoding: str):
    path = tmp_path / "doc.txt"
    text = (
        "Côte d’Ivoire and Türkiye signed a €5 accord."
        if encoding not in ("latin-1",)
        else "Côte d'Ivoire and Türkiye signed an accord."
    )
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert text in document.text
    assert not document.text.startswith("\ufeff")


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"12345 67890 ... !!!", "no readable text"),
    ],
)
def test_unusable_files_are_skipped_with_a_reason(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SkippedDocument, match=reason) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_oversized_file_is_skipped(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(SkippedDocument, match="too large"):
        read_document(path, max_bytes=100)


def test_boilerplate_and_comment_section_are_removed():
    text = (
        "Print article\nShare Us\nThe ministers condemned cyber attacks.\n\nLeave a Reply\n"
        "Your email address will not be published.\nSpam comment about cyber.\n"
    )
    cleaned = strip_boilerplate(text, load_boilerplate())
    assert cleaned.strip() == "The ministers condemned cyber attacks."


def test_repeated_headline_is_kept_once():
    text = "Big Headline Here\n\nBig Headline Here\n\nBody sentence one.\n"
    assert strip_boilerplate(text, load_boilerplate()).count("Big Headline Here") == 1


@pytest.mark.parametrize(
    "line,expected",
    [
        ("06 Jul 2024", "2024-07-06"),
        ("July 31, 2019 5:56 PM GMT+7", "2019-07-31"),
        ("Published 2023-11-02", "2023-11-02"),
        ("3rd March 2022", "2022-03-03"),
    ],
)
def test_publication_dates(line: str, expected: str):
    assert find_date(f"Some Headline For The Story\n{line}\nBody text.") == expected


def test_dates_inside_sentences_are_not_publication_dates():
    text = (
        "A headline\n\nThe leaders met after the landslide of May 2024 and the attack of "
        "October 7, 2023, which they condemned in the strongest possible terms today.\n"
    )
    assert find_date(text) is None


def test_title_is_first_headline_like_line():
    assert (
        find_title("SITE NAME\n\nLeaders Agree New Plan On Maritime Security\n\nBody.")
        == "Leaders Agree New Plan On Maritime Security"
    )


def test_markdown_title_date_and_source(tmp_path: Path):
    document = read_document(FIXTURES / "eu_statement.md")
    assert document.title == "EU and NATO step up cooperation on hybrid threats"
    assert document.date == "2026-02-02"
    assert document.source_url == "https://example.org/news/eu-nato-hybrid"
    assert "#" not in document.text.splitlines()[0]


def test_html_main_text_without_navigation_or_footer():
    document = read_document(FIXTURES / "sco_summit.html")
    assert "Regional Anti-Terrorist Structure" in document.text
    assert "Log in" not in document.text and "Copyright" not in document.text
    assert document.title == "SCO leaders vow to fight terrorism"
    assert document.date == "2025-09-01"


def test_identifier_and_hash(tmp_path: Path):
    path = tmp_path / "2024_quad.txt"
    path.write_text(TEXT)
    document = read_document(path)
    assert document.identifier == "2024_quad"
    assert len(document.content_hash) == 64


def test_discover_recurses_and_filters(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(TEXT)
    (tmp_path / "a" / "two.HTML").write_text("<p>x</p>")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "more.docx").write_bytes(b"PK")
    (tmp_path / "one.meta.yaml").write_text("title: x")
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    found = discover_all([tmp_path])
    assert [p.name for p in found.paths] == ["one.txt", "two.HTML", "report.pdf"]
    assert found.ignored == {".docx": 2}  # the sidecar is metadata, not an unknown file


def test_markup_residue_in_plain_text_is_removed(tmp_path):
    from seckg.ingest import read_document

    path = tmp_path / "copied.txt"
    path.write_text(
        "1\\. As our countries—**Australia, Japan, the United\n"
        "Kingdom, **and **the United States**—launched **thePartners in the Blue Pacific (PBP).**\n"
        "The Forum [committed](https://example.org/a?b=c) to act for a 21<sup>st</sup> century.\n"
        "\\###\n"
    )
    text = read_document(path).text
    assert text.startswith("1. As our countries—Australia, Japan, the United\nKingdom, and the ")
    assert "the Partners in the Blue Pacific (PBP)." in text
    assert "The Forum committed to act for a 21st century." in text
    assert "**" not in text and "https" not in text


def test_special_files_are_skipped_not_read(tmp_path: Path):
    import os

    from seckg.ingest import SkippedDocument, read_document

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
    from seckg.ingest import read_document

    text = "NATO’s allies — said “we stand together” on Tuesday in Vilnius.\n" * 30
    raw = text.encode("utf-8")
    path = tmp_path / "one_bad_byte.txt"
    path.write_bytes(raw[:200] + b"\xff" + raw[200:])
    decoded = read_document(path).text
    assert "“we stand together”" in decoded and "\ufffd" in decoded and "â€" not in decoded


def test_windows_1252_and_utf16_without_bom(tmp_path: Path):
    from seckg.ingest import read_document

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
    from seckg.ingest import looks_like_html, read_document

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
