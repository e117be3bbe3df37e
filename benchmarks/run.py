"""seckg benchmarks: one command, one table (Markdown on stdout).

    python benchmarks/run.py                                   # the README's table
    python benchmarks/run.py --ingest-docs 500 --docs 100 --quick   # a smoke run

Ingest (read + extract + write into an Oxigraph store) of --ingest-docs documents with 1 and 2
processes. Then, on stores of --docs documents (400 and 4000 generated documents hold about
100k and 1M triples): every bundled query in the Oxigraph store (p50 of 5 runs, unbound and
with the parameters of the query's own example) and in memory (rdflib, one run, stopped at
--rdflib-limit seconds), SHACL validation of the store in place, network analysis and GEXF
export. Each measurement runs in a process of its own, so its peak memory (max RSS, with its
worker processes) is its own. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --------------------------------------------------------------------------- stages (child)


def stage_ingest(corpus: Path, store: Path, jobs: int) -> dict:
    from seckg.build import input_files, update_store
    from seckg.store.oxigraph import OxigraphStore

    paths = input_files([corpus])
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    started = time.perf_counter()
    with OxigraphStore(store) as target:
        update_store(target, paths, jobs=jobs)
        triples = target.size()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "docs_per_s": len(paths) / seconds,
        "mb_per_s": megabytes / seconds,
        "triples": triples,
    }


def _example_params(text: str) -> dict[str, str]:
    """The --param bindings of the query's own "# Example:" line."""
    example = next((line for line in text.splitlines() if line.startswith("# Example:")), "")
    return dict(re.findall(r"--param (\w+)=(\S+)", example))


def _p50_ms(run, repeat: int = 5) -> float:
    """Median wall time of `run()` (a query, read to its last row)."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        list(run())
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def stage_queries(store: Path, rdflib_limit: float) -> dict:
    from seckg.query import bundled_queries, run_query
    from seckg.store.oxigraph import OxigraphStore

    latencies: dict[str, dict[str, float | None]] = {}
    with OxigraphStore(store) as target:
        for name, query in sorted(bundled_queries().items()):
            text = query.path.read_text(encoding="utf-8")
            params = _example_params(text)
            latencies[name] = {
                "oxigraph_ms": _p50_ms(partial(run_query, target, text, name)),
                "bound_ms": _p50_ms(partial(run_query, target, text, name, params))
                if params
                else None,
            }
        graph = target.to_graph()
    for name, query in sorted(bundled_queries().items()):
        text = query.path.read_text(encoding="utf-8")
        latencies[name]["rdflib_ms"] = _rdflib_ms(graph, text, rdflib_limit)
    return {"queries": latencies}


class _OverTime(Exception):
    pass


def _rdflib_ms(graph, text: str, limit: float) -> float | None:
    """One rdflib run, or None when it passes `limit` seconds. A timer signal interrupts the
    evaluation wherever it is (the endpoint's deadline is only checked between query parts,
    and an aggregate over a large join ran for minutes past it)."""

    def over_time(*_args):
        raise _OverTime

    signal.signal(signal.SIGALRM, over_time)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        list(graph.query(text))
        return (time.perf_counter() - started) * 1000
    except _OverTime:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def stage_validate(store: Path) -> dict:
    from seckg.store.oxigraph import OxigraphStore
    from seckg.validate import validate_store

    started = time.perf_counter()
    with OxigraphStore(store) as target:
        outcome = validate_store(target)
    return {"seconds": time.perf_counter() - started, "summary": outcome.summary()}


def stage_command(*args: str) -> dict:
    """One seckg command as a user runs it (`seckg analyze --store ...`), in this process, so
    the stage's peak memory is the command's."""
    from seckg.cli import main

    started = time.perf_counter()
    try:
        main(list(args), standalone_mode=False)
    finally:
        sys.stdout.flush()
    return {"seconds": time.perf_counter() - started}


def stage_network(store: Path, out: Path) -> dict:
    """`seckg analyze --format json` and `seckg export --format gexf` on the store, each in a
    process of its own (issue 16's target: each under 30 s and 600 MiB at 1M triples)."""
    analysis = _child("command", "analyze", "--store", str(store), "--format", "json")
    export = _child(
        "command", "export", "--store", str(store), "--format", "gexf", "--out", str(out)
    )
    return {
        "analysis_s": analysis["seconds"],
        "analysis_mib": analysis["peak_mib"],
        "gexf_s": export["seconds"],
        "gexf_mib": export["peak_mib"],
    }


# --------------------------------------------------------------------------- driver (parent)


def _child(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, str(Path(__file__)), "--stage", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:3] == ["--stage", "command"]:  # its arguments are seckg's, options included
        result = stage_command(*sys.argv[3:])
        result["peak_mib"] = _peak_mib()
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest-docs", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--docs", type=int, nargs="*", default=[400, 4000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rdflib-limit", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="skip rdflib query timings")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        name, *rest = args.stage
        stages = {
            "ingest": lambda: stage_ingest(Path(rest[0]), Path(rest[1]), int(rest[2])),
            "queries": lambda: stage_queries(Path(rest[0]), float(rest[1])),
            "validate": lambda: stage_validate(Path(rest[0])),
            "network": lambda: stage_network(Path(rest[0]), Path(rest[1])),
        }
        result = stages[name]()
        result["peak_mib"] = _peak_mib()
        print(json.dumps(result))
        return

    sys.path.insert(0, str(HERE))
    from corpus import generate

    print(f"# seckg benchmarks, {date.today()}")
    print(
        f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}\n"
    )
    rows, query_rows, triples = [], {}, {}
    with tempfile.TemporaryDirectory() as scratch:
        for count in args.ingest_docs:
            corpus = Path(scratch) / f"corpus-{count}"
            generate(corpus, count)
            for jobs in args.jobs:
                store = Path(scratch) / f"ingest-{count}-{jobs}"
                ingest = _child("ingest", str(corpus), str(store), str(jobs))
                rows.append(
                    (
                        f"ingest {count:,} docs, {jobs} proc.",
                        f"{ingest['seconds']:.1f} s",
                        f"{ingest['docs_per_s']:.0f} docs/s, {ingest['mb_per_s']:.2f} MB/s, "
                        f"{ingest['triples']:,} triples",
                        ingest["peak_mib"],
                    )
                )
                shutil.rmtree(store)
            shutil.rmtree(corpus)
        for count in args.docs:
            corpus = Path(scratch) / f"corpus-{count}"
            generate(corpus, count)
            store = Path(scratch) / f"store-{count}"
            ingest = _child("ingest", str(corpus), str(store), str(max(args.jobs)))
            triples[count] = ingest["triples"]
            size = f"{count:,} docs ({ingest['triples']:,} triples)"
            queries = _child("queries", str(store), str(0.001 if args.quick else args.rdflib_limit))
            for name, timing in queries["queries"].items():
                query_rows.setdefault(name, {})[count] = timing
            rows.append((f"all queries, {size}", "", "see below", queries["peak_mib"]))
            check = _child("validate", str(store))
            rows.append(
                (
                    f"validate the store, {size}",
                    f"{check['seconds']:.1f} s",
                    check["summary"],
                    check["peak_mib"],
                )
            )
            network = stage_network(store, Path(scratch) / "full.gexf")
            rows.append(
                (f"analyze, {size}", f"{network['analysis_s']:.1f} s", "", network["analysis_mib"])
            )
            rows.append(
                (f"export GEXF, {size}", f"{network['gexf_s']:.1f} s", "", network["gexf_mib"])
            )
            shutil.rmtree(corpus)
            shutil.rmtree(store)

    print("| measurement | time | throughput / result | peak memory |")
    print("|---|---:|---|---:|")
    for what, seconds, detail, peak in rows:
        print(f"| {what} | {seconds} | {detail} | {peak:.0f} MiB |")

    def cell(ms: float | None, limit: bool) -> str:
        if ms is None:
            return f"> {args.rdflib_limit:.0f} s" if limit else "–"
        return f"{ms:.0f}" if ms >= 10 else f"{ms:.1f}"

    if not args.docs:
        return
    print(
        "\nQuery latency in ms: Oxigraph store p50 of 5, unbound (with the example's parameters)"
        " / rdflib in memory, one run:\n"
    )
    print("| query | " + " | ".join(f"{triples[c]:,} triples" for c in args.docs) + " |")
    print("|---|" + "---:|" * len(args.docs))
    for name, by_count in query_rows.items():
        cells = []
        for c in args.docs:
            timing = by_count[c]
            bound = timing.get("bound_ms")
            cells.append(
                cell(timing["oxigraph_ms"], True)
                + (f" ({cell(bound, True)})" if bound is not None else "")
                + f" / {cell(timing.get('rdflib_ms'), not args.quick)}"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
