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


def typed(text: str) -> set[tuple[str, str, str]]:
    document = SourceDocument("t", "t.txt", text, None, None, None, "0")
    return {
        (c.commitment_type, a, k)
        for c in extract_document(document).commitments
        for a in c.actors
        for _, k in c.concerns
    }


def test_a_perpetrator_is_not_the_actor_of_the_verb_that_follows():
    found = typed(
        "Russia launched a war of aggression and rejects the Chemical Weapons Convention."
    )
    assert not any(actor == "RUS" for _, actor, _ in found)


def test_a_possessive_is_not_a_subject_but_owns_its_verb_noun():
    found = typed("Japan condemned Russia's invasion of Ukraine.")
    assert {a for _, a, _ in found} == {"JPN"}
    assert ("call", "forum:iaea", "nuclear-safety-security") in typed(
        "This follows the IAEA's urgent call for nuclear safety at the plant."
    ) or ("call", "forum:iaea", "nuclear-safety") in typed(
        "This follows the IAEA's urgent call for nuclear safety at the plant."
    )


def test_every_verb_counts_with_its_own_type_and_subject():
    found = typed(
        "Canada condemned the cyber attacks, and Australia pledged $5 million to counter "
        "disinformation."
    )
    assert ("condemn", "CAN", "cyber") in found
    assert ("fund", "AUS", "disinformation") in found
    assert ("condemn", "AUS", "cyber") not in found


def test_a_demonym_used_as_an_adjective_is_not_an_actor():
    found = typed("Russian forces shelled the town, and France condemned the attack on civilians.")
    assert {a for _, a, _ in found} <= {"FRA"}


def test_a_right_or_an_attempt_is_no_commitment():
    assert typed("Ukraine has the right to defend itself against aggression.") == set()


def test_a_quoted_party_is_the_actor_in_a_report():
    found = typed('"We will fight terrorism together," NATO said on Tuesday.')
    assert ("cooperate", "forum:nato", "terrorism") in found


def test_an_opening_participle_takes_the_subject_after_it():
    found = typed("Recognising the threat, Kenya and Ethiopia agreed to combat terrorism.")
    assert {("KEN", "terrorism"), ("ETH", "terrorism")} <= {(a, k) for _, a, k in found}


def test_a_name_far_before_the_verb_is_not_its_subject():
    found = typed(
        "Brazil, which hosted talks last year in a city that suffered floods and many other "
        "disasters over the decades; officials there condemned terrorism."
    )
    assert not any(a == "BRA" for _, a, _ in found)


def test_both_countries_stands_for_the_pair_named_before():
    found = typed(
        "Japan and the Philippines signed a pact on Monday. Both countries seek to counter "
        "piracy in the region."
    )
    assert {("JPN", "piracy"), ("PHL", "piracy")} <= {(a, k) for _, a, k in found}


def test_a_quoted_unknown_party_is_not_the_main_forum():
    text = (
        "NATO ministers met in Brussels on Tuesday.\n"
        '"We will counter ransomware with our clients," FireEye said.'
    )
    assert not any(k == "ransomware" for _, _, k in typed(text))


def test_an_official_speaks_for_the_state_the_text_names():
    found = typed('"We will fight piracy together," Japanese Foreign Minister Yoko Kamikawa said.')
    assert ("cooperate", "JPN", "piracy") in found


def test_a_participle_after_a_comma_takes_the_main_clauses_subject():
    found = typed(
        "The Security Council today adopted the text, demanding that the rebels end piracy, "
        "by a vote of 11 to none (Algeria, China)."
    )
    assert {a for _, a, _ in found} == {"forum:unsc"}


def test_a_negated_verb_is_no_commitment():
    assert typed("Russia said the text did not address terrorism.") == set()


def test_a_quote_attributed_to_he_or_she_is_nobody_we_can_name():
    text = 'NATO met. "We will defend freedom of navigation," she said.'
    assert typed(text) == set()


def test_a_numbered_paragraph_keeps_its_named_subject():
    """In a joint statement whose voice is five states, "6. Norway expressed concern ..." is
    Norway's: the paragraph number does not hide the subject behind the voice."""
    text = (
        "Joint Statement of the Nordic Defence Ministers\n\n"
        "1. The Defence Ministers of Denmark, Finland, Iceland, Norway and Sweden met in "
        "Helsinki today.\n\n"
        "2. The Ministers condemned the sabotage of undersea cables in the Baltic Sea.\n\n"
        "3. Norway expressed concern about the spread of disinformation.\n\n"
        "4) Finland will counter cyber attacks on hospitals.\n\n"
        "5. Sweden and Denmark, now NATO Allies, will deepen cooperation with the Joint "
        "Expeditionary Force on countering hybrid threats.\n"
    )
    found = {concerns: actors for _, actors, concerns in commitments(text)}
    assert found[("disinformation",)] == ("NOR",)
    assert found[("cyber",)] == ("FIN",)
    assert len(found[("undersea-cable-sabotage",)]) == 5  # the ministers: the voice
    # an insertion between commas describes the subject; the later verb shares its subject
    assert found[("foreign-interference",)] == ("SWE", "DNK")


def test_a_name_in_apposition_is_not_the_subject():
    """Between commas after a name, a forum describes it: the name is the subject."""
    assert commitments("Japan, a Quad member, will counter ransomware.") == [
        ("cooperate", ("JPN",), ("ransomware",))
    ]
    assert commitments("Sweden and Denmark, now NATO Allies, will counter ransomware.") == [
        ("cooperate", ("SWE", "DNK"), ("ransomware",))
    ]


def test_a_state_funding_its_own_weapons_programmes_commits_to_nothing():
    """ "North Korea continues to fund its weapons of mass destruction programmes" is what the
    threat does; "Japan funds its cyber defence programme" is still a commitment."""
    found = typed(
        "The three countries shared their assessment that North Korea continues to fund its "
        "weapons of mass destruction and ballistic missile programmes through cyber theft."
    )
    assert not any(actor == "PRK" for _, actor, _ in found)
    assert ("fund", "JPN", "cyber") in typed("Japan funds its cyber defence programme.")
