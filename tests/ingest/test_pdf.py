"""PDFs made by the test (reportlab), read page by page, pages kept in provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from seckg.build import build_graph
from seckg.ingest import SkippedDocument, read_document
from seckg.namespaces import SEC

pytest.importorskip("reportlab")

PAGES = [
    [
        "Joint Statement of the Quad Leaders",
        "Wilmington, 21 September 2024",
        "The leaders of Australia, India, Japan and the United States met today.",
        "They discussed the situation in the region and the work of the past year.",
    ],
    [
        "The Quad leaders committed to counter cyber threats to critical infrastructure.",
        "They agreed to meet again in India next year.",
    ],
]


def make_pdf(path: Path, pages: list[list[str]], encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    pdf.setTitle("Quad Leaders' Joint Statement")
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, 810, "THE WHITE HOUSE | Briefing Room")  # running header
        pdf.drawString(300, 30, str(number))  # page number
        pdf.setFont("Helvetica", 11)
        y = 760
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def test_pages_are_read_without_running_headers_and_numbers(tmp_path: Path):
    document = read_document(make_pdf(tmp_path / "quad.pdf", PAGES))
    assert document.title == "Quad Leaders' Joint Statement"
    assert document.date == "2024-09-21"
    assert "Briefing Room" not in document.text
    assert len(document.pages) == 2
    second = document.text.index("The Quad leaders committed")
    assert document.page_at(second) == 2
    assert document.page_at(document.text.index("Wilmington")) == 1


def test_the_page_of_each_evidence_sentence_is_in_the_graph(tmp_path: Path):
    graph = build_graph([make_pdf(tmp_path / "quad.pdf", PAGES)]).graph
    pages = {
        str(sentence): int(page)
        for item, sentence in graph.subject_objects(SEC.evidence)
        for page in graph.objects(item, SEC.evidencePage)
    }
    committed = [s for s in pages if s.startswith("The Quad leaders committed")]
    assert committed and all(pages[s] == 2 for s in committed)
    page = next(graph.objects(None, SEC.evidencePage))
    assert isinstance(page, Literal) and page.datatype == XSD.positiveInteger
    assert (None, SEC.statedIn, URIRef("https://w3id.org/seckg/id/document/quad")) in graph


def test_a_pdf_is_found_by_its_bytes_whatever_its_name(tmp_path: Path):
    source = make_pdf(tmp_path / "quad.pdf", PAGES)
    renamed = tmp_path / "quad.txt"
    renamed.write_bytes(source.read_bytes())
    assert "committed to counter cyber threats" in read_document(renamed).text


def test_encrypted_and_damaged_pdfs_are_skipped_with_a_reason(tmp_path: Path):
    with pytest.raises(SkippedDocument, match="encrypted PDF"):
        read_document(make_pdf(tmp_path / "locked.pdf", PAGES, encrypt="secret"))
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(SkippedDocument, match=r"damaged PDF|PDF without a text layer"):
        read_document(damaged)


def test_a_pdf_without_text_is_skipped_as_needing_ocr(tmp_path: Path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 300, fill=1)  # an image would do the same: no text layer
    pdf.showPage()
    pdf.save()
    with pytest.raises(SkippedDocument, match="without a text layer"):
        read_document(path)
