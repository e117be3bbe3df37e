"""Main text of each format: web boilerplate, Markdown and HTML turned into plain prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from seckg import resources
from seckg.ingest.document import SkippedDocument


@dataclass(frozen=True)
class Boilerplate:
    cut_from: re.Pattern[str]  # one alternation of the lexicon's patterns, matched whole
    drop_lines: re.Pattern[str]


_BOILERPLATE_LINE = 300  # characters; a longer line is prose, never a footer or a share button


@cache
def load_boilerplate(path: Path | None = None) -> Boilerplate:
    path = path or resources.lexicon_dir() / "boilerplate.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))

    def compile_all(key: str) -> re.Pattern[str]:
        patterns = [f"(?:{p})" for p in spec.get(key, ())] or ["(?!)"]
        return re.compile("|".join(patterns), re.IGNORECASE)

    return Boilerplate(compile_all("cut_from"), compile_all("drop_lines"))


def strip_boilerplate(text: str, boilerplate: Boilerplate) -> str:
    """Drop boilerplate lines and everything from the comment section on; keep paragraphs."""
    kept: list[str] = []
    seen_headlines: set[str] = set()
    for line in text.splitlines():
        stripped = line.strip().strip("|").strip()
        short = 0 < len(stripped) <= _BOILERPLATE_LINE
        if short and kept and boilerplate.cut_from.fullmatch(stripped):
            break
        if short and boilerplate.drop_lines.fullmatch(stripped):
            continue
        # pages repeat their headline (site header, then article): keep the first copy
        if stripped and len(stripped) < 200 and not stripped.endswith((".", "!", "?")):
            if stripped in seen_headlines:
                continue
            seen_headlines.add(stripped)
        kept.append(line.rstrip())
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip() + "\n"


def markdown_to_text(markdown: str) -> str:
    """Plain text of Markdown prose: headings kept as lines, links and emphasis unwrapped."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+", "• ", text, flags=re.M)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    return text


_MARKUP_RESIDUE = (
    (re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#)[^)\s]*\)"), r"\1"),  # [text](url)
    (re.compile(r"</?(?:sup|sub|b|i|em|strong|span|br)\b[^>]*>", re.I), ""),  # inline tags
    (re.compile(r"\\([.#*_\-()\[\]!])"), r"\1"),  # Markdown escapes: "1\." "\###"
    (re.compile(r"\*\*|__"), ""),  # bold markers, wherever they were left
    (re.compile(r"(?<![A-Za-z])the(?=[A-Z][a-z]{2,})"), "the "),  # "thePartners": a lost space
)


def clean_markup_residue(text: str) -> str:
    r"""Plain text copied from web pages keeps Markdown and HTML debris: links with their URLs,
    `**bold**` markers splitting names and lists, escaped list numbers (`1\.`), `<sup>` tags.
    Removing them keeps names and lists whole for the gazetteer and the sentence splitter."""
    for pattern, replacement in _MARKUP_RESIDUE:
        text = pattern.sub(replacement, text)
    return text


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:p|div|span|script|style|br|a|table|li|ul|h[1-6]|meta|link)\b", re.I)


def looks_like_html(text: str) -> bool:
    """A page saved under another name (`.txt`): an HTML start, or tags throughout. Read as
    text, its markup (scripts included) would become titles and evidence sentences."""
    head = text[:20000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 10


def html_to_text(html: str, path: Path) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of an HTML page, with trafilatura (boilerplate-aware)."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, with_metadata=False
    )
    if not text or not text.strip():
        raise SkippedDocument(path, "no main text found in the HTML page")
    metadata = trafilatura.extract_metadata(html)
    info: dict[str, str | None] = {"title": None, "date": None, "url": None}
    if metadata is not None:
        info = {"title": metadata.title, "date": metadata.date, "url": metadata.url}
    return text, info
