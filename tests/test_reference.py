"""Reference data: loads, conforms to the shapes, and holds the memberships as of a day."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from seckg.errors import InputError
from seckg.reference import (
    load_forums,
    load_memberships,
    load_reference,
    load_states,
    reference_graph,
)


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def members(ref, forum, role="member", as_of="2026-12-02"):
    return ref.members_of(forum, role, as_of=as_of)


def test_every_iso_entry_is_there_and_territories_are_no_states(ref):
    assert set(ref.states) == {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert ref.states["KOR"].label == "South Korea"
    assert ref.states["GBR"].label == "United Kingdom"
    assert ref.states["XKX"].label == "Kosovo" and not ref.states["XKX"].is_territory
    for code, by in [("HKG", "CHN"), ("GUM", "USA"), ("GRL", "DNK"), ("PRI", "USA")]:
        assert ref.states[code].administered_by == by
    assert ref.states["ATA"].is_territory
    sovereign = [s for s in ref.states.values() if not s.is_territory]
    # the 193 UN members, the two observer states, Taiwan and Kosovo
    assert len(sovereign) == 197


def test_territories_are_typed_as_territories_in_the_graph(ref):
    from rdflib import RDF

    from seckg.namespaces import SEC
    from seckg.reference import state_iri, territory_iri

    graph = reference_graph(ref)
    assert (territory_iri("HKG"), RDF.type, SEC.Territory) in graph
    assert (state_iri("HKG"), RDF.type, SEC.State) not in graph
    assert (territory_iri("GUM"), SEC.administeredBy, state_iri("USA")) in graph


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


def test_at_least_a_hundred_forums_with_kind_year_and_source(ref):
    assert len(ref.forums) >= 100
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
    assert russia[0].since_year == 1997 and russia[0].until_year == 2014
    assert "RUS" in members(ref, "g7", as_of="2010-06-01")


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
    assert rows and rows[0].since_year == since


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
    with pytest.raises(InputError, match=r"m.csv:2: since: '19x9' is neither a year"):
        load_memberships(path, ref.states, ref.forums)


# Membership counts as of 2026-12-02 and as of past days, forum by forum (issue 14).
TODAY = "2026-12-02"


@pytest.mark.parametrize(
    "forum,as_of,count",
    [
        ("nato", TODAY, 32),
        ("nato", "2022-01-01", 30),
        ("nato", "2023-06-01", 31),
        ("unsc", TODAY, 15),
        ("unsc", "2025-06-01", 15),
        ("unsc", "2024-06-01", 15),
        ("un", TODAY, 193),
        ("unga", TODAY, 193),
        ("ecowas", TODAY, 12),
        ("ecowas", "2024-01-01", 15),
        ("ecowas", "2026-01-01", 12),
        ("au", TODAY, 55),
        ("csto", TODAY, 6),
        ("csto", "2010-01-01", 7),
        ("gcc", TODAY, 6),
        ("oas", TODAY, 33),
        ("oas", "2023-01-01", 34),
        ("osce", TODAY, 57),
        ("coe", TODAY, 46),
        ("coe", "2021-01-01", 47),
        ("sco", TODAY, 10),
        ("arf", TODAY, 27),
        ("eas", TODAY, 19),
        ("eas", "2010-01-01", 16),
        ("pif", TODAY, 18),
        ("jef", TODAY, 10),
        ("jef", "2016-01-01", 7),
        ("nordefco", TODAY, 5),
        ("b9", TODAY, 9),
        ("brics", TODAY, 10),
        ("brics", "2010-06-01", 4),
        ("eu", TODAY, 27),
        ("eu", "2019-06-01", 28),
        ("aukus", TODAY, 3),
        ("anzus", TODAY, 3),
        ("fpda", TODAY, 5),
        ("caricom", TODAY, 15),
        ("squad", TODAY, 4),
        ("camp-david", TODAY, 3),
        ("epc", TODAY, 47),
        ("aes", TODAY, 3),
        ("visegrad", TODAY, 4),
        ("pesco", TODAY, 26),
        ("pesco", "2020-01-01", 25),
        ("arctic-council", TODAY, 8),
        ("iora", TODAY, 23),
        ("csc", TODAY, 5),
        ("hrc", "2025-06-01", 47),
        ("hrc", TODAY, 47),
        ("hrc", "2027-06-01", 32),  # the 2028 members are not elected yet
        ("australia-group", TODAY, 43),
        ("australia-group", "2015-06-01", 42),  # before India (2018)
        ("wassenaar", TODAY, 42),
        ("wassenaar", "2015-06-01", 41),
        ("nsg", TODAY, 48),
        ("oic", TODAY, 57),
        ("imf", TODAY, 191),
        ("imf", "2023-06-01", 190),
        ("world-bank", TODAY, 189),
        ("who", TODAY, 193),
        ("who", "2025-06-01", 194),
        ("unesco", TODAY, 194),
        ("opcw", TODAY, 193),
        ("admm-plus", TODAY, 19),
        ("apec", TODAY, 21),
        ("arab-league", TODAY, 22),
        ("oecd", TODAY, 38),
        ("oecd", "2019-06-01", 36),
    ],
)
def test_membership_counts_as_of_a_day(ref, forum, as_of, count):
    assert len(members(ref, forum, as_of=as_of)) == count


@pytest.mark.parametrize(
    "forum,as_of,active",
    [
        ("csto", TODAY, 5),  # Armenia froze its participation in 2024
        ("csto", "2023-06-01", 6),
        ("arab-league", "2015-01-01", 21),  # Syria suspended 2011-2023
        ("arab-league", TODAY, 22),
        ("au", "2019-06-01", 55),
        ("fatf", TODAY, 38),  # Russia suspended in 2023
        ("oic", "2020-01-01", 56),  # Syria suspended 2012-2025
        ("oic", TODAY, 57),
    ],
)
def test_active_members_leave_out_the_suspended(ref, forum, as_of, active):
    assert len(ref.members_of(forum, as_of=as_of, active=True)) == active


def test_suspensions_and_exits_have_their_dates(ref):
    assert "RUS" in members(ref, "coe", as_of="2022-03-16")
    assert "RUS" not in members(ref, "coe", as_of="2022-03-17")
    assert "NIC" not in members(ref, "oas")
    assert {"BFA", "MLI", "NER"} <= members(ref, "ecowas", as_of="2025-01-29")
    assert not {"BFA", "MLI", "NER"} & members(ref, "ecowas", as_of="2025-01-30")
    assert "GAB" in ref.members_of("au", as_of="2024-06-01") - ref.members_of(
        "au", as_of="2024-06-01", active=True
    )
    assert "GAB" in ref.members_of("au", as_of=TODAY, active=True)


def test_sco_observers_and_dialogue_partners_became_partners_in_2025(ref):
    assert members(ref, "sco", "dialogue-partner") == set()
    assert {"TUR", "EGY", "LAO", "MNG"} <= members(ref, "sco", "partner")
    assert "TUR" in members(ref, "sco", "dialogue-partner", as_of="2024-01-01")


def test_groupings_without_a_defence_clause_are_not_alliances(ref):
    assert ref.forums["aukus"].kind == "grouping"
    assert ref.forums["jef"].kind == "grouping"
    assert ref.forums["eu"].founded == 1993 and "1958" in ref.forums["eu"].note
    assert [m.since_year for m in ref.memberships if (m.forum, m.member) == ("brics", "ZAF")] == [
        2011
    ]


def test_two_terms_of_one_member_get_two_iris(ref):
    from seckg.reference import membership_iri

    terms = [m for m in ref.memberships if (m.forum, m.member) == ("au", "MLI")]
    iris = {membership_iri(m.forum, m.member, m.role, m.serial) for m in terms}
    assert len(iris) == len(terms) == 3


def test_every_forum_but_a_conference_has_members_or_is_known_to_lack_them(
    ref, forums_without_members
):
    # the UN-system agencies and export-control regimes still lack member rows (issue 14 note)
    assert len(forums_without_members) <= 16, sorted(forums_without_members)
    assert len({m.forum for m in ref.memberships}) >= 80


@pytest.mark.parametrize(
    "name,day,state",
    [
        ("Biden", "2023-05-01", "USA"),
        ("Biden", "2026-02-01", None),
        ("Trump", "2019-05-01", "USA"),
        ("Trump", "2023-05-01", None),
        ("Trump", "2026-02-01", "USA"),
        ("Kishida", "2023-05-01", "JPN"),
        ("Kishida", "2026-02-01", None),
        ("Takaichi", "2026-02-01", "JPN"),
        ("Scholz", "2025-06-01", None),
        ("Merz", "2025-06-01", "DEU"),
        ("Putin", "2010-01-01", "RUS"),
    ],
)
def test_a_leader_names_a_state_only_while_in_office(ref, name, day, state):
    from datetime import date

    assert ref.leaders_on(date.fromisoformat(day)).get(name) == state


def test_leaders_cover_the_g20_states_with_terms_and_sources(ref):
    g20_states = {m for m in members(ref, "g20") if not m.startswith("forum:")}
    with_leaders = {t.iso3 for t in ref.leaders}
    assert g20_states <= with_leaders, sorted(g20_states - with_leaders)
    assert all(t.source.startswith("http") and t.since for t in ref.leaders)


def test_bad_date_in_a_membership_row_names_file_and_line(tmp_path: Path, ref):
    path = tmp_path / "m.csv"
    path.write_text(
        "forum,member,role,since,until,source,note\nnato,FRA,member,2021-02-30,,http://x,\n"
    )
    with pytest.raises(InputError, match=r"m.csv:2: since: '2021-02-30' is not a date"):
        load_memberships(path, ref.states, ref.forums)


def test_a_territory_must_be_named_as_one(tmp_path: Path, ref):
    path = tmp_path / "m.csv"
    path.write_text("forum,member,role,since,until,source,note\napec,HKG,member,1991,,http://x,\n")
    with pytest.raises(InputError, match=r"m.csv:2: unknown member 'HKG'"):
        load_memberships(path, ref.states, ref.forums)


def test_imf_members_are_the_uns_but_not_their_years(ref):
    imf = {m.member: m for m in ref.memberships if m.forum == "imf"}
    assert {"CUB", "MCO", "PRK"}.isdisjoint(imf) and "XKX" in imf
    assert imf["LIE"].since == "2024" and imf["CHE"].since is None  # not the UN's 2002
    assert "not recorded" in imf["CHE"].note


def test_un_offices_and_programmes_have_no_members(ref):
    for key in ("unodc", "unhcr", "wfp"):
        assert ref.forums[key].kind == "un-programme"
        assert not members(ref, key)


def test_members_like_years_must_be_a_known_choice(tmp_path: Path):
    path = tmp_path / "forums.yaml"
    path.write_text(
        "- {key: x, label: X, kind: grouping, source: 'http://x',"
        " members_like: {like: un, source: 'http://x', years: sometimes}}\n"
    )
    with pytest.raises(InputError, match=r"forums.yaml: entry 1 \(x\): members_like years"):
        load_forums(path)
