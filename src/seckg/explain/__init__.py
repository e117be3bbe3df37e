"""`seckg explain`: everything the graph holds about one entity, and where it is written.

`gather` reads the facts with SPARQL (any store); `render` prints them as a terminal table,
Markdown for a report, or JSON.
"""

from seckg.explain.gather import Explanation, explain, highlight_spans, resolve_thing
from seckg.explain.render import render_markdown, render_terminal

__all__ = [
    "Explanation",
    "explain",
    "highlight_spans",
    "render_markdown",
    "render_terminal",
    "resolve_thing",
]
