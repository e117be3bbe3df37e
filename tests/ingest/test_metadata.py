"""Metadata a user gives: YAML front matter and NAME.meta.yaml sidecars."""

from __future__ import annotations

from pathlib import Path

import pytest

from seckg.ingest import SkippedDocument, read_document

STATEMENT = (
    "Joint Statement on Maritime Security\n\n"
    "The leaders of Japan and the Philippines reaffirmed their commitment to a free and "
    "open Indo-Pacific and agreed to deepen cooperation on maritime domain awareness.\n"
)

FRONT_MATTER = """---
title: Japan-Philippines Joint Statement
date: 2024-07-08
source: https://www.mofa.go.jp/example/statement.html
publisher: Ministry of Foreign Affairs of Japan
language: en
speaker: Prime Minister Kishida
---
"""


def test_front_matter_is_read_and_not_part_of_the_text(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text(FRONT_MATTER + STATEMENT, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Japan-Philippines Joint Statement"
    assert document.date == "2024-07-08" and document.date_source == "metadata"
    assert document.source_url == "https://www.mofa.go.jp/example/statement.html"
    assert document.publisher == "Ministry of Foreign Affairs of Japan"
    assert document.issuer == "Prime Minister Kishida"
    assert "publisher:" not in document.text
    assert document.text.startswith("Joint Statement on Maritime Security")


def test_front_matter_in_markdown(tmp_path: Path):
    path = tmp_path / "statement.md"
    path.write_text(FRONT_MATTER.replace("2024-07-08", "8 July 2024") + "# Heading\n\n" + STATEMENT)
    document = read_document(path)
    assert document.title == "Japan-Philippines Joint Statement"  # over the Markdown heading
    assert document.date == "2024-07-08"


def test_a_sidecar_wins_over_front_matter_and_text(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text(FRONT_MATTER + "Tokyo, 1 January 2020 — " + STATEMENT, encoding="utf-8")
    (tmp_path / "statement.meta.yaml").write_text("date: 2024-07-09\npublisher: Kantei\n")
    document = read_document(path)
    assert document.date == "2024-07-09"
    assert document.publisher == "Kantei"
    assert document.title == "Japan-Philippines Joint Statement"  # the rest from front matter


def test_a_sidecar_may_name_the_full_file_name(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    (tmp_path / "statement.txt.meta.yaml").write_text("date: 2024-07-08\n")
    assert read_document(path).date == "2024-07-08"


def test_unknown_keys_and_bad_values_become_notes(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text(
        "---\ndate: last week\nsource: not a url\nlanguage: English\nauthors: me\n---\n" + STATEMENT
    )
    document = read_document(path)
    assert document.date is None and document.source_url is None
    assert document.language == "en"
    assert len(document.notes) == 3
    assert any("unknown key 'authors'" in note for note in document.notes)
    assert any("date 'last week' is not a day" in note for note in document.notes)


def test_broken_yaml_skips_the_document_with_line_and_column(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text("---\ntitle: [unclosed\ndate: 2024-07-08\n---\n" + STATEMENT)
    with pytest.raises(SkippedDocument, match=r"front matter is not valid YAML at line \d+"):
        read_document(path)
    sidecar = tmp_path / "other.meta.yaml"
    (tmp_path / "other.txt").write_text(STATEMENT)
    sidecar.write_text("- a list\n- not a mapping\n")
    with pytest.raises(SkippedDocument, match=r"other\.meta\.yaml must be a mapping"):
        read_document(tmp_path / "other.txt")


def test_a_text_declared_in_another_language_is_skipped(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text("---\nlanguage: de\n---\n" + STATEMENT)
    with pytest.raises(SkippedDocument, match="declared language 'de'"):
        read_document(path)
