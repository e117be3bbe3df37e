"""The evaluator on a small handmade graph whose score is known by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph

from seckg.errors import InputError
from seckg.evaluate import content_words, evaluate, jaccard, load_gold

GRAPH = """
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix state: <https://w3id.org/seckg/id/state/> .
@prefix forum: <https://w3id.org/seckg/id/forum/> .
@prefix threat: <https://w3id.org/seckg/id/threat/> .
@prefix x: <https://w3id.org/seckg/id/x/> .
@prefix role: <https://w3id.org/seckg/id/role/> .

forum:g7 a sec:Forum ; rdfs:label "Group of Seven" ; sec:acronym "G7" .
forum:osce a sec:Forum ; rdfs:label "OSCE" .
state:GBR a sec:State ; rdfs:label "United Kingdom" ; sec:iso3 "GBR" .
state:CAN a sec:State ; rdfs:label "Canada" ; sec:iso3 "CAN" .
state:FRA a sec:State ; rdfs:label "France" ; sec:iso3 "FRA" .
threat:cyber a sec:Threat ; skos:prefLabel "Cyber" .
threat:ransomware a sec:Threat ; skos:prefLabel "Ransomware" ; skos:broader threat:cyber .
threat:wmd a sec:Threat ; skos:prefLabel "WMD" .
x:rrm a sec:Initiative ; rdfs:label "G7 Rapid Response Mechanisms" .
x:other a sec:Initiative ; rdfs:label "Something Else Entirely" .

x:d1 a sec:Document ; dcterms:identifier "d1" ;
    sec:mentions forum:g7 , forum:osce , state:GBR , state:CAN , state:FRA , threat:ransomware ,
                 threat:wmd , x:rrm , x:other .
x:m1 a sec:Membership ; org:member state:GBR ; org:organization forum:g7 ;
    sec:role role:member ; sec:statedIn x:d1 .
x:c1 a sec:Commitment ; sec:actor forum:g7 , state:GBR ; sec:concerns threat:ransomware , x:rrm ;
    sec:statedIn x:d1 .
"""

GOLD = {
    "document": "d1",
    "forums": ["G7|Group of Seven", "NATO"],
    "states": ["GBR", "RUS"],
    "threats": ["cyber"],
    "initiatives": [{"name": "Rapid Response Mechanism|RRM"}],
    "memberships": [{"member": "GBR", "forum": "G7", "role": "member"}],
    "commitments": [
        {"actor": "G7", "concerns": "cyber"},
        {"actor": "G7", "concerns": "Rapid Response Mechanism"},
        {"actor": "CAN", "concerns": "wmd"},
    ],
    "optional": {"states": ["CAN"], "commitments": [{"actor": "GBR", "concerns": "cyber"}]},
}


@pytest.fixture
def result():
    return evaluate(Graph().parse(data=GRAPH, format="turtle"), {"d1": GOLD})


def test_forums_match_by_label_or_acronym(result):
    score = result.by_kind["forums"]  # G7 hit, NATO missed, OSCE false
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_states_with_optional_set_aside(result):
    score = result.by_kind["states"]  # GBR hit, RUS missed, CAN optional, FRA false
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_narrower_threat_counts_as_its_top_concept(result):
    score = result.by_kind["threats"]  # ransomware -> cyber hit, wmd false
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_initiatives_match_by_content_word_jaccard(result):
    # "G7 Rapid Response Mechanisms" vs "Rapid Response Mechanism": {rapid, response} of
    # {g7, rapid, response, mechanism, mechanisms} = 0.4 < 0.7 — no match. Both false/missed.
    score = result.by_kind["initiatives"]
    assert (score.tp, score.fp, score.fn) == (0, 2, 1)


def test_memberships_and_commitments(result):
    assert result.by_kind["memberships"].tp == 1
    score = result.by_kind["commitments"]
    # G7->cyber hit; GBR->cyber optional; G7->rrm and GBR->rrm false (initiative unmatched);
    # missed: G7->Rapid Response Mechanism, CAN->wmd
    assert (score.tp, score.fp, score.fn) == (1, 2, 2)


def test_overall_is_the_sum_of_kinds(result):
    overall = result.overall
    assert overall.tp == sum(s.tp for s in result.by_kind.values())
    assert overall.precision == pytest.approx(5 / 12)
    assert overall.recall == pytest.approx(5 / 10)


def test_jaccard_threshold_example():
    a = content_words("Quad Infrastructure Fellowships")
    b = content_words("the Quad Infrastructure Fellowships programme")
    assert jaccard(a, b) == pytest.approx(3 / 4)


def test_missing_document_counts_all_gold_as_missed():
    result = evaluate(Graph(), {"d1": GOLD})
    assert result.missing_documents == ["d1"]
    assert result.overall.tp == 0 and result.overall.fn == 10


def test_bad_gold_yaml_names_file_and_line(tmp_path: Path):
    (tmp_path / "d1.yaml").write_text("document: d1\nforums: [G7\n")
    with pytest.raises(InputError, match=r"d1.yaml: not valid YAML at line"):
        load_gold(tmp_path)


def test_gold_round_trip(tmp_path: Path):
    (tmp_path / "d1.yaml").write_text(yaml.safe_dump(GOLD))
    assert load_gold(tmp_path)["d1"]["states"] == ["GBR", "RUS"]


ALIAS_GRAPH = """
@prefix sec: <https://w3id.org/seckg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://w3id.org/seckg/id/x/> .
@prefix role: <https://w3id.org/seckg/id/role/> .

x:g7 a sec:Forum ; rdfs:label "Group of Seven" .
x:jef a sec:Forum ; rdfs:label "JEF" .
x:nor a sec:State ; rdfs:label "Norway" ; sec:iso3 "NOR" .
x:rrm a sec:Initiative ; rdfs:label "Rapid Response Mechanism" .
x:d2 a sec:Document ; dcterms:identifier "d2" ; sec:mentions x:g7 , x:jef , x:nor , x:rrm .
x:m a sec:Membership ; org:member x:nor ; org:organization x:jef ;
    sec:role role:member ; sec:statedIn x:d2 .
x:c a sec:Commitment ; sec:actor x:g7 ; sec:concerns x:rrm ; sec:statedIn x:d2 .
"""


def test_names_in_relations_match_through_their_own_and_their_entrys_aliases():
    gold = {
        "document": "d2",
        "forums": ["G7|Group of Seven", "Joint Expeditionary Force|JEF"],
        "states": ["NOR"],
        "initiatives": [{"name": "Rapid Response Mechanism|RRM"}],
        # "Joint Expeditionary Force" matches the graph's "JEF" through the forums entry;
        # "G7" the graph's "Group of Seven" the same way; "RRM" through the initiative entry
        "memberships": [{"member": "NOR", "forum": "Joint Expeditionary Force", "role": "member"}],
        "commitments": [{"actor": "G7", "concerns": "RRM"}],
    }
    result = evaluate(Graph().parse(data=ALIAS_GRAPH, format="turtle"), {"d2": gold})
    assert result.by_kind["memberships"].tp == 1
    assert result.by_kind["commitments"].tp == 1
    # an alias list written in the relation itself works without any entry to lean on
    gold["forums"], gold["initiatives"] = [], []
    gold["memberships"][0]["forum"] = "Joint Expeditionary Force|JEF"
    gold["commitments"][0] = {
        "actor": "Group of Seven|G7",
        "concerns": "RRM|Rapid Response Mechanism",
    }
    result = evaluate(Graph().parse(data=ALIAS_GRAPH, format="turtle"), {"d2": gold})
    assert result.by_kind["memberships"].tp == 1
    assert result.by_kind["commitments"].tp == 1
    # and a name that is not one of the aliases does not
    gold["commitments"][0] = {"actor": "G20", "concerns": "RRM|Rapid Response Mechanism"}
    result = evaluate(Graph().parse(data=ALIAS_GRAPH, format="turtle"), {"d2": gold})
    assert (result.by_kind["commitments"].tp, result.by_kind["commitments"].fp) == (0, 1)
