"""The W3C SHACL Core test suite, read from its manifests and graded as pySHACL grades itself.

An engine that says "conforms" when it did not look is worse than a slow one, so every engine
seckg offers is held to the suite (`tests/validate/test_w3c_suite.py`,
`benchmarks/shacl_engines.py`).
The suite (manifests, data, shapes, expected reports) is vendored in
`tests/fixtures/w3c-shacl-core/`; an engine is anything that takes a data file and a shapes
file and returns a report graph (or raises `ValidationFailure` where a test expects failure).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace, Node, URIRef
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

Engine = Callable[[Path, Path], Graph]
"""(data file, shapes file) -> a graph holding one sh:ValidationReport.

Files rather than parsed graphs, so an engine reads the suite's literals as written (rdflib
rewrites some ill-formed ones, such as "none"^^xsd:boolean, while parsing)."""


@dataclass(frozen=True)
class SuiteTest:
    """One sht:Validate entry: its files and the expected report in its manifest graph."""

    name: str
    data_file: Path
    shapes_file: Path
    manifest_file: Path
    entry: URIRef

    def grade(self, report: Graph) -> bool:
        """Whether `report` matches the expected one (pyshacl's `check_sht_result`)."""
        from pyshacl.validator_conformance import check_sht_result

        expected = parse_turtle(self.manifest_file)  # anew: the grader edits the graphs it compares
        quiet = logging.getLogger("seckg.w3c")
        quiet.setLevel(logging.CRITICAL)
        for prefix, namespace in expected.namespaces():
            # the grader compares IRIs as prefixed names: the same prefixes on both sides
            report.bind(prefix, namespace, override=True, replace=True)
        result = expected.value(self.entry, MF.result)
        return bool(check_sht_result(report, expected, result, log=quiet))


def load_suite(root: Path) -> list[SuiteTest]:
    """Every test reachable from `root/manifest.ttl` through mf:include, in manifest order."""
    return list(_tests(root.resolve() / "manifest.ttl"))


def _tests(manifest_file: Path) -> Iterator[SuiteTest]:
    manifest = parse_turtle(manifest_file)
    for included in manifest.objects(None, MF.include):
        yield from _tests(_path(included))
    for listing in manifest.objects(None, MF.entries):
        for entry in Collection(manifest, listing):
            if (entry, RDF.type, SHT.Validate) not in manifest:
                continue
            action = manifest.value(entry, MF.action)
            yield SuiteTest(
                name=f"{manifest_file.parent.name}/{_path(entry).name}",
                data_file=_path(manifest.value(action, SHT.dataGraph)),
                shapes_file=_path(manifest.value(action, SHT.shapesGraph)),
                manifest_file=manifest_file,
                entry=entry,
            )


def run_suite(engine: Engine, tests: list[SuiteTest]) -> dict[str, bool | str]:
    """Each test's grade: True, False, or the error the engine raised, by test name."""
    outcome: dict[str, bool | str] = {}
    for test in tests:
        try:
            outcome[test.name] = test.grade(engine(test.data_file, test.shapes_file))
        except Exception as error:  # an engine's refusal or crash is a failed test, named
            outcome[test.name] = f"{type(error).__name__}: {error}"
    return outcome


def parse_turtle(path: Path) -> Graph:
    """A suite file, literals as written, with its own address as base so `<>` and relative
    names resolve."""
    from seckg.validate.lexical import literals_as_written

    with literals_as_written():
        return Graph().parse(path, format="turtle", publicID=path.as_uri())


def _path(iri: Node) -> Path:
    text = str(iri)
    if not isinstance(iri, URIRef) or not text.startswith("file://"):
        raise ValueError(f"not a file of the suite: {text}")
    return Path(text.removeprefix("file://").partition("#")[0])


def seckg_engine(engine: str) -> Engine:
    """seckg's validation through its API, as `seckg validate --graph D --shapes S` runs it."""

    def run(data_file: Path, shapes_file: Path) -> Graph:
        from seckg.validate import validate_graph

        outcome = validate_graph(
            parse_turtle(data_file),
            engine=engine,
            shapes=parse_turtle(shapes_file),
            with_ontology=False,
        )
        return outcome.report_graph

    return run
