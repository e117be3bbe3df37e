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


def names(text: str) -> set[str]:
    return set(labels(text))


def test_more_head_nouns():
    found = names(
        "Donors backed the Lusaka Health Accelerator, the Sahel Resilience Coalition and the "
        "Special Tribunal for Atrocity Crimes."
    )
    assert {
        "Lusaka Health Accelerator",
        "Sahel Resilience Coalition",
        "Special Tribunal for Atrocity Crimes",
    } <= found


def test_a_name_may_start_with_a_year_and_keeps_a_mid_sentence_new():
    found = names(
        "The ministers welcomed the 2040 Vision for the Ocean and the New Compact for Peace."
    )
    assert "2040 Vision for the Ocean" not in found  # "Vision" is no head
    assert "New Compact for Peace" in found
    assert "2035 Agenda for Coastal Resilience" in names(
        "They adopted the 2035 Agenda for Coastal Resilience."
    )


def test_a_sentence_initial_new_is_not_part_of_the_name():
    assert "Maritime Security Partnership" in names("New Maritime Security Partnership launched.")


def test_an_acronym_spelling_the_name_defines_an_initiative():
    found = labels("Ten states formed the Friends of the Coral Triangle (FCT) last year.")
    assert found["Friends of the Coral Triangle"][0] == "FCT"
    assert "Unmanned Aerial Vehicles" not in names(
        "Exports of Unmanned Aerial Vehicles (UAVs) grew."
    )


def test_numbered_sanctions_packages_and_year_named_exercises():
    found = names(
        "The Council adopted the 14 th package of restrictive measures. "
        "Navies joined Pacific Shield 2025 off Guam in May 2025."
    )
    assert "14th package of restrictive measures" in found
    assert "Pacific Shield 2025" in found
    assert not any("May" in name for name in found)


def test_un_symbols_in_their_forms():
    found = names(
        "The Assembly adopted resolution ES-11/1 and A/RES/76/262; the Council adopted "
        "S/RES/2735 (2024) and resolution 2282 (2016)."
    )
    assert {"ES-11/1", "A/RES/76/262", "S/RES/2735 (2024)", "Resolution 2282 (2016)"} <= found


def test_curated_instruments_and_clean_boundaries():
    result = extraction(
        "Under Article 51 of the UN Charter, states may act. Parties to the Paris Agreement "
        "and the UNFCCC met. They respected the UN Charter's principles."
    )
    found = {i.label for i in result.initiatives.values()}
    assert "Charter of the United Nations" in found and "Paris Agreement" in found
    assert "United Nations Framework Convention on Climate Change" in found
    assert not any(n.startswith("Article") or n.endswith("’s") or n.endswith("'s") for n in found)
    assert not any(m.kind == "state" for m in result.mentions)  # Paris names no state here


def test_three_names_joined_by_and_the_stay_three():
    found = names(
        "They backed the Blue Fund and the Reef Partnership and the Coast Guard Academy Network."
    )
    assert {"Blue Fund", "Reef Partnership", "Coast Guard Academy Network"} <= found


def test_a_name_announced_by_called_or_dubbed():
    found = names("NATO will launch a new mission, called Baltic Sentry, to protect cables.")
    assert "Baltic Sentry" in found
    assert "Helsinki" not in names("The plan was called Helsinki by the press.")


def test_a_hyphenated_qualifier_makes_a_weak_head_a_name():
    assert "Five-Point Consensus" in names("Leaders called for the Five-Point Consensus in full.")


def test_a_name_opening_with_states_is_theirs_not_the_main_forums():
    """A bilateral statement that mentions the Quad once: its "Japan-India Cyber Dialogue" is
    no Quad initiative; a fund named for a state it helps keeps the document's forum."""
    text = (
        "Japan and India launched the Japan-India Cyber Dialogue to counter cyber threats. "
        "They also discussed cooperation through the Quad.\n\n"
        "The Quad welcomed the International Fund for Ukraine."
    )
    found = labels(text)
    assert found["Japan-India Cyber Dialogue"][1] is None
    assert found["International Fund for Ukraine"][1] == "quad"
