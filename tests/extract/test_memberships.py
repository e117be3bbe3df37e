"""Memberships stated in text, in sentences written for these tests."""

from seckg.extract import extract_document
from seckg.ingest import SourceDocument


def memberships(text: str) -> set[tuple[str, str, str]]:
    document = SourceDocument("t", "t.txt", text, None, None, None, "0")
    return {(m.member, m.forum, m.role) for m in extract_document(document).memberships}


def test_consisting_of():
    assert memberships("AUKUS, consisting of Australia, Britain and the US, met.") == {
        ("AUS", "aukus", "member"),
        ("GBR", "aukus", "member"),
        ("USA", "aukus", "member"),
    }


def test_possessive_role_noun_with_group_acronym():
    found = memberships("NATO's Nordic allies - Finland, Sweden, Norway and Denmark - met.")
    assert ("FIN", "nato", "member") in found and len(found) == 4


def test_dialogue_partners():
    found = memberships("ASEAN's dialogue partners, including India and Russia, attended.")
    assert found == {("IND", "asean", "dialogue-partner"), ("RUS", "asean", "dialogue-partner")}


def test_list_then_forum():
    assert memberships("Egypt and Ethiopia became members of BRICS in 2024.") == {
        ("EGY", "brics", "member"),
        ("ETH", "brics", "member"),
    }
    assert memberships("Sweden joined NATO last year.") == {("SWE", "nato", "member")}


def test_mere_co_mention_is_not_membership():
    assert memberships("NATO warned Russia and Belarus about the exercises.") == set()


def test_forum_then_role_noun_after_a_list():
    assert memberships("Japan and South Korea, both NATO partners, attended.") == {
        ("JPN", "nato", "partner"),
        ("KOR", "nato", "partner"),
    }


def test_partners_including():
    assert memberships("NATO partners, including Japan and Australia, met.") == {
        ("JPN", "nato", "partner"),
        ("AUS", "nato", "partner"),
    }


def test_grouping_of():
    assert memberships("The Quad grouping of India, Japan, Australia and the US met.") == {
        ("IND", "quad", "member"),
        ("JPN", "quad", "member"),
        ("AUS", "quad", "member"),
        ("USA", "quad", "member"),
    }


def test_the_bloc_stands_for_the_main_forum():
    found = memberships("BRICS leaders met. The bloc, which now includes Egypt and Iran, grew.")
    assert found == {("EGY", "brics", "member"), ("IRN", "brics", "member")}


def test_comprising_after_an_acronym_and_a_dash():
    found = memberships(
        "Ministers of the Nordic Defence Cooperation (NORDEFCO) – comprising Denmark, Finland, "
        "Iceland, Norway and Sweden – met today."
    )
    assert {m for m, _, _ in found} == {"DNK", "FIN", "ISL", "NOR", "SWE"}


def test_founding_members_namely_and_as_well_as():
    found = memberships(
        "The founding members of the SCO, namely China, Russia, Kazakhstan as well as "
        "Tajikistan, met in Shanghai."
    )
    assert {m for m, _, _ in found} == {"CHN", "RUS", "KAZ", "TJK"}


def test_joined_with_a_year():
    document = SourceDocument("t", "t.txt", "Finland joined NATO in 2023.", None, None, None, "0")
    (found,) = extract_document(document).memberships
    assert (found.member, found.forum, found.since) == ("FIN", "nato", "2023")


def test_words_between_the_verb_and_the_role_and_a_role_with_no_forum():
    found = memberships(
        "Australia and Fiji are of the region and members of the Pacific Islands Forum; "
        "Japan and France are founding Dialogue Partners."
    )
    assert found == {
        ("AUS", "pif", "member"),
        ("FJI", "pif", "member"),
        ("JPN", "pif", "dialogue-partner"),
        ("FRA", "pif", "dialogue-partner"),
    }


def test_our_partners_in_a_forum_after_a_colon():
    found = memberships("We thank our partners in the Quad: Australia, India and Japan.")
    assert found == {
        ("AUS", "quad", "partner"),
        ("IND", "quad", "partner"),
        ("JPN", "quad", "partner"),
    }


def test_as_a_member_of_a_forum_we_is_the_speakers_state():
    text = (
        "Mr. President, I speak as President of Chile.\n"
        "As a member of the Human Rights Council, we defend universal rights."
    )
    assert ("CHL", "hrc", "member") in memberships(text)


def test_a_list_after_members_is_not_always_the_forums():
    assert memberships("The EU members met China, Japan and India to discuss trade.") == set()


def test_along_with_extends_a_stated_membership_but_not_a_mere_companion():
    assert memberships(
        "Japan is a member of the Quad along with the United States, Australia and India."
    ) == {
        ("JPN", "quad", "member"),
        ("USA", "quad", "member"),
        ("AUS", "quad", "member"),
        ("IND", "quad", "member"),
    }
    assert memberships("NATO, along with Japan and Australia, condemned the attack.") == set()


def test_became_the_forums_nth_member():
    assert memberships("Finland became NATO's 31st member in April 2023.") == {
        ("FIN", "nato", "member")
    }
    assert memberships("Sweden is now a NATO ally.") == {("SWE", "nato", "member")}


def test_the_year_may_follow_the_role_and_a_month():
    document = SourceDocument(
        "t", "t.txt", "Finland became NATO's 31st member in April 2023.", None, None, None, "0"
    )
    (found,) = extract_document(document).memberships
    assert found.since == "2023"


def test_our_newest_allies_in_a_text_a_forum_issues():
    """ "Our" is the forum that speaks: in its own declaration, NATO welcoming two states "as
    our newest Allies" states their membership; the same words in a report say nothing."""
    declaration = (
        "Summit Declaration\n\n"
        "Issued by the NATO Heads of State and Government in The Hague.\n\n"
        "We welcome Finland and Sweden as our newest Allies.\n"
    )
    assert memberships(declaration) == {("FIN", "nato", "member"), ("SWE", "nato", "member")}
    report = "The ministers met in Oslo. They welcome Finland and Sweden as our newest Allies."
    assert memberships(report) == set()
