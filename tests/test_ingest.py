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
