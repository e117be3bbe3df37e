"""Cells that a spreadsheet would run as formulas, neutralised (OWASP's CSV injection advice).

A document's title or an evidence sentence starting with `=`, `+`, `-` or `@` becomes a formula
when an analyst opens an exported CSV in a spreadsheet; a leading apostrophe keeps it text.
Numbers are left as they are.
"""

from __future__ import annotations

import csv
import io
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet would run as a formula, with a leading apostrophe (OWASP's advice);
    numbers stay as they are."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_formulas(body: bytes, media_type: str) -> bytes:
    """CSV or TSV results whose cells cannot become spreadsheet formulas: a document's title
    or evidence sentence starting with '=' would otherwise run when the file is opened."""
    text = body.decode("utf-8")
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(
            [[safe_cell(cell) for cell in row] for row in rows]
        )
        return out.getvalue().encode("utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        for position, cell in enumerate(cells):
            content = cell[1 : cell.rfind('"')] if cell.startswith('"') else ""
            if content and safe_cell(content) != content:
                cells[position] = "\"'" + cell[1:]  # inside the quoted literal
        lines[index] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")
