"""The `seckg` command line: thin wiring from click commands to the stage modules.

User mistakes arrive here as `SeckgError` and leave as one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from seckg import __version__
from seckg.errors import SeckgError


class SeckgGroup(click.Group):
    """Turns user errors into one line and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SeckgError as exc:
            click.echo(f"seckg: error: {exc}", err=True)
            sys.exit(2)


def _stderr() -> Console:
    return Console(stderr=True)


def _print_table(columns: list[str], rows: list[list[str]], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=max(100, Console().width)).print(table)


graph_option = click.option(
    "--graph",
    "graph_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The graph to read: a Turtle, N-Triples, N-Quads or JSON-LD file (from `seckg build`).",
)


@click.group(cls=SeckgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seckg")
def main() -> None:
    """seckg: a knowledge graph of international security cooperation.

    Reads communiqués, joint statements and news about forums such as NATO, the G7, the Quad,
    ASEAN, the IP4 or the UN Security Council, and builds an RDF graph of who cooperates with
    whom on which threats, through which initiatives, since when, and where it is written.

    \b
    Start here:
      seckg build --out graph.ttl              # the bundled corpus
      seckg query --list                       # the analyst questions
      seckg query forums_addressing_threat --graph graph.ttl
      seckg validate --graph graph.ttl
    """


# --------------------------------------------------------------------------- build


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    default=Path("graph.ttl"),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Turtle file to write.",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes for reading and extraction.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Summary as text or JSON (on stdout).",
)
def build(inputs: tuple[Path, ...], out: Path, jobs: int, quiet: bool, output_format: str) -> None:
    """Build the graph from documents (.txt, .md, .html files or folders).

    Without INPUTS, builds the bundled seed corpus. The graph holds the ontology, the
    reference data (states, forums, memberships) and everything extracted, each extracted fact
    with its document and evidence sentence. Unreadable files are skipped with a warning; the
    output file is replaced only once the new one is complete.

    \b
    Examples:
      seckg build --out graph.ttl
      seckg build articles/ extra.html --out graph.ttl --jobs 2
    """
    from rich.progress import Progress

    from seckg.build import build_graph, count_paths
    from seckg.store import write_graph_atomically

    total = count_paths(list(inputs) or None)
    show_progress = not quiet and total > 1
    with Progress(console=_stderr(), transient=True, disable=not show_progress) as progress:
        task = progress.add_task("extracting", total=total)
        result = build_graph(
            list(inputs) or None, jobs=jobs, on_progress=lambda _path: progress.advance(task)
        )
    for skipped in result.skipped:
        click.echo(f"seckg: warning: {skipped}", err=True)
    if not result.documents:
        raise SeckgError(
            f"nothing could be read ({len(result.skipped)} file(s) skipped); {out} was not written"
        )
    write_graph_atomically(result.graph, out)
    summary = {
        "out": str(out),
        "documents": len(result.documents),
        "skipped": len(result.skipped),
        "triples": len(result.graph),
    }
    if output_format == "json":
        click.echo(json.dumps(summary))
    elif not quiet:
        click.echo(
            f"built {out}: {summary['documents']} document(s), "
            f"{summary['skipped']} skipped, {summary['triples']} triples"
        )


# --------------------------------------------------------------------------- evaluate


@main.command()
@graph_option
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder of gold YAML files, one per document (CONTRACT section 5).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--per-document", is_flag=True, help="Also show each document's misses and false hits."
)
def evaluate(graph_path: Path, gold_dir: Path, output_format: str, per_document: bool) -> None:
    """Score the extraction in a graph against gold annotations.

    Precision, recall and F1 for forums, states, threats, initiatives, memberships and
    commitments, micro-averaged over documents, and overall.

    \b
    Examples:
      seckg evaluate --graph graph.ttl --gold ../shared/gold
      seckg evaluate --graph graph.ttl --gold gold/ --per-document --format json
    """
    from seckg.evaluate import KINDS, load_gold
    from seckg.evaluate import evaluate as run_evaluation
    from seckg.store import load_graph

    result = run_evaluation(load_graph(graph_path), load_gold(gold_dir))
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(per_document=per_document), indent=2))
        return
    rows = []
    for kind in (*KINDS, "overall"):
        score = result.overall if kind == "overall" else result.by_kind[kind]
        rows.append(
            [
                kind,
                str(score.tp),
                str(score.fp),
                str(score.fn),
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
            ]
        )
    _print_table(
        ["kind", "tp", "fp", "fn", "precision", "recall", "f1"],
        rows,
        title=f"{len(result.documents)} document(s)",
    )
    for identifier in result.missing_documents:
        click.echo(f"seckg: warning: {identifier}: in the gold but not in the graph", err=True)
    if per_document:
        for identifier, kinds in result.documents.items():
            for kind, kind_result in kinds.items():
                for item in kind_result.missed:
                    click.echo(f"{identifier}\t{kind}\tmissed\t{item}")
                for item in kind_result.false:
                    click.echo(f"{identifier}\t{kind}\tfalse\t{item}")


# --------------------------------------------------------------------------- query


@main.command()
@click.argument("query", required=False)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    help="The graph to query (a file from `seckg build`).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "tsv", "json", "turtle", "nt"]),
    default="table",
    show_default=True,
    help="csv/tsv/json follow the W3C SPARQL 1.1 results formats; CONSTRUCT and DESCRIBE "
    "write Turtle (default) or N-Triples (nt).",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable, e.g. threat=secid:threat/cyber (repeatable).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries.")
def query(
    query: str | None,
    graph_path: Path | None,
    output_format: str,
    params: tuple[str, ...],
    list_queries: bool,
) -> None:
    """Run a SPARQL query: a bundled query's name or a .rq file.

    \b
    Examples:
      seckg query --list
      seckg query forums_addressing_threat --graph graph.ttl
      seckg query forums_of_state --graph graph.ttl -p state=secid:state/JPN --format csv
      seckg query my_question.rq --graph graph.ttl --format json
    """
    from seckg.query import bundled_queries, resolve_query, run_query, shorten
    from seckg.store import load_graph

    if list_queries:
        queries = bundled_queries()
        if output_format == "json":
            click.echo(json.dumps({q.name: q.question for q in queries.values()}, indent=2))
        else:
            _print_table(["name", "question"], [[q.name, q.question] for q in queries.values()])
        return
    if not query or graph_path is None:
        raise click.UsageError("give a QUERY and --graph FILE (or --list)")
    bindings = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep:
            raise SeckgError(f"--param {param!r}: expected NAME=VALUE")
        bindings[key.strip().lstrip("?$")] = value.strip()
    name, text = resolve_query(query)
    result = run_query(load_graph(graph_path), text, name, bindings)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        click.echo(result.graph.serialize(format="nt" if output_format == "nt" else "turtle"))
        return
    if result.type == "ASK":
        click.echo(
            json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
            if output_format == "json"
            else str(bool(result.askAnswer)).lower()
        )
        return
    if output_format in ("turtle", "nt"):
        raise SeckgError(
            f"{name}: --format {output_format} is for CONSTRUCT/DESCRIBE queries; "
            "this one is a SELECT (use table, csv, tsv or json)"
        )
    if output_format in ("json", "csv", "tsv"):
        rdflib_format = {"json": "json", "csv": "csv", "tsv": "tsv"}[output_format]
        click.echo(result.serialize(format=rdflib_format).decode("utf-8").rstrip("\n"))
        return
    variables = [str(v) for v in result.vars]
    rows = [[shorten(row[v]) for v in variables] for row in result]
    _print_table(variables, rows, title=f"{name}: {len(rows)} row(s)")


# --------------------------------------------------------------------------- validate


@main.command()
@graph_option
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report to this file.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
)
def validate(graph_path: Path, report_path: Path | None, output_format: str) -> None:
    """Validate a graph against the SHACL shapes (exit 0 conforms, 1 violations, 2 bad input).

    \b
    Examples:
      seckg validate --graph graph.ttl
      seckg validate --graph my_additions.ttl --format turtle --report report.ttl
    """
    from seckg.store import load_graph
    from seckg.validate import validate_graph

    outcome = validate_graph(load_graph(graph_path))
    if output_format == "turtle":
        text = outcome.report_graph.serialize(format="turtle")
    elif output_format == "json":
        text = json.dumps(
            {
                "conforms": outcome.conforms,
                "violations": outcome.violations,
                "warnings": outcome.warnings,
            }
        )
    else:
        text = outcome.report_text
    if report_path:
        from seckg.store import write_text_atomically

        write_text_atomically(text, report_path)
    click.echo(text.rstrip("\n"))
    sys.exit(0 if outcome.conforms else 1)


# --------------------------------------------------------------------------- serve


@main.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds after which a query is stopped.",
)
def serve(graph_path: Path, host: str, port: int, timeout: float) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with a query page.

    GET and POST per the SPARQL 1.1 Protocol at http://HOST:PORT/ with content negotiation
    (JSON, XML, CSV, TSV results; Turtle and others for CONSTRUCT). Open the same address in a
    browser for a YASGUI page whose tabs are the bundled queries. Updates are refused (403).

    \b
    Examples:
      seckg serve --graph graph.ttl
      seckg serve --graph graph.ttl --port 8080 --timeout 10
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:7878/
    """
    from seckg.serve import serve as run_server
    from seckg.store import load_graph

    graph = load_graph(graph_path)
    click.echo(
        f"serving {graph_path} ({len(graph)} triples) at http://{host}:{port}/ "
        f"(read-only, {timeout:g} s per query; Ctrl-C stops)",
        err=True,
    )
    run_server(graph, host, port, timeout)


# --------------------------------------------------------------------------- later stages


@main.command()
@graph_option
def analyze(graph_path: Path) -> None:
    """Network analysis of shared commitments (not built yet: issue #5).

    \b
    Example:
      seckg analyze --graph graph.ttl
    """
    raise SeckgError("`seckg analyze` is not built yet (issue #5: network analysis)")


@main.command()
@graph_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["gexf", "graphml"]),
    default="gexf",
    show_default=True,
)
@click.option("--out", type=click.Path(path_type=Path), required=True)
def export(graph_path: Path, output_format: str, out: Path) -> None:
    """Export networks for Gephi and other tools (not built yet: issue #5).

    \b
    Example:
      seckg export --graph graph.ttl --format gexf --out cooperation.gexf
    """
    raise SeckgError("`seckg export` is not built yet (issue #5: exports for Gephi)")


if __name__ == "__main__":  # pragma: no cover
    main()
