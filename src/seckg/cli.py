"""The `seckg` command line: thin wiring from click commands to the stage modules.

User mistakes arrive here as `SeckgError` and leave as one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
import logging
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


STORE_HELP = (
    "an RDF file (.ttl, .nt, .nq, .jsonld), an Oxigraph store folder, or the URL of a SPARQL "
    "1.1 server (e.g. http://127.0.0.1:7878)"
)

graph_option = click.option(
    "--graph",
    "--store",
    "graph_path",
    required=True,
    help=f"The graph to read: {STORE_HELP}.",
)


table_or_json = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Tables on the terminal, or JSON on stdout.",
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
    # rdflib logs a traceback for every ill-formed literal it reads; validation reports them
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


# --------------------------------------------------------------------------- build


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "--store",
    "out",
    default="graph.ttl",
    show_default=True,
    help=f"Where to build: {STORE_HELP}. A file is rebuilt whole; a store folder (created "
    "if missing) or server is updated incrementally.",
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
@click.option(
    "--no-validate",
    is_flag=True,
    help="Skip the SHACL check of what was built (run `seckg validate` later for the report).",
)
def build(
    inputs: tuple[Path, ...],
    out: str,
    jobs: int,
    quiet: bool,
    output_format: str,
    no_validate: bool,
) -> None:
    """Build the graph from documents (.txt, .md, .html files or folders).

    Without INPUTS, builds the bundled seed corpus. The graph holds the ontology, the
    reference data (states, forums, memberships) and everything extracted, each extracted fact
    with its document and evidence sentence. Unreadable files are skipped with a warning.

    Into a file, the whole graph is written, and the old file replaced only once the new one
    is complete. Into a store (an Oxigraph folder or a SPARQL server), each document lives in a
    named graph of its own: unchanged documents (same bytes, same rules) are skipped, changed
    ones replaced, and an interrupted build is finished by running it again.

    \b
    Examples:
      seckg build --out graph.ttl
      seckg build articles/ extra.html --out graph.ttl --jobs 2
      seckg build articles/ --store workspace/          # incremental, Oxigraph
      seckg build articles/ --store http://127.0.0.1:7878
    """
    from rich.progress import Progress

    from seckg.build import build, input_files

    files = input_files(list(inputs))  # folders walked once; the build gets the files
    show_progress = not quiet and len(files) > 1
    with Progress(console=_stderr(), transient=True, disable=not show_progress) as progress:
        task = progress.add_task("extracting", total=len(files))
        report = build(
            out, files, jobs, lambda _path: progress.advance(task), validate=not no_validate
        )
    for skipped in report.skipped:
        click.echo(f"seckg: warning: {skipped}", err=True)
    summary = report.as_dict()
    if output_format == "json":
        click.echo(json.dumps(summary))
        return
    if quiet:
        return
    click.echo(
        f"built {out}: {summary['documents']} document(s), "
        f"{summary['skipped']} skipped, {summary['triples']} triples"
    )
    if report.incremental:
        changes = report.incremental
        click.echo(
            f"  {len(changes.added)} added, {len(changes.replaced)} replaced, "
            f"{len(changes.unchanged)} unchanged (skipped)"
            + (
                "; the rules changed, so all were extracted again"
                if changes.replaced and changes.rules_changed
                else ""
            )
        )
        if changes.not_in_inputs:
            click.echo(
                f"  {len(changes.not_in_inputs)} stored document(s) not in the inputs "
                f"(kept; `seckg remove` drops one): {', '.join(changes.not_in_inputs[:5])}"
            )
    if report.validation:
        outcome = report.validation
        hint = (
            ""
            if outcome.conforms and not outcome.warnings
            else (f" (see `seckg validate --graph {out}`)")
        )
        click.echo(f"validation: {outcome.summary()}{hint}")


@main.command()
@click.argument("identifiers", nargs=-1, required=True)
@click.option(
    "--store", "store_location", required=True, help="An Oxigraph folder or a SPARQL server URL."
)
def remove(identifiers: tuple[str, ...], store_location: str) -> None:
    """Drop documents (by identifier: the file name without extension) from a store.

    Only that document's named graph goes; what other documents say stays.

    \b
    Example:
      seckg remove 2024-quad-leaders --store workspace/
    """
    from seckg.store import open_store

    missing = []
    with open_store(store_location) as store:
        for identifier in identifiers:
            if store.remove_document(identifier):
                click.echo(f"removed {identifier} from {store_location}")
            else:
                missing.append(identifier)
    if missing:
        raise SeckgError(f"{store_location}: no document {', '.join(map(repr, missing))}")


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
@table_or_json
@click.option(
    "--per-document", is_flag=True, help="Also show each document's misses and false hits."
)
def evaluate(graph_path: str, gold_dir: Path, output_format: str, per_document: bool) -> None:
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
    from seckg.store import load_any

    result = run_evaluation(load_any(graph_path), load_gold(gold_dir))
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
    "--store",
    "graph_path",
    help=f"The graph to query: {STORE_HELP}. Stores answer in Oxigraph's engine.",
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
    graph_path: str | None,
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
    from seckg.store import open_store

    if list_queries:
        queries = bundled_queries()
        if output_format == "json":
            click.echo(json.dumps({q.name: q.question for q in queries.values()}, indent=2))
        else:
            _print_table(["name", "question"], [[q.name, q.question] for q in queries.values()])
        return
    if not query or graph_path is None:
        raise click.UsageError("give a QUERY and --graph FILE/--store LOCATION (or --list)")
    bindings = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep:
            raise SeckgError(f"--param {param!r}: expected NAME=VALUE")
        bindings[key.strip().lstrip("?$")] = value.strip()
    name, text = resolve_query(query)
    with open_store(graph_path) as store:
        result = run_query(store, text, name, bindings)
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
    help="Write the report to this file (replaced only when complete); the terminal gets the "
    "one-line summary.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "html", "json", "turtle"]),
    default="text",
    show_default=True,
    help="text for the terminal, markdown for CI logs and pull requests, html for a browser "
    "(one self-contained page), json for scripts, turtle for the standard sh:ValidationReport.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning"]),
    default="violation",
    show_default=True,
    help="Exit 1 when there is a finding at least this severe.",
)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql compiles each shape to SPARQL and runs each constraint as one query over all "
    "nodes (in the store itself for a folder or server), handing pyshacl any shape it does not "
    "compile; pyshacl runs pyshacl alone, slower, with the whole graph in memory. Both pass the "
    "W3C SHACL Core test suite.",
)
@click.option(
    "--shapes",
    "shapes_paths",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Validate against these SHACL shapes (repeatable) instead of the bundled ones.",
)
@click.option(
    "--with-ontology/--without-ontology",
    default=None,
    help="Add seckg's ontology and vocabularies to the data before validating (default: with "
    "the bundled shapes, without --shapes).",
)
def validate(
    graph_path: str,
    report_path: Path | None,
    output_format: str,
    fail_on: str,
    engine: str,
    shapes_paths: tuple[Path, ...],
    with_ontology: bool | None,
) -> None:
    """Check a graph against the SHACL shapes and say what to fix.

    Works on a built graph or on any RDF file you bring (hand-curated additions, say). Findings
    are grouped by severity, shape and rule; each names the focus node with its label, the
    path, the offending value, the message, and for extracted facts the document and the
    evidence sentence. Besides the shapes' cardinalities and types, domain rules check that a
    membership does not end before it starts, that a commitment is not dated before its forum
    was founded, that no two states share an ISO code, and warn about initiatives of forums the
    reference data does not know and commitments whose sentence names neither party.

    A store (Oxigraph folder or SPARQL server) is validated in place: every constraint is one
    SPARQL query over all nodes, so a million-triple store is never loaded into memory.

    With --shapes, your own SHACL shapes are used instead of the bundled ones and nothing else
    is mixed in (add --with-ontology for seckg's classes and vocabularies): run your team's
    rules, or the W3C test suite, through the command line. A file is read with its literals
    as written, so "2021-02-30"^^xsd:date or "none"^^xsd:boolean fail sh:datatype.

    Exit codes: 0 passes, 1 findings at or above --fail-on, 2 unusable input (missing file,
    syntax error with line and column).

    \b
    Examples:
      seckg validate --graph graph.ttl
      seckg validate --graph my_additions.ttl --fail-on warning
      seckg validate --graph graph.ttl --format html --report report.html
      seckg validate --graph graph.ttl --format markdown >> "$GITHUB_STEP_SUMMARY"
      seckg validate --store workspace/ --format json
      seckg validate --graph my_additions.ttl --engine pyshacl
      seckg validate --graph data.ttl --shapes team_rules.ttl --format turtle
    """
    from seckg.report import render
    from seckg.store import write_text_atomically
    from seckg.validate import load_shapes, validate_location

    shapes = load_shapes(shapes_paths) if shapes_paths else None
    outcome = validate_location(
        graph_path, engine=engine, shapes=shapes, with_ontology=with_ontology
    )
    text = render(outcome, output_format, str(graph_path))
    if report_path:
        write_text_atomically(text, report_path)
        click.echo(f"{graph_path}: {outcome.summary()}; report written to {report_path}")
    else:
        click.echo(text.rstrip("\n"))
    sys.exit(1 if outcome.fails(fail_on.capitalize()) else 0)


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
def serve(graph_path: str, host: str, port: int, timeout: float) -> None:
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
    from seckg.store import load_any

    graph = load_any(graph_path)
    click.echo(
        f"serving {graph_path} ({len(graph)} triples) at http://{host}:{port}/ "
        f"(read-only, {timeout:g} s per query; Ctrl-C stops)",
        err=True,
    )
    run_server(graph, host, port, timeout)


# --------------------------------------------------------------------------- networks

window_options = [
    click.option(
        "--since",
        type=int,
        metavar="YEAR",
        help="Only commitments and memberships from this year on.",
    ),
    click.option(
        "--until",
        type=int,
        metavar="YEAR",
        help="Only commitments and memberships up to this year.",
    ),
]


def _with_window(function):
    for option in reversed(window_options):
        function = option(function)
    return function


@main.command()
@graph_option
@_with_window
@table_or_json
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(1, 1000), help="Rows per section."
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the shared-commitment network to this PNG file.",
)
def analyze(
    graph_path: str,
    since: int | None,
    until: int | None,
    output_format: str,
    top: int,
    plot_path: Path | None,
) -> None:
    """Network analysis of shared commitments and forums.

    Who is central (weighted degree, betweenness, PageRank), which communities form (Louvain),
    who brokers between them, which pairs share most, which states share most forums, which
    forums are alike and which threats each forum focuses on.

    \b
    Examples:
      seckg analyze --graph graph.ttl
      seckg analyze --graph graph.ttl --since 2020 --format json
      seckg analyze --graph graph.ttl --plot network.png
    """
    from seckg.analysis import analyze as run_analysis
    from seckg.network import load_facts
    from seckg.store import load_any

    facts = load_facts(load_any(graph_path), since=since, until=until)
    report = run_analysis(facts, top=top)
    if plot_path:
        from seckg.plot import plot_shared_commitments

        plot_shared_commitments(facts, plot_path)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2))
        return
    shared = report["shared_commitments"]
    sampled = " (betweenness estimated from a sample)" if shared["betweenness_sampled"] else ""
    _print_table(
        ["actor", "type", "community", "weighted degree", "betweenness", "pagerank"],
        [
            [
                a["label"],
                a["type"],
                str(a["community"]),
                f"{a['weighted_degree']:g}",
                f"{a['betweenness']:.3f}",
                f"{a['pagerank']:.3f}",
            ]
            for a in shared["central_actors"]
        ],
        title=f"Central actors: {shared['nodes']} actors, {shared['edges']} ties{sampled}",
    )
    _print_table(
        ["community", "size", "members"],
        [
            [
                str(c["community"]),
                str(c["size"]),
                ", ".join(c["members"][:12]) + (" ..." if c["size"] > 12 else ""),
            ]
            for c in shared["communities"]
        ],
        title="Communities (Louvain)",
    )
    _print_table(
        ["broker", "communities reached", "betweenness"],
        [[b["label"], str(b["communities"]), f"{b['betweenness']:.3f}"] for b in shared["brokers"]],
        title="Brokers between communities",
    )
    _print_table(
        ["a", "b", "shared", "through"],
        [[p["a"], p["b"], str(p["weight"]), p["via"]] for p in shared["strongest_pairs"]],
        title="Strongest shared-commitment ties",
    )
    _print_table(
        ["a", "b", "forums", "which"],
        [[p["a"], p["b"], str(p["shared"]), p["forums"]] for p in report["states_sharing_forums"]],
        title="States sharing most forums",
    )
    _print_table(
        ["forum", "forum", "shared members", "member Jaccard", "threat Jaccard"],
        [
            [
                p["a"],
                p["b"],
                str(p["shared_members"]),
                f"{p['member_jaccard']:.2f}",
                f"{p['threat_jaccard']:.2f}",
            ]
            for p in report["similar_forums"]
        ],
        title="Most similar forums",
    )
    _print_table(
        ["forum", "threats it commits on most"],
        [[f["forum"], f["threats"]] for f in report["forum_threat_focus"]],
        title="Threat focus of forums",
    )
    if plot_path:
        click.echo(f"plot written to {plot_path}", err=True)


@main.command()
@graph_option
@_with_window
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["gexf", "graphml", "csv", "jsonld"]),
    default="gexf",
    show_default=True,
)
@click.option(
    "--network",
    "network_name",
    default="full",
    show_default=True,
    type=click.Choice(
        [
            "full",
            "shared-commitments",
            "actor-forum",
            "forum-forum",
            "actor-threat",
            "forum-initiative",
        ]
    ),
    help="Which network to export (jsonld always exports the RDF graph).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file (a folder for csv: nodes.csv and edges.csv).",
)
def export(
    graph_path: str,
    since: int | None,
    until: int | None,
    output_format: str,
    network_name: str,
    out: Path,
) -> None:
    """Export a network for Gephi and other tools, or the graph as JSON-LD.

    GEXF carries labels, a type per node (State, Forum, Initiative, Threat) with a colour,
    community, PageRank and weighted degree, edge kind and weight; with dated memberships it is
    dynamic, so Gephi's timeline shows cooperation growing. Open it in Gephi with File > Open.

    \b
    Examples:
      seckg export --graph graph.ttl --format gexf --out cooperation.gexf
      seckg export --graph graph.ttl --network shared-commitments --format graphml --out s.graphml
      seckg export --graph graph.ttl --format csv --out gephi_tables/
      seckg export --graph graph.ttl --format jsonld --out graph.jsonld
    """
    from seckg import export as exporters
    from seckg.network import NETWORKS, load_facts
    from seckg.store import load_any

    graph = load_any(graph_path)
    if output_format == "jsonld":
        exporters.write_jsonld(graph, out)
        click.echo(f"wrote {out}", err=True)
        return
    network = NETWORKS[network_name](load_facts(graph, since=since, until=until))
    if output_format == "gexf":
        exporters.write_gexf(network, out)
    elif output_format == "graphml":
        exporters.write_graphml(network, out)
    else:
        exporters.write_csv_pair(network, out)
    click.echo(
        f"wrote {out}: {network.number_of_nodes()} nodes, "
        f"{network.number_of_edges()} edges ({network_name})",
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
