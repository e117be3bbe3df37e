"""Validation reports in every format, and the HTML page as a real browser draws it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image
from rdflib import RDF, SH, Graph, Literal

from seckg.report import render
from seckg.store import load_graph
from seckg.validate import Finding, ValidationOutcome, validate_graph

ONE_OF_EACH = Path(__file__).parent / "fixtures" / "validation" / "one_of_each.ttl"


@pytest.fixture(scope="module")
def outcome() -> ValidationOutcome:
    return validate_graph(load_graph(ONE_OF_EACH))


def test_text_groups_by_severity_then_rule(outcome):
    text = render(outcome, "text", "one_of_each.ttl")
    assert text.startswith(
        "Validation of one_of_each.ttl: does not conform: 6 violations, 2 warnings"
    )
    headings = [line for line in text.splitlines() if line.startswith(("VIOLATION", "WARNING"))]
    assert headings[0].startswith("VIOLATION") and headings[-1].startswith("WARNING")
    assert "VIOLATION  Unique ISO code: no two states share an ISO code (2)" in headings
    assert "    from curated-notes: 'The Quad will cooperate on maritime security.'" in text


def test_markdown_has_counts_and_one_row_per_finding(outcome):
    markdown = render(outcome, "markdown", "one_of_each.ttl")
    assert "| 6 | 2 | 0 |" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "&lt;http" in line]
    assert len(rows) == 8
    assert "## Warning: Initiative of a known forum" in markdown


def test_json_and_turtle_are_machine_readable(outcome):
    data = json.loads(render(outcome, "json", "x.ttl"))
    assert data["counts"] == {"Violation": 6, "Warning": 2, "Info": 0}
    assert {f["severity"] for f in data["findings"]} == {"Violation", "Warning"}
    report = Graph().parse(data=render(outcome, "turtle", "x.ttl"), format="turtle")
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    assert len(list(report.objects(node, SH.result))) == 8


def test_html_escapes_what_it_shows():
    finding = Finding(
        severity="Violation",
        shape="State",
        constraint="rule",
        focus="https://example.org/<x>",
        focus_label="<script>alert(1)</script>",
        path="rdfs:label",
        value="a & b",
        message="m",
    )
    page = render(ValidationOutcome(False, Graph(), [finding]), "html", "f.ttl")
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "a &amp; b" in page
    assert "http://" not in page.replace("https://example.org", "")  # no network resources
    markdown = render(ValidationOutcome(False, Graph(), [finding]), "markdown", "f.ttl")
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_report_in_a_headless_browser(outcome, tmp_path: Path):
    page = tmp_path / "report.html"
    page.write_text(render(outcome, "html", "one_of_each.ttl"), encoding="utf-8")
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert dom.count("<tr>") == 8 + 7  # one row per finding, one header row per group
    assert "6</b>Violations" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [*browser, "--window-size=1280,900", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    pixels = image.imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (900, 1280)

    def share(rgb: tuple[int, int, int]) -> float:
        target = np.array(rgb) / 255.0
        return float((np.abs(pixels - target).max(axis=2) < 0.06).mean())

    # drawn, styled, and the violation red is there (badges, count, verdict), sparingly
    assert share((255, 255, 255)) > 0.3 and share((246, 247, 249)) > 0.05
    assert 0.0005 < share((179, 38, 30)) < 0.05
    assert (pixels.mean(axis=2) < 0.3).mean() > 0.005  # dark text
