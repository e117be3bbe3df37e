"""Reference data: loads, conforms to the shapes, and holds the memberships of 2026."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from seckg.errors import InputError
from seckg.reference import load_memberships, load_reference, load_states, reference_graph


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def members(ref, forum, role="member"):
    return ref.members_of(forum, role)


def test_every_iso_state_is_there(ref):
    assert len(ref.states) == len(pycountry.countries)
    assert ref.states["KOR"].label == "South Korea"
    assert ref.states["GBR"].label == "United Kingdom"


@pytest.mark.parametrize(
    "iso3,name",
    [
        ("USA", "U.S."),
        ("USA", "America"),
        ("GBR", "Britain"),
        ("GBR", "UK"),
        ("KOR", "ROK"),
        ("KOR", "South Korea"),
        ("PRK", "DPRK"),
        ("TUR", "Turkey"),
        ("VNM", "Vietnam"),
    ],
)
def test_news_aliases(ref, iso3, name):
    assert name in ref.states[iso3].names


@pytest.mark.parametrize(
    "iso3,demonym",
    [("RUS", "Russian"), ("JPN", "Japanese"), ("GBR", "British"), ("CHN", "Chinese")],
)
def test_demonyms(ref, iso3, demonym):
    assert demonym in ref.states[iso3].demonyms


def test_at_least_forty_forums_with_kind_year_and_source(ref):
    assert len(ref.forums) >= 40
    for key in (
        "nato",
        "g7",
        "g20",
        "quad",
        "ip4",
        "asean",
        "arf",
        "eas",
        "aukus",
        "five-eyes",
        "eu",
        "osce",
        "sco",
        "brics",
        "csto",
        "au",
        "ecowas",
        "gcc",
        "oas",
        "un",
        "unsc",
        "iaea",
        "opcw",
        "interpol",
    ):
        forum = ref.forums[key]
        assert forum.kind and forum.founded and forum.source.startswith("http"), key


@pytest.mark.parametrize(
    "forum,count",
    [
        ("nato", 32),
        ("quad", 4),
        ("asean", 11),
        ("ip4", 4),
        ("eu", 27),
        ("aukus", 3),
        ("five-eyes", 5),
        ("sco", 10),
        ("brics", 10),
        ("g20", 21),
    ],
)
def test_current_member_counts(ref, forum, count):
    assert len(members(ref, forum)) == count


def test_g7_is_seven_states_and_the_eu_as_participant(ref):
    assert members(ref, "g7") == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert members(ref, "g7", "participant") == {"forum:eu"}
    russia = [m for m in ref.memberships if m.forum == "g7" and m.member == "RUS"]
    assert russia[0].since == 1997 and russia[0].until == 2014


def test_unsc_permanent_members(ref):
    assert members(ref, "unsc", "permanent-member") == {"CHN", "FRA", "RUS", "GBR", "USA"}


@pytest.mark.parametrize(
    "forum,member,role,since",
    [
        ("nato", "SWE", "member", 2024),
        ("nato", "FIN", "member", 2023),
        ("asean", "TLS", "member", 2025),
        ("brics", "IDN", "member", 2025),
        ("brics", "IRN", "member", 2024),
        ("sco", "BLR", "member", 2024),
        ("asean", "GBR", "dialogue-partner", 2021),
        ("nato", "UKR", "partner", 1994),
    ],
)
def test_membership_years(ref, forum, member, role, since):
    rows = [m for m in ref.memberships if (m.forum, m.member, m.role) == (forum, member, role)]
    assert rows and rows[0].since == since


def test_nato_ip4_partners(ref):
    assert {"AUS", "JPN", "KOR", "NZL"} <= members(ref, "nato", "partner")
    assert members(ref, "ip4") == {"AUS", "JPN", "KOR", "NZL"}


def test_uk_left_the_eu(ref):
    assert "GBR" not in members(ref, "eu")


def test_every_membership_row_has_a_source(ref):
    assert all(m.source.startswith("http") for m in ref.memberships)


def test_reference_graph_conforms_to_the_shapes(ref):
    from seckg.reference import ontology_graph
    from seckg.validate import validate_graph

    outcome = validate_graph(ontology_graph() + reference_graph(ref))
    assert outcome.conforms, outcome.findings[:10]


def test_bad_alias_row_names_file_and_line(tmp_path: Path):
    path = tmp_path / "aliases.csv"
    path.write_text("iso3,alias,kind,source\nUSA,U.S.,alias,style\nXXQ,Nowhere,alias,x\n")
    with pytest.raises(InputError, match=r"aliases.csv:3: unknown ISO 3166"):
        load_states(path)


def test_bad_membership_year_names_file_and_line(tmp_path: Path, ref):
    path = tmp_path / "m.csv"
    path.write_text("forum,member,role,since,until,source,note\nnato,FRA,member,19x9,,http://x,\n")
    with pytest.raises(InputError, match=r"m.csv:2: since/until must be years"):
        load_memberships(path, ref.states, ref.forums)
