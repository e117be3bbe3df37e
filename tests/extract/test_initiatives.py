"""Initiatives discovered from how their names are built, in sentences written for these tests."""

from seckg.extract import extract_document
from seckg.ingest import SourceDocument


def extraction(text: str):
    document = SourceDocument("t", "t.txt", text, None, None, None, "0")
    return extract_document(document)


def labels(text: str) -> dict[str, tuple]:
    result = extraction(text)
    return {
        i.label: (i.acronym, i.forum, frozenset(i.threats)) for i in result.initiatives.values()
    }


def test_forum_prefixed_name_is_launched_by_that_forum():
    found = labels("The G20 leaders endorsed the G20 Maritime Domain Awareness Partnership.")
    assert found["G20 Maritime Domain Awareness Partnership"][1] == "g20"
    assert "maritime-security" in found["G20 Maritime Domain Awareness Partnership"][2]


def test_acronym_in_parentheses_is_defined_and_found_again():
    result = extraction(
        "NATO allies created the Integrated Cyber Defence Centre (NICC) in Mons. "
        "Allies will fund the NICC until 2030."
    )
    (item,) = result.initiatives.values()
    assert item.acronym == "NICC" and item.forum == "nato"
    assert len(item.spans) == 3  # the name, its acronym, and the later acronym
    assert "cyber" in item.threats


def test_un_document_symbol():
    found = labels("The council adopted resolution S/RES/2397 on North Korea.")
    assert any("S/RES/2397" in name for name in found)


def test_connectors_inside_names_and_places_cut_off():
    found = labels(
        "They opened the Southeast Asia Regional Centre for Counter-Terrorism in Malaysia."
    )
    assert "Southeast Asia Regional Centre for Counter-Terrorism" in found


def test_generic_phrases_and_lone_heads_are_not_initiatives():
    assert labels("The leaders issued a Joint Statement and praised the Partnership.") == {}
    assert labels("Quad Leaders Unite To Fight Cyber Threats With New Challenge") == {}


def test_known_instrument_by_acronym():
    found = labels("Both sides urged respect for the NPT and UNCLOS.")
    assert "Treaty on the Non-Proliferation of Nuclear Weapons" in found
    assert "United Nations Convention on the Law of the Sea" in found


def test_same_name_twice_is_one_initiative():
    result = extraction(
        "Japan funds the Pacific Fisheries Patrol Programme. "
        "The Pacific Fisheries Patrol Programme fights illegal fishing."
    )
    assert len(result.initiatives) == 1


def test_institutions_are_not_initiatives():
    assert (
        labels(
            "Analysts at the Center for Strategic and International Studies and the "
            "International Monetary Fund agreed."
        )
        == {}
    )
