"""Names of forums, states and threats, with inflections, aliases, demonyms and blockers."""

from pathlib import Path

import pytest

from seckg.extract.gazetteer import Mention


def found(knowledge, text, kind=None):
    return [(m.kind, m.ident) for m in knowledge.gazetteer.find(text) if kind in (None, m.kind)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("NATO's leaders met.", ("forum", "nato")),
        ("The Group of Seven will meet.", ("forum", "g7")),
        ("ASEAN-India relations", ("forum", "asean")),
        ("the UN Security Council voted", ("forum", "unsc")),
        ("The Shanghai Cooperation Organization summit", ("forum", "sco")),
    ],
)
def test_forums(knowledge, text, expected):
    assert expected in found(knowledge, text)


def test_longest_name_wins(knowledge):
    assert found(knowledge, "the UN Security Council", "forum") == [("forum", "unsc")]
    assert found(knowledge, "Papua New Guinea and Guinea", "state") == [
        ("state", "PNG"),
        ("state", "GIN"),
    ]


@pytest.mark.parametrize(
    "text,iso3",
    [
        ("Russian hackers struck.", "RUS"),
        ("The U.S. said", "USA"),
        ("Britain warned", "GBR"),
        ("the ROK navy", "KOR"),
        ("Pyongyang fired", "PRK"),
        ("Türkiye and Turkey", "TUR"),
        ("Viet Nam's coast guard", "VNM"),
        ("Moscow denied it", "RUS"),
    ],
)
def test_states_by_name_alias_demonym_capital(knowledge, text, iso3):
    assert ("state", iso3) in found(knowledge, text)


def test_blockers_hide_false_names(knowledge):
    assert found(knowledge, "patrols in the Indian Ocean and Latin American ports", "state") == []


def test_names_are_case_sensitive(knowledge):
    assert found(knowledge, "let us see the quad muscles", "forum") == []
    assert found(knowledge, "let us see", "state") == []


@pytest.mark.parametrize(
    "text,threat",
    [
        ("a wave of cyberattacks", "cyber"),
        ("two cyber-attacks", "cyber"),
        ("Cyber Attacks rose", "cyber"),
        ("health emergencies", "health-security"),
        ("land reclamations", "land-reclamation"),
        ("counterterrorism units", "terrorism"),
        ("counter-terrorism units", "terrorism"),
        ("the NotPetya worm", "malware"),
        ("election interference", "election-interference"),
        ("WMD programmes", "wmd"),
    ],
)
def test_threat_terms_with_inflections(knowledge, text, threat):
    assert ("threat", threat) in found(knowledge, text)


def test_all_caps_terms_match_only_in_capitals(knowledge):
    assert found(knowledge, "said the old aid worker", "threat") == []
    assert ("threat", "emerging-technology") in found(knowledge, "rules for AI in weapons")


def test_every_threat_key_tops_out_in_the_scheme(knowledge):
    tops = {c.top for c in knowledge.threats.values()}
    assert len(tops) == 14


def test_threat_blockers(knowledge):
    text = "Since the Cold War, a climate of trust and trade tensions have shaped the region."
    assert found(knowledge, text, "threat") == []
    assert ("threat", "humanitarian-crisis") in found(knowledge, "a humanitarian disaster")


def test_a_name_broken_across_lines_is_found():
    from seckg.extract import load_knowledge

    found = load_knowledge().gazetteer.find("the principles enshrined in the UN\nCharter. Then")
    assert [(m.kind, m.ident) for m in found] == [("instrument", "un-charter")]


def test_automaton_finds_what_trying_every_pattern_at_every_word_start_finds():
    """The Aho-Corasick candidates lose nothing: compared with the plain method (every name's
    pattern tried at every word start) on texts with wrapped names, inflections, hyphens,
    apostrophes and punctuation inside names."""
    import re

    from seckg.extract import load_knowledge
    from seckg.extract.gazetteer import resolve_overlaps

    gazetteer = load_knowledge().gazetteer
    patterns = [(p, e) for entries in gazetteer._by_key.values() for p, e in entries]
    texts = [
        "The U.S. and the United\n    Kingdom condemned cyber-attacks and cyberattacks on "
        "Côte d’Ivoire; the G-7 and the E.U. discussed ransomware, policies and piracy.",
        "NATO’s allies, ASEAN-Japan talks, the UN\nCharter, S/RES/2735 and North Korea's "
        "missile tests; illegal, unreported and unregulated fishing off Papua New Guinea.",
        (Path(__file__).parents[2] / "data" / "corpus" / "003_fe6e21ee433242f3.txt").read_text(),
    ]
    for text in texts:
        plain = []
        for start in (m.start() for m in re.finditer(r"(?<![\w@/])\w", text)):
            for pattern, entry in patterns:
                match = pattern.match(text, start)
                if match:
                    plain.append(Mention(start, match.end(), entry.kind, entry.ident, match[0]))
        expected = [m for m in resolve_overlaps(plain) if m.kind != "block"]
        assert gazetteer.find(text) == expected
