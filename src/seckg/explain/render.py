"""How `seckg explain` shows an explanation: on the terminal, or as Markdown for a report.

Evidence sentences carry the parties' names marked (bold on the terminal and in Markdown), so
a reader sees at once whether the sentence says what the fact claims. Markdown escapes
everything a document's text could use to inject markup or HTML into a report.
"""

from __future__ import annotations

import re

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from seckg.explain.gather import CommitmentLine, Entity, Explanation

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^([#+=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def _names(entities: list[Entity]) -> str:
    return ", ".join(e.label for e in entities) or "-"


def _heading(explanation: Explanation) -> str:
    entity = explanation.entity
    about = f", about {explanation.about.label}" if explanation.about else ""
    return f"{entity.label} ({entity.short}, {entity.kind}{about})"


def _what(line: CommitmentLine) -> str:
    target = f" (naming {_names(line.targets)})" if line.targets else ""
    return f"{_names(line.actors)} {line.type}: {_names(line.concerns)}{target}"


def _marked(line: CommitmentLine) -> Text:
    text = Text(line.evidence)
    for start, end in line.highlights:
        text.stylize("bold yellow", start, end)
    return text


def render_terminal(explanation: Explanation, console: Console) -> None:
    """Tables of memberships and claims, and each commitment with its marked sentence."""
    parts: list = [Text(_heading(explanation), style="bold")]
    if explanation.memberships:
        table = Table(title=f"memberships: {len(explanation.memberships)}", title_justify="left")
        for column in ("member", "forum", "role", "since", "until", "source", "status", "fact"):
            table.add_column(column, overflow="fold")
        for m in explanation.memberships:
            table.add_row(
                m.member.label,
                m.forum.label,
                m.role,
                m.since or "",
                m.until or "",
                f"{m.source}: {m.where}" if m.where else m.source,
                m.status or "",
                m.id,
            )
        parts.append(table)
    parts.append(Text(f"\ncommitments: {len(explanation.commitments)}", style="italic"))
    for line in explanation.commitments:
        head = Text()
        head.append(f"{line.date or 'undated'}  ", style="cyan")
        head.append(_what(line), style="bold")
        head.append(f"  [{line.status}]", style="red" if line.status == "rejected" else "dim")
        parts.append(head)
        where = line.document + (f" ({line.title})" if line.title else "")
        parts.append(Text(f"  in {where}; fact {line.id}", style="dim"))
        parts.append(Text("  ").append(_marked(line)))
    if explanation.claims:
        table = Table(title="corroboration of each claim", title_justify="left")
        for column in ("actor", "concern", "documents", "publishers", "first", "last"):
            table.add_column(column, overflow="fold")
        for claim in explanation.claims:
            table.add_row(
                claim.actor.label,
                claim.concern.label,
                str(claim.documents),
                str(claim.publishers),
                claim.first or "",
                claim.last or "",
            )
        parts.append(table)
    if explanation.hidden_rejected:
        parts.append(
            Text(
                f"{explanation.hidden_rejected} rejected fact(s) not shown "
                "(--include-rejected shows them)",
                style="dim",
            )
        )
    console.print(Group(*parts))


def escape_markdown(text: str) -> str:
    """Text that renders as itself in Markdown: no markup, no raw HTML, on one line."""
    return _NUMBERED.sub(
        r"\1\\\2", _BLOCK_START.sub(r"\\\1", _escape_inline(" ".join(text.split())))
    )


def _escape_inline(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _marked_markdown(line: CommitmentLine) -> str:
    """The sentence with the parties' names in bold; line breaks become spaces (the spans
    keep their places: a break is one character, as is a space)."""
    sentence = re.sub(r"\s", " ", line.evidence)
    out, last = [], 0
    for start, end in line.highlights:
        out.append(_escape_inline(sentence[last:start]))
        out.append(f"**{_escape_inline(sentence[start:end])}**")
        last = end
    out.append(_escape_inline(sentence[last:]))
    # no heading, list or rule from a leading mark
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", "".join(out)))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(explanation: Explanation) -> str:
    """A report section: headings, tables, and each commitment's sentence as a quotation."""
    e = escape_markdown
    lines = [f"# {e(_heading(explanation))}", ""]
    if explanation.memberships:
        lines += [f"## Memberships ({len(explanation.memberships)})", ""]
        lines.append(
            _row(["member", "forum", "role", "since", "until", "source", "status", "fact"])
        )
        lines.append(_row(["---"] * 8))
        for m in explanation.memberships:
            source = f"{m.source}: {m.where}" if m.where else m.source
            lines.append(
                _row(
                    [
                        e(m.member.label),
                        e(m.forum.label),
                        e(m.role),
                        m.since or "",
                        m.until or "",
                        e(source),
                        m.status or "",
                        f"`{m.id}`",
                    ]
                )
            )
        lines.append("")
    lines += [f"## Commitments ({len(explanation.commitments)})", ""]
    for line in explanation.commitments:
        lines.append(f"### {line.date or 'undated'}: {e(_what(line))}")
        lines.append("")
        title = f" ({e(line.title)})" if line.title else ""
        lines.append(f"- document: `{line.document}`{title}")
        lines.append(f"- fact: `{line.id}`, {line.status}")
        lines.append("")
        lines.append(f"> {_marked_markdown(line)}")
        lines.append("")
    if explanation.claims:
        lines += ["## Corroboration", ""]
        lines.append(_row(["actor", "concern", "documents", "publishers", "first", "last"]))
        lines.append(_row(["---"] * 6))
        for c in explanation.claims:
            lines.append(
                _row(
                    [
                        e(c.actor.label),
                        e(c.concern.label),
                        str(c.documents),
                        str(c.publishers),
                        c.first or "",
                        c.last or "",
                    ]
                )
            )
        lines.append("")
    if explanation.hidden_rejected:
        lines.append(f"_{explanation.hidden_rejected} rejected fact\\(s\\) not shown._")
        lines.append("")
    return "\n".join(lines)
