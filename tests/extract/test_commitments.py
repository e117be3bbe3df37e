"""Commitments: actor, type and concerns from sentences written for these tests."""

from seckg.extract import extract_document
from seckg.ingest import SourceDocument


def commitments(text: str, title: str | None = None):
    document = SourceDocument("t", "t.txt", text, title, None, None, "0")
    return [
        (c.commitment_type, tuple(c.actors), tuple(k for _, k in c.concerns))
        for c in extract_document(document).commitments
    ]


def test_forum_subject_condemns_threat():
    assert commitments("The OSCE strongly condemned the ransomware attack on hospitals.") == [
        ("condemn", ("forum:osce",), ("ransomware",))
    ]


def test_pronoun_resolves_to_the_main_forum():
    text = (
        "The Pacific Islands Forum met in Honiara. They expressed deep concern about "
        "illegal fishing and sea-level rise."
    )
    assert commitments(text) == [("concern", ("forum:pif",), ("illegal-fishing", "climate-change"))]


def test_state_subjects_are_actors():
    assert commitments("France and Germany pledged €20 million to fight human trafficking.") == [
        ("fund", ("FRA", "DEU"), ("human-trafficking",))
    ]


def test_forum_after_a_preposition_is_not_the_actor():
    result = commitments("At the ASEAN summit, Indonesia called for a ban on nuclear weapons.")
    assert result == [("call", ("IDN",), ("nuclear-weapons",))]


def test_title_of_the_main_state_resolves():
    text = (
        "Canada and the G7 partners met. Canada hosted. The Prime Minister urged action "
        "against foreign interference."
    )
    assert ("call", ("CAN",), ("foreign-interference",)) in commitments(text)


def test_no_trigger_or_no_concern_means_no_commitment():
    assert commitments("NATO discussed the weather in Brussels.") == []
    assert commitments("Disinformation spread quickly online after NATO met.") == []


def test_initiative_concern_with_the_threats_in_its_name():
    result = commitments(
        "The African Union launched the Continental Early Warning System against terrorism."
    )
    assert result[0][0] == "establish" and result[0][1] == ("forum:au",)
    assert "terrorism" in result[0][2]
