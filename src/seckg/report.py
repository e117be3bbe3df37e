"""Validation reports for people: text for the terminal, Markdown for CI logs and pull requests,
one self-contained HTML page, JSON for scripts, and the standard SHACL report in Turtle.

Every format groups the findings by severity, then by shape and rule, and shows for each the
focus node with its label, the path, the offending value, the message, and where the fact was
read (document and sentence), so the reader can fix either the source or the rule.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from itertools import groupby

from seckg.validate import SEVERITIES, Finding, ValidationOutcome

FORMATS = ("text", "markdown", "html", "json", "turtle")


def render(outcome: ValidationOutcome, output_format: str, source: str) -> str:
    renderers: dict[str, Callable[[ValidationOutcome, str], str]] = {
        "text": _text,
        "markdown": _markdown,
        "html": _html,
        "json": _json,
        "turtle": lambda o, _: _turtle(o),
    }
    return renderers[output_format](outcome, source)


def _turtle(outcome: ValidationOutcome) -> str:
    """The sh:ValidationReport. rdflib's Turtle writer prints a boolean or number by its value
    ("none"^^xsd:boolean as false): a report naming an ill-formed literal is written as
    N-Triples, which is Turtle too and keeps every literal as written."""
    from rdflib import Literal

    from seckg.validate.lexical import well_formed

    graph = outcome.report_graph
    if all(well_formed(o) for o in graph.objects() if isinstance(o, Literal)):
        return graph.serialize(format="turtle")
    return graph.serialize(format="nt")


def _groups(outcome: ValidationOutcome):
    """(severity, shape, rule) -> findings, most severe first (findings arrive sorted)."""
    return groupby(outcome.findings, key=lambda f: (f.severity, f.shape, f.constraint))


def _counts(outcome: ValidationOutcome) -> dict[str, int]:
    return {severity: outcome.count(severity) for severity in SEVERITIES}


def _focus_name(finding: Finding) -> str:
    if finding.focus_label and finding.focus_label != finding.focus:
        return f"{finding.focus_label} <{finding.focus}>"
    return f"<{finding.focus}>"


# --------------------------------------------------------------------------- text


def _text(outcome: ValidationOutcome, source: str) -> str:
    lines = [f"Validation of {source}: {outcome.summary()}"]
    for (severity, shape, rule), findings in _groups(outcome):
        findings = list(findings)
        lines += ["", f"{severity.upper()}  {shape}: {rule} ({len(findings)})"]
        for finding in findings:
            lines.append(f"  - {_focus_name(finding)}")
            where = "  ".join(
                part
                for part in (
                    f"path {finding.path}" if finding.path else "",
                    f"value {finding.value!r}" if finding.value else "",
                )
                if part
            )
            if where:
                lines.append(f"    {where}")
            lines.append(f"    {finding.message}")
            if finding.document and finding.evidence:
                lines.append(f"    from {finding.document}: {finding.evidence!r}")
            elif finding.document:
                lines.append(f"    from {finding.document}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    """A table cell: HTML in a document's text or a label is shown, never rendered (Markdown
    passes raw HTML through, `<script>` included)."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _markdown(outcome: ValidationOutcome, source: str) -> str:
    counts = _counts(outcome)
    lines = [
        f"# Validation of `{source}`",
        "",
        f"**{outcome.summary()}**",
        "",
        "| Violations | Warnings | Info |",
        "|---:|---:|---:|",
        f"| {counts['Violation']} | {counts['Warning']} | {counts['Info']} |",
    ]
    for (severity, shape, rule), findings in _groups(outcome):
        findings = list(findings)
        lines += [
            "",
            f"## {severity}: {shape} — {rule} ({len(findings)})",
            "",
            "| Focus | Path | Value | Message | Source |",
            "|---|---|---|---|---|",
        ]
        for f in findings:
            source_cell = f"{f.document}: “{f.evidence}”" if f.document else ""
            lines.append(
                "| "
                + " | ".join(
                    _cell(part)
                    for part in (_focus_name(f), f.path, f.value, f.message, source_cell)
                )
                + " |"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- json


def _json(outcome: ValidationOutcome, source: str) -> str:
    return json.dumps(
        {
            "source": source,
            "conforms": outcome.conforms,
            "empty": outcome.empty,
            "violations": outcome.violations,
            "warnings": outcome.warnings,
            "counts": _counts(outcome),
            "findings": [finding.as_dict() for finding in outcome.findings],
        },
        indent=2,
        ensure_ascii=False,
    )


# --------------------------------------------------------------------------- html

_STYLE = """
:root { --violation: #b3261e; --warning: #9a6700; --info: #0b57d0; --ok: #1e7b34;
        --line: #d9dce1; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #1f1f1f; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 24px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.source { color: var(--muted); font-family: ui-monospace, monospace; font-size: 13px; }
.cards { display: flex; gap: 12px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 18px; min-width: 130px;
        background: #fff; }
.card b { display: block; font-size: 26px; }
.card.Violation b { color: var(--violation); } .card.Warning b { color: var(--warning); }
.card.Info b { color: var(--info); }
.verdict { font-weight: 600; } .verdict.ok { color: var(--ok); }
.verdict.fail { color: var(--violation); }
main { padding: 24px 40px; max-width: 1400px; }
details { background: #fff; border: 1px solid var(--line); border-radius: 8px;
          margin-bottom: 14px; }
summary { cursor: pointer; padding: 12px 16px; font-weight: 600; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 9px; font-size: 12px;
         color: #fff; margin-right: 8px; vertical-align: 1px; }
.badge.Violation { background: var(--violation); } .badge.Warning { background: var(--warning); }
.badge.Info { background: var(--info); }
.count { color: var(--muted); font-weight: 400; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 8px 16px;
         border-top: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code { font-family: ui-monospace, monospace; font-size: 13px; overflow-wrap: anywhere; }
.iri { display: block; color: var(--muted); font-size: 12px; }
blockquote { margin: 4px 0 0; padding-left: 10px; border-left: 3px solid var(--line);
             color: #3c4043; font-style: italic; }
.empty { color: var(--ok); font-size: 18px; }
"""


def _html(outcome: ValidationOutcome, source: str) -> str:
    e = html.escape
    counts = _counts(outcome)
    verdict_class = "ok" if outcome.conforms else "fail"
    cards = "".join(
        f'<div class="card {s}"><b>{counts[s]}</b>{s}{"s" if s != "Info" else ""}</div>'
        for s in SEVERITIES
    )
    sections = []
    for (severity, shape, rule), findings in _groups(outcome):
        findings = list(findings)
        rows = []
        for f in findings:
            label = e(f.focus_label) if f.focus_label != f.focus else ""
            where = ""
            if f.document:
                where = f"<code>{e(f.document)}</code>"
                if f.evidence:
                    where += f"<blockquote>{e(f.evidence)}</blockquote>"
            rows.append(
                "<tr>"
                f'<td>{label}<code class="iri">{e(f.focus)}</code></td>'
                f"<td><code>{e(f.path)}</code></td>"
                f"<td><code>{e(f.value)}</code></td>"
                f"<td>{e(f.message)}</td>"
                f"<td>{where}</td>"
                "</tr>"
            )
        sections.append(
            f"<details open><summary>"
            f'<span class="badge {severity}">{severity}</span>{e(shape)}: {e(rule)} '
            f'<span class="count">({len(findings)})</span></summary>'
            '<table><colgroup><col style="width:24%"><col style="width:11%">'
            '<col style="width:13%"><col style="width:30%"><col style="width:22%"></colgroup>'
            "<thead><tr><th>Focus node</th><th>Path</th><th>Value</th>"
            "<th>Message</th><th>Document and evidence</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>"
        )
    body = "".join(sections) or '<p class="empty">No findings: the graph conforms.</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>seckg validation: {e(source)}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>seckg validation report</h1>"
        f'<div class="source">{e(source)}</div>'
        f'<p class="verdict {verdict_class}">{e(outcome.summary().capitalize())}</p>'
        f'<div class="cards">{cards}</div></header>'
        f"<main>{body}</main></body></html>\n"
    )
