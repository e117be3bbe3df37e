"""The `seckg` command line: thin wiring from click commands to the stage modules.

User mistakes arrive here as `SeckgError` and leave as one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from seckg import __version__
from seckg.errors import SeckgError
from seckg.network import BASES, NETWORKS


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


curation_option = click.option(
    "--curation",
    "curation_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The curation file of analysts' decisions [default: $SECKG_CURATION, else "
    "./curation.ttl when it exists].",
)


def _curation_file(path: Path | None, must_exist: bool | None = None):
    """The workspace's curation file: the one named (which must exist unless we are about to
    write it), else the default one if it exists, else an empty one."""
    from seckg.curation import CurationFile, default_path

    if path is not None:
        return CurationFile.load(path, must_exist=True if must_exist is None else must_exist)
    return CurationFile.load(default_path(), must_exist=bool(must_exist))


include_rejected_option = click.option(
    "--include-rejected",
    is_flag=True,
    help="Keep the facts analysts rejected (seckg curate); left out by default.",
)


def _verb(status: str) -> str:
    return {"confirmed": "confirm", "rejected": "reject"}.get(status, status)


def _short(term) -> str:
    from seckg.query import shorten

    return fact_id(term) if str(term).startswith(FACT_BASE) else shorten(term)


FACT_BASE = "https://w3id.org/seckg/id/"


def fact_id(term) -> str:
    """A fact's IRI as typed on the command line: the path under secid:."""
    return str(term).removeprefix(FACT_BASE)


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
@click.argument("inputs", nargs=-1)
@click.option(
    "--urls",
    "url_list",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file of URLs to fetch and read, one per line (# starts a comment line).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where fetched pages are kept, so a later build reads them without the network "
    "[default: $XDG_CACHE_HOME/seckg/pages].",
)
@click.option("--refresh", is_flag=True, help="Fetch the URLs again even when cached.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait between two requests to the same web site (longer where its robots.txt asks).",
)
@click.option(
    "--ignore-robots",
    is_flag=True,
    help="Fetch pages even where the site's robots.txt disallows them (your own site, or "
    "with the owner's leave).",
)
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
@click.option(
    "--document-timeout",
    type=click.FloatRange(min=0.01),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help="Skip (and name) a document whose extraction takes longer; the build goes on.",
)
@click.option(
    "--document-memory",
    type=click.FloatRange(min=1),
    default=4096.0,
    show_default=True,
    metavar="MIB",
    help="Skip (and name) a document whose extraction needs more memory (Linux).",
)
@curation_option
def build(
    inputs: tuple[str, ...],
    url_list: Path | None,
    cache_dir: Path | None,
    refresh: bool,
    delay: float,
    ignore_robots: bool,
    out: str,
    jobs: int,
    quiet: bool,
    output_format: str,
    no_validate: bool,
    document_timeout: float,
    document_memory: float,
    curation_path: Path | None,
) -> None:
    """Build the graph from documents (.txt, .md, .html, .pdf files, folders or URLs).

    Without documents, builds the bundled seed corpus. A URL (http:// or https://, or in the
    file given to --urls) is fetched once, politely, and kept in the cache folder with its
    address; its main text, title and date are read as for a saved page. Metadata the text
    does not hold (date, source, publisher, language, speaker) can be given as YAML front
    matter in a .txt or .md, or in a NAME.meta.yaml file beside any document (see README).

    RDF files among the INPUTS (.ttl, .nt, .nq, .trig, .jsonld) are additions: facts of your
    own (memberships, commitments with their source) merged as they are and validated with
    the rest. The graph holds the ontology, the reference data (states, forums, memberships)
    and everything extracted, each extracted fact with its document and evidence sentence
    (and page, in a PDF). Unreadable files are skipped with a warning; identical files are
    read once, and republished stories linked to the first (sec:nearDuplicateOf).

    Into a file, the whole graph is written, and the old file replaced only once the new one
    is complete. Into a store (an Oxigraph folder or a SPARQL server), each document lives in a
    named graph of its own: unchanged documents (same bytes, same rules) are skipped, changed
    ones replaced, and an interrupted build is finished by running it again.

    The analysts' decisions in the curation file (./curation.ttl unless --curation or
    $SECKG_CURATION says otherwise; see `seckg curate`) are applied on every build: each fact
    gets its status (candidate, confirmed, rejected), asserted facts are added, and decisions
    whose fact is no longer extracted are listed as orphaned.

    \b
    Examples:
      seckg build --out graph.ttl
      seckg build articles/ extra.html --out graph.ttl --jobs 2
      seckg build articles/ my_additions.ttl --out graph.ttl
      seckg build articles/ --store workspace/          # incremental, Oxigraph
      seckg build articles/ --store http://127.0.0.1:7878
      seckg build https://www.nato.int/cps/en/natohq/official_texts_227678.htm
      seckg build --urls reading_list.txt --cache pages/ --out graph.ttl
    """
    from rich.progress import Progress

    from seckg.build import build, gather_inputs, load_additions, split_inputs
    from seckg.ingest.web import Fetcher, default_cache, is_url, read_url_list

    curation = _curation_file(curation_path)
    urls = [item for item in inputs if is_url(item)]
    urls += read_url_list(url_list) if url_list else []
    documents, addition_files = split_inputs(Path(item) for item in inputs if not is_url(item))
    additions = load_additions(addition_files)
    fetcher = Fetcher(
        cache_dir or default_cache(),
        delay=delay,
        refresh=refresh,
        respect_robots=not ignore_robots,
    )
    with Progress(console=_stderr(), transient=True, disable=quiet or len(urls) < 2) as progress:
        fetching = progress.add_task("fetching", total=len(urls))
        # folders walked once, pages fetched once; the build gets the files
        files = gather_inputs(documents, urls, fetcher, lambda _url: progress.advance(fetching))
    show_progress = not quiet and len(files.paths) > 1
    with Progress(console=_stderr(), transient=True, disable=not show_progress) as progress:
        task = progress.add_task("extracting", total=len(files.paths))
        report = build(
            out,
            files,
            jobs,
            lambda _path: progress.advance(task),
            validate=not no_validate,
            budget=document_timeout,
            memory=document_memory,
            curation=curation,
            additions=additions,
        )
    _warn_about_reading(report)
    for orphan in report.curation.orphaned if report.curation else []:
        decision = orphan.decision
        click.echo(
            f"seckg: warning: {curation.path}: the decision to {_verb(decision.status)} "
            f"{_short(decision.fact)} ({decision.by}, {decision.at}) is orphaned: {orphan.why}",
            err=True,
        )
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
    if summary["undated"]:
        names = summary["undated_documents"]
        click.echo(
            f"  {summary['undated']} document(s) without a date"
            + (f" ({', '.join(names)})" if len(names) <= 5 else "")
            + ": left out of --since/--until; give one in front matter or NAME.meta.yaml"
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
    if report.curation and report.curation_file:
        applied = report.curation
        click.echo(
            f"curation: {len(applied.applied)} decision(s) from {report.curation_file} applied, "
            f"{len(applied.orphaned)} orphaned; "
            + ", ".join(f"{n} {status}" for status, n in applied.statuses.items())
        )
    if report.validation:
        outcome = report.validation
        hint = (
            ""
            if outcome.conforms and not outcome.warnings
            else (f" (see `seckg validate --graph {out}`)")
        )
        click.echo(f"validation: {outcome.summary()}{hint}")


def _warn_about_reading(report) -> None:
    """One line per file passed over or odd, and one per unknown extension (not per file)."""
    for skipped in report.skipped:
        click.echo(f"seckg: warning: {skipped}", err=True)
    for suffix, count in report.ignored.items():
        click.echo(
            f"seckg: note: {count} {suffix} file(s) not read (not a known document type)", err=True
        )
    for note in report.reading.notes:
        click.echo(f"seckg: warning: {note}", err=True)
    for identifier, files in report.reading.copies.items():
        click.echo(
            f"seckg: warning: {', '.join(files[:3])}{' ...' if len(files) > 3 else ''}: the "
            f"same bytes as document {identifier!r}, read once ({len(files)} kept as aliases)",
            err=True,
        )
    for repeat in report.reading.near_duplicates:
        click.echo(
            f"seckg: note: {repeat.identifier} repeats {repeat.original} "
            f"(similarity {repeat.similarity:.2f}); counted as one source",
            err=True,
        )


@main.command()
@click.argument("identifiers", nargs=-1, required=True)
@click.option(
    "--store", "store_location", required=True, help="An Oxigraph folder or a SPARQL server URL."
)
@curation_option
def remove(identifiers: tuple[str, ...], store_location: str, curation_path: Path | None) -> None:
    """Drop documents (by identifier: the file name without extension) from a store.

    Only that document's named graph goes; what other documents say stays.

    \b
    Example:
      seckg remove 2024-quad-leaders --store workspace/
    """
    from seckg.curation import apply_to_store
    from seckg.store import open_store

    curation = _curation_file(curation_path)
    missing = []
    with open_store(store_location) as store:
        for identifier in identifiers:
            if store.remove_document(identifier):
                click.echo(f"removed {identifier} from {store_location}")
            else:
                missing.append(identifier)
        if len(missing) < len(identifiers):  # the removed facts' statuses go with them
            apply_to_store(store, curation)
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


QUERY_FORMATS: dict[str, tuple[str | None, str | None]] = {
    # --format: (media type for SELECT/ASK, media type for CONSTRUCT/DESCRIBE)
    "table": ("application/sparql-results+json", "text/turtle"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "turtle": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
}


@main.command()
@click.argument("query", required=False)
@click.option(
    "--query",
    "-q",
    "inline",
    metavar="SPARQL",
    help="The query text itself, instead of a name or file (QUERY '-' reads it from stdin).",
)
@click.option(
    "--graph",
    "--store",
    "graph_paths",
    multiple=True,
    help=f"The graph to query (repeatable for several files): {STORE_HELP}; also Fuseki's "
    "http://HOST:3030/DATASET and Virtuoso's http://HOST:8890/sparql.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(QUERY_FORMATS)),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, or the W3C results formats csv, tsv, json, xml. "
    "CONSTRUCT/DESCRIBE: turtle (also for table), nt, jsonld, xml (RDF/XML).",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (repeatable): an IRI <...>, a prefixed name (state:JPN, "
    "forum:quad, threat:cyber), a number or a string. For state, forum, threat, initiative, "
    "actor, issuer, member and concern a bare code or name (JPN, Quad, cyber) is looked up.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds (exit 3): a runaway query (a cartesian "
    "product) ends instead of running until killed.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="CSV/TSV exactly as the W3C formats say, without the apostrophe that keeps a cell "
    "starting with = + - @ from running as a spreadsheet formula.",
)
@include_rejected_option
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="The day the membership questions are asked about (YYYY-MM-DD, or YYYY for its last "
    "day), for the queries with ?as_of [default: today].",
)
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries.")
def query(
    query: str | None,
    inline: str | None,
    graph_paths: tuple[str, ...],
    output_format: str,
    params: tuple[str, ...],
    timeout: float | None,
    exact: bool,
    include_rejected: bool,
    as_of: str | None,
    list_queries: bool,
) -> None:
    """Run a SPARQL query: a bundled query's name, a .rq file, '-' for stdin, or --query.

    Every query runs in Oxigraph's engine: a file is loaded into memory, a store folder is
    read in place, a server URL gets the query over the SPARQL protocol. The prefixes sec:,
    secid:, state:, forum:, threat:, initiative:, document:, membership:, role:, org:, prov:,
    skos:, dcterms:, rdfs:, xsd:, owl: and schema: are declared for you.

    \b
    Examples:
      seckg query --list
      seckg query forums_addressing_threat --graph graph.ttl
      seckg query forums_of_state --graph graph.ttl -p state=JPN --format csv
      seckg query members_of_forum --graph workspace/ -p forum=forum:quad
      seckg query members_of_forum --graph graph.ttl -p forum=ecowas --as-of 2024-01-01
      seckg query --query 'SELECT ?f WHERE { ?f a sec:Forum }' --graph graph.ttl
      echo 'ASK { state:JPN ?p ?o }' | seckg query - --graph http://127.0.0.1:7878/
      seckg query my_question.rq --graph a.ttl --graph b.ttl --format xml --timeout 30

    Exit codes: 0 answered, 2 unusable input or query, 3 stopped at --timeout.
    """
    from seckg.query import (
        bind_parameters,
        bundled_queries,
        including_rejected,
        open_target,
        resolve_query,
    )
    from seckg.sparql.dataset import Request
    from seckg.sparql.lexer import query_form
    from seckg.sparql.workers import QueryTimeout
    from seckg.spreadsheets import neutralise_formulas

    if list_queries:
        queries = bundled_queries()
        if output_format == "json":
            click.echo(json.dumps({q.name: q.question for q in queries.values()}, indent=2))
        else:
            _print_table(["name", "question"], [[q.name, q.question] for q in queries.values()])
        return
    if (query is None) == (inline is None) or not graph_paths:
        raise click.UsageError(
            "give one QUERY (a name, a .rq file or '-') or --query TEXT, and --graph (or --list)"
        )
    if inline is not None:
        name, text = "query", inline
    elif query == "-":
        name, text = "stdin", click.open_file("-", encoding="utf-8").read()
    else:
        name, text = resolve_query(query)
    form = query_form(text) or "SELECT"
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    media_type = QUERY_FORMATS[output_format][1 if graph_form else 0]
    if media_type is None:
        raise SeckgError(
            f"{name}: --format {output_format} is not for a {form} query (use "
            + ("turtle, nt, jsonld or xml)" if graph_form else "table, csv, tsv, json or xml)")
        )
    bindings = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep:
            raise SeckgError(f"--param {param!r}: expected NAME=VALUE")
        bindings[key.strip().lstrip("?$")] = value.strip()
    if as_of is not None:
        bindings["as_of"] = as_of
    try:
        with open_target(graph_paths, timeout) as target:
            bound = bind_parameters(target, text, name, bindings)
            if include_rejected:
                bound = including_rejected(bound)
            answer = target.answer(Request(bound, media_type))
    except QueryTimeout as exc:
        click.echo(f"seckg: error: {name}: {exc}", err=True)
        sys.exit(3)
    if output_format in ("csv", "tsv") and answer.form == "SELECT" and not exact:
        answer = replace(answer, body=neutralise_formulas(answer.body, answer.media_type))
    if output_format != "table" or answer.form == "GRAPH":
        click.echo(answer.body.decode("utf-8").rstrip("\n"))
        return
    _print_answer(name, answer)


def _print_answer(name: str, answer) -> None:
    from seckg.query import shorten, solutions

    if answer.form == "ASK":
        click.echo(str(json.loads(answer.body)["boolean"]).lower())
        return
    variables, rows = solutions(answer)
    cells = [[shorten(row.get(v)) for v in variables] for row in rows]
    _print_table(variables, cells, title=f"{name}: {len(rows)} row(s)")


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
    help="Your team's SHACL shapes (repeatable), checked besides the bundled ones.",
)
@click.option(
    "--only-shapes",
    is_flag=True,
    help="Check only the --shapes given, not the bundled ones, with nothing mixed into the "
    "data (the W3C test suite runs this way).",
)
@click.option(
    "--with-context/--without-context",
    "with_context",
    default=None,
    help="Read the data with seckg's ontology, vocabularies and reference data (states, "
    "forums, memberships) added, so links to them resolve, and report only on your own "
    "nodes (default: on; off with --only-shapes).",
)
def validate(
    graph_path: str,
    report_path: Path | None,
    output_format: str,
    fail_on: str,
    engine: str,
    shapes_paths: tuple[Path, ...],
    only_shapes: bool,
    with_context: bool | None,
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

    The data is read with seckg's ontology and reference data beside it, so a file of your own
    additions that links to state:JPN or forum:quad validates against what those are.
    --shapes adds your team's rules to the bundled ones; with --only-shapes only yours are
    checked and nothing is mixed in (the W3C test suite runs this way; add --with-context for
    seckg's classes and reference data). A file is read with its literals
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
      seckg validate --graph graph.ttl --shapes team_rules.ttl
      seckg validate --graph data.ttl --shapes rules.ttl --only-shapes --format turtle
    """
    from seckg.report import render
    from seckg.store import write_text_atomically
    from seckg.validate import load_shapes, validate_location, with_bundled_shapes

    if only_shapes and not shapes_paths:
        raise click.UsageError("--only-shapes needs at least one --shapes FILE")
    shapes = load_shapes(shapes_paths) if shapes_paths else None
    if shapes is not None and not only_shapes:
        shapes = with_bundled_shapes(shapes)
    if with_context is None:
        with_context = not only_shapes
    outcome = validate_location(
        graph_path,
        engine=engine,
        shapes=shapes,
        with_ontology=with_context or not only_shapes,
        with_reference=with_context,
    )
    text = render(outcome, output_format, str(graph_path))
    if report_path:
        write_text_atomically(text, report_path)
        click.echo(f"{graph_path}: {outcome.summary()}; report written to {report_path}")
    else:
        click.echo(text.rstrip("\n"))
    sys.exit(1 if outcome.fails(fail_on.capitalize()) else 0)


# --------------------------------------------------------------------------- explain


@main.command()
@click.argument("thing")
@graph_option
@click.option(
    "--about",
    metavar="THREAT",
    help="Only the commitments on this threat (narrower ones included) or initiative.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="The terminal, JSON for scripts, or Markdown for a report.",
)
@include_rejected_option
def explain(
    thing: str, graph_path: str, about: str | None, output_format: str, include_rejected: bool
) -> None:
    """Everything the graph holds about THING, and where each fact is written.

    THING is a name, code or IRI of a state, forum, threat or initiative ("Japan", JPN,
    state:JPN, "Quad", forum:quad, cyber). Shows its memberships with their source (a
    reference row or the document that states it), the commitments it makes or that concern
    it with type, date, document and the evidence sentence (the parties' names marked), and
    how many documents and independent publishers corroborate each claim. The fact ids it
    prints are what `seckg curate reject/confirm` take.

    \b
    Examples:
      seckg explain Japan --graph graph.ttl
      seckg explain JPN --graph graph.ttl --about cyber
      seckg explain Quad --graph workspace/ --format markdown > quad.md
      seckg explain forum:nato --graph graph.ttl --format json
    """
    from seckg.explain import explain as gather
    from seckg.explain import render_markdown, render_terminal
    from seckg.query import open_target

    with open_target([graph_path]) as target:
        explanation = gather(target, thing, about=about, include_rejected=include_rejected)
    if output_format == "json":
        click.echo(json.dumps(explanation.as_dict(), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(render_markdown(explanation))
    else:
        render_terminal(explanation, Console(width=max(100, Console().width)))


# --------------------------------------------------------------------------- curate

curated_graph_option = click.option(
    "--graph",
    "--store",
    "graph_path",
    default="graph.ttl",
    show_default=True,
    help=f"The built graph the fact is checked against: {STORE_HELP}.",
)
analyst_option = click.option(
    "--by", metavar="NAME", help="Who decides [default: $SECKG_ANALYST, else your login name]."
)


@main.command()
@click.argument("thing")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="The day asked about: YYYY-MM-DD, or YYYY for its last day [default: today].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def reference(thing: str, as_of: str | None, output_format: str) -> None:
    """What the curated reference data says about a forum or state, as of a day.

    THING is a forum's key, acronym or name (nato, ASEAN, "Council of Europe"), a state's
    ISO code or name (JPN, Armenia), or a curated treaty, convention or code ("New START",
    JCPOA, "Rio Treaty"): where it stood on that day (signed, in force, ended) and why.
    For a forum: its members on that day by role, with since, until and the source of each
    row, how many are active (not suspended), and the members that left before. For a
    state: the forums it belongs to on that day and its leaders then in office. Reads the
    packaged data only; no graph is needed.

    \b
    Examples:
      seckg reference ECOWAS                     # today: 12 members
      seckg reference ECOWAS --as-of 2024-01-01  # 15, before the Sahel states left
      seckg reference unsc --as-of 2025
      seckg reference Armenia --format json
      seckg reference "New START" --as-of 2022-01-01  # in force; today: expired
    """
    from seckg.reference import load_reference
    from seckg.reference_report import describe

    report = describe(load_reference(), thing, as_of)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report["counts"].items())
    if report.get("kind") == "instrument":
        dates = ", ".join(
            f"{key.replace('_', ' ')} {report[key]}"
            for key in ("signed_on", "in_force_from", "ended_on")
            if report[key]
        )
        counts = f"{report['standing']} ({dates}); source: {report['source']}"
    click.echo(f"{report['label']} ({report['id']}) as of {report['as_of']}: {counts}")
    if report.get("note"):
        click.echo(f"note: {report['note']}")
    if report.get("administered_by"):
        click.echo(f"a territory administered by {report['administered_by']}")
    for leader in report.get("leaders", []):
        click.echo(f"{leader['office']}: {leader['name']} since {leader['since']}")
    columns = ["member", "forum", "role", "since", "until", "source"]
    for title, key in (("held", "held"), ("ended before", "ended")):
        rows = report.get(key) or []
        if rows:
            _print_table(
                columns,
                [
                    [
                        r["label"],
                        r["forum_label"],
                        r["role"],
                        r["since"] or "",
                        r["until"] or "",
                        r["source"],
                    ]
                    for r in rows
                ],
                title=f"{title}: {len(rows)} row(s)",
            )


@main.group()
def curate() -> None:
    """Confirm, reject or add facts; every build applies the decisions.

    Decisions live in one Turtle file (./curation.ttl, or --curation, or $SECKG_CURATION),
    each with who, when and why, keyed by the fact's stable IRI. A rejected fact stays in the
    graph with status rejected and its reason, and is left out of the bundled queries, the
    networks and the exports (--include-rejected shows it). A decision whose fact is no longer
    extracted is reported as orphaned by the next build; it is never dropped in silence.

    \b
    Examples:
      seckg explain Japan --graph graph.ttl            # fact ids are in the last column
      seckg curate reject commitment/2024-quad/3f2a9c01d4e7 --reason "Quad, not Japan alone"
      seckg curate confirm membership/nato/UKR/partner/in/2024-summit
      seckg curate add commitment --actor JPN --actor PHL --concern maritime-security \\
          --type cooperate --source https://www.mofa.go.jp/... --note "2024 RAA signing"
      seckg curate list --graph graph.ttl
      seckg build --out graph.ttl                      # applies them
    """


def _decide(status: str, fact: str, reason: str, graph_path: str, curation_path, by) -> None:
    from seckg.curation.workflow import decide_on

    curation = _curation_file(curation_path, must_exist=False)
    decision, info = decide_on(graph_path, curation, fact, status, reason, by)
    click.echo(
        f"{status} {fact_id(decision.fact)} ({info.summary}) in {curation.path}; "
        f"the next `seckg build` applies it"
    )


@curate.command()
@click.argument("fact")
@click.option("--reason", required=True, help="Why the fact is wrong (kept with the decision).")
@curated_graph_option
@curation_option
@analyst_option
def reject(fact: str, reason: str, graph_path: str, curation_path, by) -> None:
    """Reject FACT (a commitment or membership id or IRI): it is wrong."""
    _decide("rejected", fact, reason, graph_path, curation_path, by)


@curate.command()
@click.argument("fact")
@click.option("--reason", default="", help="What you checked (kept with the decision).")
@curated_graph_option
@curation_option
@analyst_option
def confirm(fact: str, reason: str, graph_path: str, curation_path, by) -> None:
    """Confirm FACT (a commitment or membership id or IRI): checked against its evidence."""
    _decide("confirmed", fact, reason, graph_path, curation_path, by)


source_options = [
    click.option("--source", required=True, help="Where it is written: a URL or a citation."),
    click.option("--note", required=True, help="Why it holds (kept with the fact)."),
    click.option("--quote", help="The sentence of the source that states it."),
    click.option("--title", help="The source's title."),
]


def _with_source(function):
    for option in reversed(source_options):
        function = option(function)
    return function


@curate.group()
def add() -> None:
    """Assert a commitment or membership the documents miss, with its source."""


@add.command("commitment")
@click.option(
    "--actor", "actors", multiple=True, required=True, help="A state or forum (repeatable)."
)
@click.option(
    "--concern",
    "concerns",
    multiple=True,
    required=True,
    help="A threat or initiative (repeatable).",
)
@click.option(
    "--type",
    "commitment_type",
    required=True,
    type=click.Choice(
        ["reaffirm", "condemn", "support", "establish", "fund", "cooperate", "call", "concern"]
    ),
)
@click.option("--date", metavar="YYYY-MM-DD", help="When it was stated.")
@_with_source
@curated_graph_option
@curation_option
@analyst_option
def add_commitment(
    actors,
    concerns,
    commitment_type,
    date,
    source,
    note,
    quote,
    title,
    graph_path,
    curation_path,
    by,
) -> None:
    """Add a commitment: who committed, on what, how, and where it is written."""
    import datetime

    from seckg.curation.workflow import add_commitment as record

    if date:
        try:
            datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise SeckgError(f"--date {date}: not a date (YYYY-MM-DD)") from exc
    curation = _curation_file(curation_path, must_exist=False)
    fact = record(
        graph_path,
        curation,
        list(actors),
        list(concerns),
        commitment_type,
        source,
        note,
        quote=quote,
        date=date,
        title=title,
        by=by,
    )
    click.echo(f"added {fact_id(fact)} to {curation.path}; the next `seckg build` applies it")


@add.command("membership")
@click.option("--member", required=True, help="A state (or forum).")
@click.option("--forum", required=True, help="The forum.")
@click.option(
    "--role",
    default="member",
    show_default=True,
    type=click.Choice(
        [
            "member",
            "permanent-member",
            "elected-member",
            "partner",
            "observer",
            "dialogue-partner",
            "participant",
        ]
    ),
)
@click.option("--since", metavar="YYYY", help="The year it began.")
@_with_source
@curated_graph_option
@curation_option
@analyst_option
def add_membership(
    member, forum, role, since, source, note, quote, title, graph_path, curation_path, by
) -> None:
    """Add a membership: who belongs to which forum, in which role, since when."""
    from seckg.curation.workflow import add_membership as record

    curation = _curation_file(curation_path, must_exist=False)
    fact = record(
        graph_path,
        curation,
        member,
        forum,
        role,
        source,
        note,
        since=since,
        quote=quote,
        title=title,
        by=by,
    )
    click.echo(f"added {fact_id(fact)} to {curation.path}; the next `seckg build` applies it")


@curate.command("list")
@click.option(
    "--graph",
    "--store",
    "graph_path",
    help="Also say whether each decision still finds its fact in this graph.",
)
@curation_option
@table_or_json
def list_decisions(graph_path: str | None, curation_path, output_format: str) -> None:
    """List the decisions in the curation file, oldest first."""
    from seckg.curation.workflow import list_decisions as states_of

    curation = _curation_file(curation_path, must_exist=False)
    states = states_of(curation, graph_path)
    if output_format == "json":
        click.echo(json.dumps([state.as_dict() for state in states], indent=2))
        return
    rows = [
        [
            s.decision.at,
            s.decision.by,
            s.decision.status,
            fact_id(s.decision.fact),
            s.decision.reason,
            s.state,
        ]
        for s in states
    ]
    _print_table(
        ["when", "by", "decision", "fact", "reason", "state"],
        rows,
        title=f"{curation.path}: {len(states)} decision(s)",
    )


# --------------------------------------------------------------------------- serve


@main.command()
@click.option(
    "--graph",
    "--store",
    "graph_paths",
    multiple=True,
    required=True,
    help="The graph to serve (repeatable for several files): an RDF file or an Oxigraph "
    "store folder (served in place).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds after which a query is stopped (the client gets 503).",
)
@click.option(
    "--workers",
    default=max(2, os.cpu_count() or 2),
    show_default="the number of CPUs, at least 2",
    type=click.IntRange(1, 256),
    help="Query worker processes: how many queries run at once.",
)
@click.option(
    "--cors",
    "cors_origin",
    metavar="ORIGIN",
    help="Let web pages from this one origin (e.g. https://dash.example.org) read answers; "
    "without it no other site's page can.",
)
def serve(
    graph_paths: tuple[str, ...],
    host: str,
    port: int,
    timeout: float,
    workers: int,
    cors_origin: str | None,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with an offline query page.

    The SPARQL 1.1 Protocol at http://HOST:PORT/ (also /query and /sparql): GET, POST form and
    POST application/sparql-query; results as JSON, XML, CSV or TSV and graphs as Turtle,
    N-Triples, JSON-LD or RDF/XML by the Accept header (406 for anything else);
    default-graph-uri and named-graph-uri. Queries run in Oxigraph, in worker processes
    killed at --timeout. Updates (403), LOAD and SERVICE at any depth (403) are refused: the
    endpoint never writes and never calls another server. A browser opening the address gets
    a query page with the bundled queries; it needs no internet.

    \b
    Examples:
      seckg serve --graph graph.ttl
      seckg serve --store workspace/ --port 8080 --timeout 10
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:7878/
      seckg query forums_of_state --graph http://127.0.0.1:7878/ -p state=JPN
    """
    from seckg.sparql.server import serve as run_server
    from seckg.store import is_server

    for location in graph_paths:
        if is_server(location):
            raise SeckgError(f"{location}: already a SPARQL server; query it with seckg query")
    run_server(
        graph_paths,
        host,
        port,
        timeout,
        workers,
        cors_origin=cors_origin,
        announce=lambda line: click.echo(line, err=True),
    )


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


def _check_weight(basis: str, weight: str) -> None:
    if basis == "reference" and weight != "concerns":
        raise click.UsageError(
            "--weight documents/publishers is for ties that rest on documents "
            "(--basis stated or via-forum), not on shared forums"
        )


def _with_window(function):
    for option in reversed(window_options):
        function = option(function)
    return function


basis_option = click.option(
    "--basis",
    type=click.Choice(BASES),
    default="stated",
    show_default=True,
    help="What an actor tie rests on: stated (both named committing on the same threat or "
    "initiative in the documents), via-forum (also members of a committing forum, as of its "
    "date), reference (states sharing forums in the reference data).",
)
weight_option = click.option(
    "--weight",
    type=click.Choice(["concerns", "documents", "publishers"]),
    default="concerns",
    show_default=True,
    help="What makes an actor tie heavy (centrality, communities, strongest ties): the threats "
    "and initiatives both commit on, the documents stating it, or the independent publishers "
    "of those documents (corroboration). Not for --basis reference.",
)
mentioned_option = click.option(
    "--mentioned-only/--all-entities",
    "mentioned",
    default=True,
    show_default=True,
    help="Keep only states and forums the documents name (threats and initiatives always).",
)


@main.command()
@graph_option
@_with_window
@basis_option
@mentioned_option
@table_or_json
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(1, 1000), help="Rows per section."
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the actor network to this PNG file.",
)
@click.option(
    "--view",
    "view_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an interactive, offline HTML view of the actor network to this file.",
)
@include_rejected_option
@weight_option
def analyze(
    graph_path: str,
    since: int | None,
    until: int | None,
    basis: str,
    mentioned: bool,
    output_format: str,
    top: int,
    plot_path: Path | None,
    view_path: Path | None,
    include_rejected: bool,
    weight: str,
) -> None:
    """Network analysis of who shares commitments and forums with whom.

    Who is central (weighted degree, betweenness, PageRank), which communities form (Louvain),
    who brokers between them, which ties are strongest and what each rests on (concerns,
    forums it is inherited through, documents, independent sources), which states share most
    forums, which forums are alike and which threats each forum commits on. By default ties
    are what the documents state; --basis via-forum adds what members inherit from a forum's
    commitments, --basis reference ties states by shared forums.

    \b
    Examples:
      seckg analyze --graph graph.ttl
      seckg analyze --graph graph.ttl --basis via-forum --since 2020 --format json
      seckg analyze --graph graph.ttl --plot network.png --view network.html
    """
    from seckg.network import load_facts
    from seckg.network.summary import analyze as run_analysis
    from seckg.network.summary import tables
    from seckg.query import open_target

    _check_weight(basis, weight)
    with open_target([graph_path]) as target:
        facts = load_facts(target, since=since, until=until, include_rejected=include_rejected)
    report = run_analysis(facts, top=top, basis=basis, mentioned=mentioned, weight=weight)
    if plot_path:
        from seckg.network.plot import plot_actor_network

        plot_actor_network(facts, plot_path, basis=basis, mentioned=mentioned, weight=weight)
    if view_path:
        from seckg.network.view import write_view

        write_view(facts, view_path, basis=basis, mentioned=mentioned, weight=weight)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for title, columns, rows in tables(report):
            _print_table(columns, rows, title=title)
    for path, what in ((plot_path, "plot"), (view_path, "view")):
        if path:
            click.echo(f"{what} written to {path}", err=True)


@main.command()
@graph_option
@_with_window
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["gexf", "graphml", "csv", "json", "jsonld"]),
    default="gexf",
    show_default=True,
    help="gexf (Gephi, dynamic), graphml, csv (Gephi's nodes.csv + edges.csv), json "
    "(node-link with IRIs and lists), jsonld (the RDF graph itself).",
)
@click.option(
    "--network",
    "network_name",
    default="full",
    show_default=True,
    type=click.Choice([*NETWORKS, "shared-commitments"]),
    help="Which network: "
    + "; ".join(f"{name}: {what}" for name, what in NETWORKS.items())
    + " (shared-commitments is actors). jsonld always exports the RDF graph.",
)
@basis_option
@click.option(
    "--mentioned-only/--all-entities",
    "mentioned",
    default=False,
    show_default=True,
    help="Keep only states and forums the documents name.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file (a folder for csv: nodes.csv and edges.csv).",
)
@include_rejected_option
@weight_option
def export(
    graph_path: str,
    since: int | None,
    until: int | None,
    output_format: str,
    network_name: str,
    basis: str,
    mentioned: bool,
    out: Path,
    include_rejected: bool,
    weight: str,
) -> None:
    """Export a network for Gephi and other tools, or the graph as JSON-LD.

    Nodes carry IRI, label, type (State, Forum, Initiative, Threat; a colour in GEXF),
    community, PageRank and weighted degree; edges their kind, weight and what they rest on
    (commitment types, concerns, documents, number of documents and of independent sources,
    first and last date). The full network is directed (member -> forum, actor -> concern).
    GEXF is dynamic: memberships have the years they were held and the role over time, so
    Gephi's timeline shows cooperation changing; the CSV pair has a "Time Interval" column.
    Same graph, same bytes.

    \b
    Examples:
      seckg export --graph graph.ttl --format gexf --out cooperation.gexf
      seckg export --graph graph.ttl --network actors --basis via-forum --out actors.gexf
      seckg export --graph graph.ttl --format csv --out gephi_tables/
      seckg export --graph graph.ttl --network actors --format json --out actors.json
      seckg export --graph graph.ttl --format jsonld --out graph.jsonld
    """
    from seckg.network import build_network, files, load_facts
    from seckg.query import open_target
    from seckg.store import load_any

    if output_format == "jsonld":
        files.write_jsonld(load_any(graph_path), out, include_rejected=include_rejected)
        click.echo(f"wrote {out}", err=True)
        return
    name = "actors" if network_name == "shared-commitments" else network_name
    _check_weight(basis, weight)
    with open_target([graph_path]) as target:
        facts = load_facts(target, since=since, until=until, include_rejected=include_rejected)
    network = build_network(facts, name, basis=basis, mentioned=mentioned, weight=weight)
    if output_format == "gexf":
        files.write_gexf(
            network, out, open_end=facts.reference_year(), modified=facts.newest_date()
        )
    elif output_format == "graphml":
        files.write_graphml(network, out)
    elif output_format == "json":
        files.write_json(network, out)
    else:
        files.write_csv_pair(network, out, open_end=facts.reference_year())
    click.echo(
        f"wrote {out}: {network.number_of_nodes()} nodes, "
        f"{network.number_of_edges()} edges ({network_name}"
        + (f", basis {basis}" if name == "actors" else "")
        + ")",
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
