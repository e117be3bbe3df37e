"""`seckg explain` on a handmade graph whose answer is known, against golden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from seckg.cli import main
from seckg.explain import explain, highlight_spans, render_terminal
from seckg.query import open_target

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "explain"
GRAPH = FIXTURES / "graph.ttl"


def golden(name: str, text: str) -> None:
    """Compare with the golden file; SECKG_UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = FIXTURES / name
    if os.environ.get("SECKG_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["explain", *args, "--graph", str(GRAPH)])
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_matches_the_golden_file():
    golden("japan.md", cli("Japan", "--format", "markdown"))


def test_json_matches_the_golden_file():
    text = cli("JPN", "--format", "json")
    golden("japan.json", text)
    data = json.loads(text)
    # what the handmade graph says, by hand: two memberships (reference row, stated one),
    # two commitments shown (the rejected one hidden), ransomware shared with Australia
    assert [m["source"] for m in data["memberships"]] == ["document", "reference"]
    assert [c["id"] for c in data["commitments"]] == [
        "commitment/tokyo/aaa",
        "commitment/canberra/bbb",
    ]
    assert data["hidden_rejected"] == 1
    first = data["commitments"][0]
    marked = [first["evidence"][start:end] for start, end in first["highlights"]]
    assert marked == ["Japan", "Australia", "ransomware"]
    assert first["publisher"] == "www.mofa.go.jp"


def test_names_codes_and_iris_find_the_same_entity():
    for thing in ("Japan", "japan", "JPN", "state:JPN", "<https://w3id.org/seckg/id/state/JPN>"):
        assert json.loads(cli(thing, "--format", "json"))["entity"]["iri"].endswith("/state/JPN")
    assert json.loads(cli("Quad", "--format", "json"))["entity"]["kind"] == "forum"


def test_about_keeps_the_threat_and_its_narrower_concepts():
    data = json.loads(cli("Japan", "--about", "cyber", "--format", "json"))
    assert [c["type"] for c in data["commitments"]] == ["cooperate", "condemn"]
    assert data["memberships"] == []
    terrorism = json.loads(cli("Japan", "--about", "terrorism", "--format", "json"))
    assert terrorism["commitments"] == [] and terrorism["hidden_rejected"] == 1
    shown = json.loads(
        cli("Japan", "--about", "terrorism", "--format", "json", "--include-rejected")
    )
    assert [c["status"] for c in shown["commitments"]] == ["rejected"]


def test_a_threat_is_explained_by_who_commits_on_it():
    data = json.loads(cli("cyber", "--format", "json"))
    assert {c["part"] for c in data["commitments"]} == {"concern"}
    assert {a["label"] for c in data["commitments"] for a in c["actors"]} == {"Japan", "Australia"}


def test_the_terminal_marks_the_names_in_the_sentence():
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    with open_target([GRAPH]) as target:
        render_terminal(explain(target, "Japan"), console)
    text = console.export_text(clear=False)
    assert "commitment/tokyo/aaa" in text and "1 rejected fact(s) not shown" in text
    html = console.export_html()
    assert "font-weight: bold" in html and ">Japan</span>" in html


def test_unknown_things_are_one_line_errors():
    result = CliRunner().invoke(main, ["explain", "Atlantis", "--graph", str(GRAPH)])
    assert result.exit_code == 2
    assert (
        result.output.count("\n") == 1
        and "no state, territory, forum, threat or initiative" in result.output
    )


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        ("The US and us", ["US"], ["US"]),  # a code in capitals matches only in capitals
        (
            "NATO and North Atlantic Treaty Organization",
            ["NATO", "North Atlantic Treaty"],
            ["NATO", "North Atlantic Treaty"],
        ),
        ("Australian hospitals", ["Australia"], []),  # whole words only
        ("South China Sea and China", ["China", "South China Sea"], ["South China Sea", "China"]),
    ],
)
def test_highlights_are_whole_words_longest_first(sentence, names, expected):
    assert [sentence[s:e] for s, e in highlight_spans(sentence, names)] == expected


REPUBLISHED = """
document:reprint a sec:Document ; dcterms:identifier "reprint" ;
    dcterms:date "2024-03-02"^^xsd:date ; dcterms:publisher "Daily Times" ;
    sec:nearDuplicateOf document:tokyo .
<https://w3id.org/seckg/id/commitment/reprint/ddd> a sec:Commitment ;
    sec:actor state:JPN , state:AUS ; sec:concerns threat:ransomware ;
    sec:commitmentType ct:cooperate ; sec:statedIn document:reprint ;
    sec:evidence "Japan and Australia will work together against ransomware." .
"""


def test_a_republished_story_is_one_source_with_its_first_publication(tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    graph.write_text(GRAPH.read_text(encoding="utf-8") + REPUBLISHED, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "AUS", "--graph", str(graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = {c["concern"]["label"]: c for c in json.loads(result.output)["claims"]}
    assert claims["Ransomware"]["documents"] == 2 and claims["Ransomware"]["publishers"] == 1
    sources = {c["document"]: c["source"] for c in json.loads(result.output)["commitments"]}
    assert sources == {"tokyo": "publisher:www.mofa.go.jp", "reprint": "publisher:www.mofa.go.jp"}
    # the bundled query counts the same way
    rows = CliRunner().invoke(
        main, ["query", "claim_corroboration", "--graph", str(graph), "--format", "json"]
    )
    bindings = json.loads(rows.output)["results"]["bindings"]
    ransomware = [b for b in bindings if b["concern"]["value"].endswith("/ransomware")]
    assert {(b["documents"]["value"], b["publishers"]["value"]) for b in ransomware} == {("2", "1")}


def test_a_territory_is_explained_with_its_memberships(seed_graph_file: Path):
    """Hong Kong is no state, but it is a member of APEC: explain finds it by name or code."""
    for thing in ("Hong Kong", "HKG"):
        result = CliRunner().invoke(
            main, ["explain", thing, "--graph", str(seed_graph_file), "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["entity"]["kind"] == "territory"
        assert "forum/apec" in {m["forum"]["iri"].split("/id/")[1] for m in data["memberships"]}
