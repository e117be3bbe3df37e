"""Publication dates from datelines and date lines near the top of a text."""

from __future__ import annotations

import datetime

import pytest

from seckg.ingest.dates import find_date

BODY = (
    "\n\nLeaders of the four countries met to discuss maritime security, cyber threats and "
    "the supply of critical minerals, and agreed to meet again next year."
)


@pytest.mark.parametrize(
    "opening,expected",
    [
        ("San Diego, 13 March 2023 — The leaders of Australia, the UK and the US", "2023-03-13"),
        ("WASHINGTON, March 13th, 2023 /PRNewswire/ -- The three governments", "2023-03-13"),
        ("BRUSSELS, 13.03.2023 – NATO Allies agreed today", "2023-03-13"),
        ("TOKYO (Reuters) Mar. 13, 2023 - Japan and the Philippines", "2023-03-13"),
        ("Date: 2023.03.13", "2023-03-13"),
        ("Issued on 13/03/2023", "2023-03-13"),
        ("Monday, 2 October 2023", "2023-10-02"),
    ],
)
def test_datelines_and_date_lines(opening: str, expected: str):
    assert find_date(f"Joint Statement on Maritime Security\n{opening}{BODY}") == expected


def test_a_year_in_a_headline_is_not_a_date():
    assert find_date(f"The 2023 summit — a turning point for the alliance{BODY}") is None


def test_a_future_date_is_no_publication_date():
    text = f"Joint Statement\n13 March 2099{BODY}"
    assert find_date(text, today=datetime.date(2026, 12, 3)) is None


def test_a_date_far_down_the_text_is_not_taken():
    filler = "\n".join(f"Paragraph {n} of the statement, with no date in it." for n in range(60))
    assert find_date(f"Joint Statement\n{filler}\n13 March 2023\n") is None
