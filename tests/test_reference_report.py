"""`seckg reference`: what the reference data says about a forum or state on a day."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seckg.cli import main
from seckg.reference import load_reference
from seckg.reference_report import describe, find_thing


def run(*args: str) -> CliRunner:
    return CliRunner().invoke(main, ["reference", *args])


@pytest.mark.parametrize(
    "thing,expected",
    [
        ("ECOWAS", ("forum", "ecowas")),
        ("nato", ("forum", "nato")),
        ("Council of Europe", ("forum", "coe")),
        ("forum:quad", ("forum", "quad")),
        ("JPN", ("state", "JPN")),
        ("Armenia", ("state", "ARM")),
        ("state:KOR", ("state", "KOR")),
        ("Hong Kong", ("state", "HKG")),
    ],
)
def test_things_are_found_by_code_key_or_name(thing, expected):
    assert find_thing(load_reference(), thing) == expected


def test_ecowas_before_and_after_the_sahel_states_left():
    before = json.loads(run("ECOWAS", "--as-of", "2024-01-01", "--format", "json").stdout)
    after = json.loads(run("ECOWAS", "--as-of", "2026-01-01", "--format", "json").stdout)
    assert before["counts"]["members"] == 15 and after["counts"]["members"] == 12
    left = {r["member"] for r in after["ended"]}
    assert {"BFA", "MLI", "NER", "MRT"} <= left
    assert all(r["source"].startswith("http") for r in after["held"])


def test_active_members_of_the_csto_leave_out_armenia():
    report = describe(load_reference(), "CSTO", "2026-12-02")
    assert report["counts"]["members"] == 6 and report["counts"]["active_members"] == 5
    assert {r["member"] for r in report["held"] if r["role"] == "suspended"} == {"ARM"}


def test_a_state_shows_its_forums_and_leaders_of_that_day():
    report = describe(load_reference(), "JPN", "2023-06-01")
    assert {"quad", "g7", "ip4", "un"} <= {r["forum"] for r in report["held"]}
    assert "unsc" in {r["forum"] for r in report["held"]}  # elected for 2023-2024
    assert [leader["name"] for leader in report["leaders"]] == ["Fumio Kishida"]
    assert describe(load_reference(), "JPN", "2026-06-01")["leaders"][0]["name"] == (
        "Sanae Takaichi"
    )


def test_a_territory_says_who_administers_it():
    report = describe(load_reference(), "Hong Kong")
    assert report["kind"] == "territory" and report["administered_by"] == "CHN"
    assert "apec" in {r["forum"] for r in report["held"]}


def test_the_table_says_the_day_and_the_counts():
    result = run("unsc", "--as-of", "2025")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "United Nations Security Council (forum:unsc) as of 2025-12-31: 15 members"
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["Atlantis"], "no forum, state or instrument of the reference data has that code"),
        (["NATO", "--as-of", "2024-1-1"], "neither a year (YYYY) nor a date"),
        (["NATO", "--as-of", "2024-13-01"], "not a date of the calendar"),
        (["NATO", "--as-of", "2023-02-30"], "not a date of the calendar"),
    ],
)
def test_mistakes_are_one_line_errors(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "thing,day,standing",
    [
        ("New START", "2005-01-01", "not yet signed"),
        ("New START", "2022-01-01", "in force"),
        ("New START", "2026-03-01", "expired"),
        ("INF Treaty", "2019-08-02", "terminated"),
        ("Rio Treaty", "1948-01-01", "signed, not in force"),
        ("CTBT", "2010-01-01", "not in force"),
        ("JCPOA", "2025-09-28", "collapsed"),
    ],
)
def test_an_instrument_stands_as_its_dates_say_on_the_day(thing, day, standing):
    report = describe(load_reference(), thing, day)
    assert report["kind"] == "instrument" and report["standing"] == standing


def test_an_instrument_in_the_table_and_json():
    result = run("New START", "--as-of", "2022-01-01")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "New START (instrument:new-start) as of 2022-01-01: in force (signed on 2010-04-08, "
        "in force from 2011-02-05, ended on 2026-02-05)"
    )
    data = json.loads(run("jcpoa", "--format", "json").output)
    assert data["status_today"] == "collapsed" and "snapback" in data["note"]
    assert describe(load_reference(), "NATO")["id"] == "forum:nato"  # forums come first
