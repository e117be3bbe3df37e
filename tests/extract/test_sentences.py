from seckg.extract.sentences import split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_text():
    text = "Headline Here\n\nThe U.S. and Japan met. They agreed on cyber norms!\n"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_abbreviations_and_initials_do_not_end_sentences():
    assert texts("The U.S. envoy met Mr. Smith and John F. Kennedy's heirs. Then they left.") == [
        "The U.S. envoy met Mr. Smith and John F. Kennedy's heirs.",
        "Then they left.",
    ]


def test_headings_and_dates_are_their_own_sentences():
    assert texts("Ministers Meet In Jakarta\n12 May 2024\nThe ministers met.") == [
        "Ministers Meet In Jakarta",
        "12 May 2024",
        "The ministers met.",
    ]


def test_colon_sentence_absorbs_its_bullets():
    result = texts("The leaders agreed to:\n• share threat intelligence\n• fight piracy\n\nNext.")
    assert result[0].startswith("The leaders agreed to:") and result[0].endswith("fight piracy")
    assert result[1] == "Next."


def test_wrapped_lines_join_into_one_sentence():
    assert texts("The ministers agreed to\nwork together on maritime security.") == [
        "The ministers agreed to\nwork together on maritime security."
    ]


def test_hard_wrapped_lines_join_even_before_a_capital():
    text = (
        "1. We, the leaders of the Group of Seven (G7), convened today with\n"
        "Ukraine's President. Our meeting took place against the backdrop of\n"
        "the most recent missile attacks.\n"
        "2. The G7 firmly condemn the illegal attempted annexation by Russia of\n"
        "Ukraine's regions.\n"
    )
    assert texts(text) == [
        "1. We, the leaders of the Group of Seven (G7), convened today with\nUkraine's President.",
        "Our meeting took place against the backdrop of\nthe most recent missile attacks.",
        "2. The G7 firmly condemn the illegal attempted annexation by Russia of\n"
        "Ukraine's regions.",
    ]


def test_short_heading_lines_stay_apart_from_the_text_below():
    assert texts("Energy\nIn order to curb revenues, the EU acts.") == [
        "Energy",
        "In order to curb revenues, the EU acts.",
    ]
