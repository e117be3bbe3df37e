"""Incremental builds into an embedded Oxigraph store: named graphs, skips, replaces, removes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from seckg import build as build_module
from seckg.build import build, input_files, update_store
from seckg.cli import main
from seckg.curation import CURATION_GRAPH
from seckg.graph import document_iri
from seckg.query import open_target, select_rows
from seckg.reference import forum_iri
from seckg.store import BASE_GRAPH, open_store
from seckg.store.oxigraph import OxigraphStore


def _graphs(folder: Path) -> dict[str, set]:
    """Every named graph's quads, as text: what 'unchanged' is judged by."""
    store = ox.Store.read_only(str(folder))
    graphs: dict[str, set] = {}
    for quad in store:
        graphs.setdefault(str(quad.graph_name), set()).add(str(quad.triple))
    return graphs


def _assert_default_is_union(folder: Path) -> None:
    """The default graph, which queries read, holds exactly the triples of the named graphs."""
    graphs = _graphs(folder)
    default = graphs.pop("DEFAULT", set())
    assert default == set().union(*graphs.values())


def test_building_twice_changes_nothing(seed_copy: Path, tmp_path: Path):
    workspace = tmp_path / "workspace"
    first = build(workspace, input_files([seed_copy]), validate=False)
    assert len(first.incremental.added) == 4 and first.incremental.rules_changed
    before = _graphs(workspace)
    second = build(workspace, input_files([seed_copy]), validate=False)
    assert second.incremental.added == second.incremental.replaced == []
    assert sorted(second.incremental.unchanged) == sorted(first.incremental.added)
    assert _graphs(workspace) == before and second.triples == first.triples
    assert f"<{BASE_GRAPH}>" in before
    assert f"<{document_iri(first.incremental.added[0])}>" in before


def test_a_changed_document_replaces_only_its_graph(seed_copy: Path, tmp_path: Path):
    workspace = tmp_path / "workspace"
    build(workspace, input_files([seed_copy]), validate=False)
    before = _graphs(workspace)
    changed = sorted(seed_copy.iterdir())[0]
    changed.write_text("NATO condemned ransomware attacks on hospitals.\n", encoding="utf-8")
    report = build(workspace, input_files([seed_copy]), validate=False)
    assert report.incremental.replaced == [changed.stem]
    after = _graphs(workspace)
    name = f"<{document_iri(changed.stem)}>"
    assert after[name] != before[name]
    assert any("ransomware" in triple for triple in after[name])
    # the curation graph gives every fact its status, so it follows the changed facts
    curation = f"<{CURATION_GRAPH}>"
    assert {g: q for g, q in after.items() if g not in (name, "DEFAULT", curation)} == {
        g: q for g, q in before.items() if g not in (name, "DEFAULT", curation)
    }
    _assert_default_is_union(workspace)


def test_the_union_keeps_triples_another_document_still_states(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):  # the same sentence, in two files that are not copies
        (corpus / f"{name}.txt").write_text(
            f"Statement {name}.\n\n"
            "NATO leaders launched the Joint Cyber Resilience Initiative to counter ransomware.\n",
            encoding="utf-8",
        )
    workspace = tmp_path / "workspace"
    build(workspace, input_files([corpus]), validate=False)
    with OxigraphStore(workspace) as store:
        assert store.remove_document("a")
    _assert_default_is_union(workspace)
    with open_store(workspace) as store:
        shared = store.query(
            "ASK { ?i a sec:Initiative ; rdfs:label 'Joint Cyber Resilience Initiative'@en ;"
            f" sec:launchedBy <{forum_iri('nato')}> }}"
        )
        gone = store.query(f"ASK {{ ?i prov:wasDerivedFrom <{document_iri('a')}> }}")
    assert shared.askAnswer and not gone.askAnswer


def test_remove_drops_one_document(seed_copy: Path, tmp_path: Path):
    workspace = tmp_path / "workspace"
    build(workspace, input_files([seed_copy]), validate=False)
    victim = sorted(seed_copy.iterdir())[1].stem
    runner = CliRunner()
    result = runner.invoke(main, ["remove", victim, "--store", str(workspace)])
    assert result.exit_code == 0, result.output
    graphs = _graphs(workspace)
    # the default graph, the base, the curation graph and the three other documents
    assert f"<{document_iri(victim)}>" not in graphs and len(graphs) == 1 + 1 + 1 + 3
    # statuses are given again: none is left for a fact of the removed document
    assert not any(f"/commitment/{victim}/" in quad for quad in graphs[f"<{CURATION_GRAPH}>"])
    _assert_default_is_union(workspace)
    result = runner.invoke(main, ["remove", victim, "--store", str(workspace)])
    assert result.exit_code == 2 and f"no document '{victim}'" in result.stderr


def test_an_interrupted_build_resumes(seed_copy: Path, tmp_path: Path):
    workspace = tmp_path / "workspace"
    paths = input_files([seed_copy])
    seen = []

    def interrupt(path: Path) -> None:
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), OxigraphStore(workspace) as store:
        update_store(store, paths, on_progress=interrupt, batch_size=1)
    with OxigraphStore(workspace) as store:
        assert len(store.document_hashes()) == 2  # the two committed before the stop
        resumed = update_store(store, paths)
        assert len(resumed.unchanged) == 2 and len(resumed.added) == 2
    _assert_default_is_union(workspace)


def test_new_rules_extract_everything_again(seed_copy: Path, tmp_path: Path, monkeypatch):
    workspace = tmp_path / "workspace"
    build(workspace, input_files([seed_copy]), validate=False)
    monkeypatch.setattr(build_module.resources, "rules_fingerprint", lambda: "other rules")
    report = build(workspace, input_files([seed_copy]), validate=False)
    assert report.incremental.rules_changed and len(report.incremental.replaced) == 4


def test_queries_on_the_store_match_the_file(seed_copy: Path, tmp_path: Path, seed_graph):
    workspace = tmp_path / "workspace"
    build(workspace, input_files([seed_copy]), validate=False)
    text = (
        "SELECT ?label WHERE { ?m org:member ?state ; org:organization ?f . "
        "?f rdfs:label ?label } ORDER BY ?label"
    )
    bindings = {"state": "state:JPN"}
    with open_store(workspace) as store:
        assert len(store.to_graph()) == store.size()
    with open_target([workspace]) as target:
        ours = [str(row["label"]) for row in select_rows(target, text, "q", bindings)]
    theirs = [str(row["label"]) for row in select_rows(seed_graph, text, "q", bindings)]
    assert ours == theirs and "Quadrilateral Security Dialogue" in ours


def test_cli_build_store_reports_skips(seed_copy: Path, tmp_path: Path):
    workspace = tmp_path / "workspace"
    runner = CliRunner()
    args = ["build", str(seed_copy), "--store", str(workspace), "--no-validate"]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, args)
    assert "0 added, 0 replaced, 4 unchanged (skipped)" in result.stdout
    result = runner.invoke(
        main,
        [
            "query",
            "forums_of_state",
            "--store",
            str(workspace),
            "-p",
            "state=state:AUS",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0 and "secid" not in result.stdout.splitlines()[0]


def test_a_build_interrupted_under_new_rules_still_redoes_the_rest(
    seed_copy: Path, tmp_path: Path, monkeypatch
):
    workspace = tmp_path / "workspace"
    paths = input_files([seed_copy])
    build(workspace, paths, validate=False)
    monkeypatch.setattr(build_module.resources, "rules_fingerprint", lambda: "other rules")

    def interrupt(path: Path) -> None:
        if path == paths[1]:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), OxigraphStore(workspace) as store:
        update_store(store, paths, on_progress=interrupt, batch_size=1)
    with OxigraphStore(workspace) as store:
        assert store.fingerprint() == "other rules"
        resumed = update_store(store, paths)
        assert not resumed.rules_changed
        assert len(resumed.unchanged) == 2 and len(resumed.replaced) == 2


def test_cli_validates_a_store_in_place_like_pyshacl_does_in_memory(
    seed_copy: Path, tmp_path: Path, forums_without_members: set[str]
):
    import json

    from seckg.store import load_graph

    workspace = tmp_path / "workspace"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(seed_copy), "--store", str(workspace)]).exit_code == 0
    planted = Path(__file__).parents[1] / "fixtures" / "validation" / "one_of_each.ttl"
    with OxigraphStore(workspace) as store:
        store.replace_documents({"planted": load_graph(planted)}, "hand-made")
    reports = {}
    for engine in ("sparql", "pyshacl"):
        args = ["validate", "--store", str(workspace), "--format", "json", "--engine", engine]
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        reports[engine] = json.loads(result.stdout)
    for a, b in zip(reports["sparql"]["findings"], reports["pyshacl"]["findings"], strict=True):
        assert a == b
    assert reports["sparql"] == reports["pyshacl"]
    # the fixture's six violations and two warnings, plus its "NZL" state now clashing with
    # the reference data's state:NZL (both ends reported), plus one warning per reference
    # forum whose members the data does not list yet
    assert reports["sparql"]["violations"] == 8
    assert reports["sparql"]["warnings"] == 2 + len(forums_without_members)


def test_near_duplicates_are_found_across_builds_and_kept_in_their_own_graph(tmp_path: Path):
    from seckg.build import DUPLICATES_GRAPH
    from seckg.namespaces import SEC

    story = (
        "The foreign ministers of Australia, India, Japan and the United States met in Tokyo "
        "and agreed to expand the maritime domain awareness initiative across the Indian Ocean. "
        "They condemned the ransomware attacks on hospitals in the region and committed to "
        "share threat intelligence through their national cyber agencies, and discussed "
        "undersea cables, critical minerals and help after disasters before they left.\n"
    )
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "wire.txt").write_text("Reuters\n13 March 2023\n\n" + story)
    (first / "undated.txt").write_text("A note\n\nNATO ministers agreed to buy air defence.\n")
    workspace = tmp_path / "workspace"
    build(workspace, input_files([first]), validate=False)
    (second / "site.txt").write_text("Daily Times\n14 March 2023\n\n" + story + "Credit: AP.\n")
    (second / "site_copy.txt").write_text(
        "Daily Times\n14 March 2023\n\n" + story + "Credit: AP.\n"
    )
    report = build(workspace, input_files([second]), validate=False)
    assert [(d.identifier, d.original) for d in report.reading.near_duplicates] == [
        ("site", "wire")
    ]
    assert report.reading.copies == {"site": [str(second / "site_copy.txt")]}
    assert report.reading.undated == []  # of the documents given this time
    assert build(workspace, input_files([first]), validate=False).reading.undated == ["undated"]
    graphs = _graphs(workspace)
    link = f"<{document_iri('site')}> <{SEC.nearDuplicateOf}> <{document_iri('wire')}>"
    assert link in graphs[f"<{DUPLICATES_GRAPH}>"]
    _assert_default_is_union(workspace)
