"""Names of the reference data in sentences written for the test: aliases that used to misfire,
names that used to match nothing, territories, and leaders only while in office (issue 14)."""

from __future__ import annotations

import pytest

from seckg.extract import extract_document
from seckg.extract.disambiguate import drop_non_entities
from seckg.extract.knowledge import load_knowledge
from seckg.ingest import SourceDocument


def found(sentence: str) -> set[tuple[str, str]]:
    knowledge = load_knowledge()
    mentions = drop_non_entities(
        sentence, knowledge.gazetteer.find(sentence), knowledge.name_contexts, knowledge.demonyms
    )
    return {(m.kind, m.ident) for m in mentions}


@pytest.mark.parametrize(
    "sentence,must,must_not",
    [
        ("Russia's Security Council met on Friday.", {("state", "RUS")}, {("forum", "unsc")}),
        ("The OAS General Assembly adopted a resolution.", {("forum", "oas")}, {("forum", "unga")}),
        (
            "Interpol's General Assembly met in Vienna.",
            {("forum", "interpol")},
            {("forum", "unga")},
        ),
        ("NATO's CoE in Tallinn trains cyber defenders.", {("forum", "nato")}, {("forum", "coe")}),
        ("India's NSG commandos stormed the hotel.", {("state", "IND")}, {("forum", "nsg")}),
        (
            "The Center for Internet Security (CIS) publishes the CIS Controls.",
            set(),
            {("forum", "cis")},
        ),
        ("Canberra pledged AU$2 billion for the fleet.", {("state", "AUS")}, {("forum", "au")}),
        ("It cost US$5 million, the US said.", {("state", "USA")}, set()),
        ("He crashed a Quad bike on the farm.", set(), {("forum", "quad")}),
        (
            "The Republic of China held elections in Taipei.",
            {("state", "TWN")},
            {("state", "CHN")},
        ),
        (
            "The Democratic Republic of Congo and Rwanda signed a deal.",
            {("state", "COD"), ("state", "RWA")},
            {("state", "COG")},
        ),
        ("Kosovo and Serbia met in Brussels.", {("state", "XKX"), ("state", "SRB")}, set()),
        ("Swaziland and Cape Verde voted in favour.", {("state", "SWZ"), ("state", "CPV")}, set()),
        ("The Former Yugoslav Republic of Macedonia applied.", {("state", "MKD")}, set()),
        (
            "Congolese troops, Nigerien officials and Guinean soldiers deployed.",
            {("state", "COD"), ("state", "NER"), ("state", "GIN")},
            set(),
        ),
        (
            "Ships sailed near Hong Kong, Guam, Greenland and Puerto Rico, and on to Antarctica.",
            {("territory", c) for c in ("HKG", "GUM", "GRL", "PRI", "ATA")},
            {("state", c) for c in ("HKG", "GUM", "GRL", "PRI", "ATA", "CHN", "USA", "DNK")},
        ),
        ("The African Union (AU) suspended Niger.", {("forum", "au"), ("state", "NER")}, set()),
        ("Leaders of the Quad met in Tokyo.", {("forum", "quad")}, set()),
        ("The UN Security Council met in New York.", {("forum", "unsc")}, set()),
    ],
)
def test_names_that_must_and_must_not_come_out(sentence, must, must_not):
    mentions = found(sentence)
    assert must <= mentions, mentions
    assert not (must_not & mentions), mentions


def states_of(text: str, date: str | None) -> set[str]:
    document = SourceDocument("t", "t.txt", text, None, date, None, "0")
    return {m.ident for m in extract_document(document).mentions if m.kind == "state"}


def test_a_former_leader_names_no_state():
    text = "Biden and Kishida met. They condemned the cyber attacks."
    assert states_of(text, "2023-05-20") == {"USA", "JPN"}
    assert states_of(text, "2026-03-01") == set()
    assert states_of(text, None) == {"USA", "JPN"}  # no date: the names keep their states


def test_a_leader_in_a_second_term_names_the_state_again():
    assert states_of("Trump spoke to reporters.", "2025-05-13") == {"USA"}
    assert states_of("Trump spoke to reporters.", "2023-05-13") == set()
