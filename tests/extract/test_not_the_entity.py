"""Names that are not the entity they spell: sentences written for these tests, with the
mentions that must and must not come out."""

import pytest

from seckg.extract import extract_document
from seckg.ingest import SourceDocument


def mentions(text: str) -> set[tuple[str, str]]:
    document = SourceDocument("t", "t.txt", text, None, None, None, "0")
    return {(m.kind, m.ident) for m in extract_document(document).mentions}


@pytest.mark.parametrize(
    ("text", "must_not"),
    [
        ("Michael Jordan scored forty points last night.", ("state", "JOR")),
        ("The drummer Chad Smith toured Europe.", ("state", "TCD")),
        ("Tom Holland starred in the film.", ("state", "NLD")),
        ("The company moved from Atlanta, Georgia, to Texas.", ("state", "GEO")),
        ("Oil spills polluted the Niger Delta again.", ("state", "NER")),
        ("Talks in Northern Ireland resumed on Monday.", ("state", "IRL")),
        ("He crashed his Quad bike on the farm.", ("forum", "quad")),
        ("Russia's Security Council met in the Kremlin.", ("forum", "unsc")),
        ("The Russian Security Council discussed the draft.", ("forum", "unsc")),
        ("The OAS General Assembly adopted the text.", ("forum", "unga")),
        ("The Democratic Republic of the Congo held elections.", ("state", "COG")),
        ("Leaders signed the Paris Agreement in 2016.", ("state", "FRA")),
        ("Both sides breached the Minsk agreements.", ("state", "BLR")),
    ],
)
def test_a_name_that_is_something_else_is_not_mentioned(text, must_not):
    assert must_not not in mentions(text)


@pytest.mark.parametrize(
    ("text", "must"),
    [
        ("Jordan and Chad signed the agreement.", ("state", "JOR")),
        ("Jordan and Chad signed the agreement.", ("state", "TCD")),
        ("Georgia applied to join the European Union.", ("state", "GEO")),
        ("King Abdullah of Jordan met the envoy.", ("state", "JOR")),
        ("The China Coast Guard fired water cannon.", ("state", "CHN")),
        ("The Security Council met on Ukraine.", ("forum", "unsc")),
        ("The Quad met in Tokyo.", ("forum", "quad")),
        ("The Democratic Republic of the Congo held elections.", ("state", "COD")),
        ("Leaders signed the Paris Agreement in 2016.", ("instrument", "paris-agreement")),
    ],
)
def test_the_entity_itself_is_still_mentioned(text, must):
    if must[0] == "instrument":
        document = SourceDocument("t", "t.txt", text, None, None, None, "0")
        assert any(m.ident == "ref/" + must[1] for m in extract_document(document).mentions)
    else:
        assert must in mentions(text)
