"""Identical files read once; republished stories linked, so they are not counted twice."""

from __future__ import annotations

from pathlib import Path

from seckg.build import build_graph
from seckg.graph import document_iri
from seckg.ingest.duplicates import Signed, group_copies, near_duplicates, text_signature
from seckg.namespaces import SEC

STORY = (
    "The foreign ministers of Australia, India, Japan and the United States met in Tokyo on "
    "Monday and agreed to expand the maritime domain awareness initiative across the Indian "
    "Ocean. They condemned the ransomware attacks on hospitals in the region and committed to "
    "share threat intelligence through their national cyber agencies. The ministers also "
    "discussed undersea cables, critical minerals and humanitarian assistance after disasters, "
    "and said they would meet again next year in New Delhi to review the progress made."
)
OTHER = (
    "NATO defence ministers agreed in Brussels to raise the readiness of forces on the eastern "
    "flank and to buy more air defence systems, after a winter of drone incursions and attacks "
    "on energy infrastructure. The Secretary General said that Allies would keep supporting "
    "Ukraine and would meet the new spending guideline agreed at the summit, with plans to be "
    "presented by national governments before the end of the year to the alliance's committees."
)


def test_identical_bytes_are_one_document_with_aliases(tmp_path: Path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(STORY)
    (tmp_path / "other.txt").write_text(OTHER)
    paths = sorted(tmp_path.iterdir())
    copies = group_copies(paths)
    assert [p.name for p in copies.paths] == ["a.txt", "other.txt"]
    assert [p.name for p in copies.aliases[tmp_path / "a.txt"]] == ["b.txt", "c.txt"]

    result = build_graph(paths)
    assert sorted(result.documents) == ["a", "other"]
    assert result.reading.copies == {"a": [str(tmp_path / "b.txt"), str(tmp_path / "c.txt")]}
    files = set(map(str, result.graph.objects(document_iri("a"), SEC.duplicateFile)))
    assert files == {str(tmp_path / "b.txt"), str(tmp_path / "c.txt")}


def test_nine_hundred_copies_are_one_document(tmp_path: Path):
    for n in range(900):
        (tmp_path / f"copy_{n:03}.txt").write_text(STORY)
    copies = group_copies(sorted(tmp_path.iterdir()))
    assert len(copies.paths) == 1 and len(copies.aliases[copies.paths[0]]) == 899


def test_a_republished_story_is_linked_to_the_first(tmp_path: Path):
    (tmp_path / "wire.txt").write_text("Reuters\n13 March 2023\n\n" + STORY)
    republished = STORY.replace("on Monday", "on Monday, 13 March,") + " (Additional reporting.)"
    (tmp_path / "site.txt").write_text("The Daily Times\n14 March 2023\n\n" + republished)
    (tmp_path / "other.txt").write_text("13 March 2023\n\n" + OTHER)
    result = build_graph(sorted(tmp_path.iterdir()))
    assert [(d.identifier, d.original) for d in result.reading.near_duplicates] == [
        ("site", "wire")
    ]
    assert result.reading.near_duplicates[0].similarity >= 0.7
    assert (document_iri("site"), SEC.nearDuplicateOf, document_iri("wire")) in result.graph
    assert not list(result.graph.objects(document_iri("other"), SEC.nearDuplicateOf))


def test_the_original_is_the_earliest_whatever_the_order():
    signature = text_signature(STORY)
    assert signature
    documents = [
        Signed("late", "2023-03-15", signature),
        Signed("undated", None, signature),
        Signed("early", "2023-03-13", signature),
    ]
    found = near_duplicates(documents)
    assert {(d.identifier, d.original) for d in found} == {
        ("late", "early"),
        ("undated", "early"),
    }
    assert near_duplicates(reversed(documents)) == found


def test_short_texts_get_no_signature():
    assert text_signature("NATO leaders met in Vilnius.") is None
    assert text_signature(STORY) != text_signature(OTHER)
