"""RDF files: reading with one-line errors (file, line, column) and writing atomically.

Formats are guessed from the suffix (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from seckg.errors import InputError


def rdf_format_of(path: Path) -> str:
    return guess_format(str(path)) or "turtle"


def load_graph(path: Path) -> Graph:
    """Read an RDF file into one graph (named graphs of quad formats are merged)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected an RDF file (.ttl, .nt, .nq, .jsonld)")
    rdf_format = rdf_format_of(path)
    _refuse_hostile(path, rdf_format)
    if rdf_format in ("nt", "nquads"):
        return _load_line_based(path, rdf_format)
    try:
        if rdf_format == "trig":
            dataset = Dataset()
            dataset.parse(path, format=rdf_format)
            graph = Graph()
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
            return graph
        graph = Graph()
        graph.parse(path, format=rdf_format)
        return graph
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text RDF file (undecodable byte at {exc.start})") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"{path}: not valid {rdf_format}: {_describe_parse_error(exc)}") from exc


def _load_line_based(path: Path, rdf_format: str) -> Graph:
    """N-Triples and N-Quads through Oxigraph's parser: linear in the size of a literal, where
    rdflib's regular expressions take 17 s over one literal of 2 MB. Named graphs are merged."""
    import pyoxigraph as ox

    from seckg.store.oxigraph import to_rdflib

    kind = ox.RdfFormat.N_TRIPLES if rdf_format == "nt" else ox.RdfFormat.N_QUADS
    graph = Graph()
    try:
        for quad in ox.parse(path=str(path), format=kind):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    except SyntaxError as exc:
        where = f"line {exc.lineno}, column {exc.offset}: " if exc.lineno else ""
        why = str(exc.msg).split(": ", 1)[-1] if exc.msg else "syntax error"
        raise InputError(f"{path}: not valid {rdf_format}: {where}{why}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not valid {rdf_format}: {exc}") from exc
    return graph


def _remote_contexts(node) -> list[str]:
    """The `@context` values of a JSON-LD document that are addresses to fetch."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                values = value if isinstance(value, list) else [value]
                found += [v for v in values if isinstance(v, str)]
            found += _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += _remote_contexts(item)
    return found


def _refuse_hostile(path: Path, rdf_format: str) -> None:
    """What a parser would do on the network or without bound, refused before it starts: DTD
    entities in RDF/XML (a few hundred bytes expand to gigabytes), remote JSON-LD contexts
    (rdflib would fetch them)."""
    if rdf_format == "xml":
        from seckg.sparql.dataset import refuse_entities

        refuse_entities(path)
    elif rdf_format == "json-ld":
        import json

        try:
            document = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not valid JSON-LD: {exc}") from exc
        remote = _remote_contexts(document)
        if remote:
            raise InputError(
                f"{path}: its @context {remote[0]} would be fetched from the network; "
                "remote contexts are not fetched (inline the context)"
            )


def _describe_parse_error(exc: Exception) -> str:
    why, text, index = (
        getattr(exc, "_why", None),
        getattr(exc, "_str", None),
        getattr(exc, "_i", None),
    )
    if why is not None and text is not None and index is not None:  # rdflib's Turtle/N3 parser
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return f"line {line}, column {column}: {why}"
    message = " ".join(str(exc).split())
    line = getattr(exc, "lines", None) or getattr(exc, "line", None)
    if line is not None and "line" not in message.lower():
        message = f"line {line}: {message}"
    match = re.search(r"line (\d+)", message)
    if match and "column" not in message.lower():
        column = getattr(exc, "column", None) or getattr(exc, "col", None)
        if column is not None:
            message = message.replace(match.group(0), f"{match.group(0)}, column {column}", 1)
    return message[:300]


def _final_mode(out: Path) -> int:
    """The mode the output gets: an existing file's own, else what the user's umask allows
    (mkstemp's 0600 would hide a shared report from colleagues)."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


STALE_AFTER_S = 3600  # a temporary file this old beside an output is a killed writer's


def _remove_stale_temporaries(out: Path) -> None:
    """The temporary files a killed run left beside `out` (`.NAME.xxxxxxxx`); a fresh one may
    be another run's, still writing, and is left alone."""
    cutoff = time.time() - STALE_AFTER_S
    for leftover in out.parent.glob(f".{glob.escape(out.name)}.*"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _write_atomically(out: Path, write) -> None:
    """Write to a temporary file beside `out`, then rename: `out` is never half-written. A
    folder that cannot be written, a full disk or a file too large is one line, not a
    traceback, and the old `out` is left as it was."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(out)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as exc:
        raise InputError(f"{out}: cannot write there ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, _final_mode(out))
        os.replace(temporary, out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{out}: cannot write it ({exc.strerror or exc}); left as it was") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_graph_atomically(graph: Graph, out: Path, rdf_format: str | None = None) -> None:
    rdf_format = rdf_format or rdf_format_of(out)
    if rdf_format == "turtle" and not isinstance(graph, Dataset):
        _write_atomically(out, lambda stream: stream.write(turtle_bytes(graph)))
        return
    _write_atomically(out, lambda stream: graph.serialize(stream, format=rdf_format))


def turtle_bytes(graph: Graph) -> bytes:
    """The graph as Turtle written by Oxigraph, with the contract's prefixes and the triples in
    sorted order (grouped by subject), so one graph always gives the same bytes. rdflib's
    Turtle writer took 2.2 s of a 4-second seed build (0.25 s this way) and half of a
    100,000-sentence build."""
    import pyoxigraph as ox

    from seckg.namespaces import PREFIXES

    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").splitlines()))
    triples = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(
        triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(PREFIXES.items()))
    )


def write_text_atomically(text: str, out: Path) -> None:
    write_bytes_atomically(text.encode("utf-8"), out)


def write_bytes_atomically(data: bytes, out: Path) -> None:
    _write_atomically(out, lambda stream: stream.write(data))
