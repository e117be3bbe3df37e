"""Spreadsheet formulas neutralised in CSV and TSV, numbers kept."""

from __future__ import annotations

import pytest

from seckg.spreadsheets import neutralise_formulas, safe_cell


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-5", "-5"),
        ("+1.5e3", "+1.5e3"),
        ("NATO", "NATO"),
        ("", ""),
    ],
)
def test_safe_cell(cell, safe):
    assert safe_cell(cell) == safe


def test_csv_and_tsv_bodies():
    csv_body = b'label,n\r\n"=HYPERLINK(""x"")",-5\r\nplain,1\r\n'
    assert neutralise_formulas(csv_body, "text/csv") == (
        b'label,n\r\n"\'=HYPERLINK(""x"")",-5\r\nplain,1\r\n'
    )
    tsv_body = b'?label\t?n\n"=cmd"@en\t-5\n"plain"\t1\n'
    assert neutralise_formulas(tsv_body, "text/tab-separated-values") == (
        b'?label\t?n\n"\'=cmd"@en\t-5\n"plain"\t1\n'
    )
