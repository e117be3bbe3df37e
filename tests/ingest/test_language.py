"""Texts that are not English are skipped whole, with the language named."""

from __future__ import annotations

from pathlib import Path

import pytest

from seckg.ingest import SkippedDocument, read_document
from seckg.ingest.language import detect_language

FRENCH = (
    "Les ministres des affaires étrangères du G7 se sont réunis à Capri pour discuter de la "
    "guerre en Ukraine, de la situation au Moyen-Orient et de la sécurité maritime. Ils ont "
    "condamné les attaques contre les infrastructures civiles et se sont engagés à renforcer "
    "leur coopération face aux menaces hybrides et aux cyberattaques."
)
ENGLISH = (
    "The foreign ministers of the G7 met in Capri to discuss the war in Ukraine, the situation "
    "in the Middle East and maritime security. They condemned the attacks on civilian "
    "infrastructure and committed to strengthen their cooperation against hybrid threats."
)


def test_a_french_text_is_skipped_with_its_language(tmp_path: Path):
    path = tmp_path / "communique.txt"
    path.write_text(FRENCH)
    with pytest.raises(SkippedDocument, match=r"not in English: the text is in French \(fr"):
        read_document(path)


def test_english_and_short_texts_are_read(tmp_path: Path):
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language("Bonjour.") is None  # too short to tell: read
    path = tmp_path / "statement.txt"
    path.write_text(ENGLISH)
    assert read_document(path).language == "en"


def test_a_declared_language_is_trusted(tmp_path: Path):
    path = tmp_path / "communique.txt"
    path.write_text("---\nlanguage: en\n---\n" + FRENCH)  # the user says so
    assert read_document(path).language == "en"
