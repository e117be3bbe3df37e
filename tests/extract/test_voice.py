"""Who speaks: the voice of a document, from texts written for these tests."""

from seckg.extract import extract_document
from seckg.ingest import SourceDocument


def extract(text: str, title: str | None = None):
    return extract_document(SourceDocument("t", "t.txt", text, title, None, None, "0"))


def pairs(text: str, title: str | None = None) -> set[tuple[str, str]]:
    return {
        (a, k) for c in extract(text, title).commitments for a in c.actors for _, k in c.concerns
    }


SPEECH = (
    "Mr. President, I congratulate you on your election.\n"
    "It is an honour to address the General Assembly as President of Portugal.\n"
    "Russia launched an illegal war against Ukraine. Russia continues to bomb cities.\n"
    "We condemn terrorism in all its forms, and my country will support the fight against "
    "piracy in the Gulf of Guinea.\n"
    "The United Nations must do more on climate change.\n"
)


def test_a_speech_speaks_for_the_speakers_state_not_the_venue():
    extraction = extract(SPEECH)
    assert extraction.voice is not None and extraction.voice.actors == ("PRT",)
    found = pairs(SPEECH)
    assert ("PRT", "terrorism") in found and ("PRT", "piracy") in found
    assert not any(actor in ("forum:unga", "forum:un", "RUS") for actor, _ in found)


def test_a_speech_without_a_title_finds_the_state_in_subject_position():
    text = (
        "Madam President, I thank you.\n"
        "Ghana believes in peace. Ghana supports the African Union. Russia's war is a disgrace.\n"
        "We condemn terrorism in the Sahel."
    )
    assert extract(text).voice.actors == ("GHA",)
    assert ("GHA", "terrorism") in pairs(text)


def test_a_joint_statement_speaks_for_each_issuer():
    text = (
        "Joint Statement by Australia, Japan and India on Maritime Security\n\n"
        "Our three countries condemn piracy and will cooperate against illegal fishing."
    )
    extraction = extract(text)
    assert extraction.voice.actors == ("AUS", "JPN", "IND")
    assert {("AUS", "piracy"), ("JPN", "piracy"), ("IND", "illegal-fishing")} <= pairs(text)


def test_a_forum_communique_speaks_for_the_forum():
    text = (
        "We, the Leaders of the Group of Seven, met today.\n"
        "We condemn Russia's attacks on critical infrastructure."
    )
    assert extract(text).voice.actors == ("forum:g7",)
    assert pairs(text) == {("forum:g7", "critical-infrastructure")}


def test_issuers_named_before_our():
    text = (
        "Canada and the European Union, under the leadership of Prime Minister X and "
        "President Y, affirm our commitment to fight disinformation."
    )
    assert extract(text).voice.actors == ("CAN", "forum:eu")


def test_a_heading_or_masthead_names_the_forum():
    assert extract("NATO Defence Ministers Statement\n\nWe met.").voice.actors == ("forum:nato",)
    assert extract("African Union\n\nPress release\n\nThe Commission met.").voice.actors == (
        "forum:au",
    )


def test_news_has_no_voice_and_a_quoted_we_is_the_quoted_party():
    text = (
        "Tokyo, 3 May 2024 - Officials met on Friday.\n"
        '"We will counter cyber attacks together," Japan said in a statement.'
    )
    extraction = extract(text)
    assert extraction.voice is None
    assert ("JPN", "cyber") in pairs(text)


def test_a_verbatim_records_speaker_line_names_the_state_but_a_chair_line_does_not():
    text = (
        "Mr. Sall (Senegal) (spoke in French): I thank you, Mr. President.\n"
        "We thank Japan and Japan's people. Japan is a friend. Japan helps us.\n"
        "We condemn terrorism in the Sahel."
    )
    assert extract(text).voice.actors == ("SEN",)
    chair = (
        "I thank you, Mr. President. Ghana believes in peace. Ghana supports dialogue.\n"
        "Mr. Dang (Viet Nam), Vice-President, took the Chair.\n"
        "We condemn terrorism."
    )
    assert extract(chair).voice.actors == ("GHA",)


def test_a_speech_whose_state_is_unknown_commits_nobody_rather_than_the_venue():
    text = (
        "Mr. President, I thank the General Assembly.\n"
        "We condemn terrorism and the United Nations must act on climate change."
    )
    extraction = extract(text)
    assert extraction.voice is not None and extraction.voice.actors == ()
    assert ("forum:unga", "terrorism") not in pairs(text)


def test_first_person_inside_quotes_does_not_make_a_report_a_speech():
    text = (
        "Canberra, 2 June 2024 - Australia and Japan met on Monday.\n"
        '"I am proud of this. I will work with Japan against piracy," the minister said.\n'
        "The leaders condemned cyber attacks."
    )
    assert extract(text).voice is None


def test_a_joint_statement_in_the_third_person():
    text = (
        "The Foreign Ministers of Japan, the Philippines and the United States met in Manila "
        "on 8 March.\nThe Ministers condemned dangerous manoeuvres and reaffirmed freedom of "
        "navigation."
    )
    assert extract(text).voice.actors == ("JPN", "PHL", "USA")
    assert {("JPN", "freedom-of-navigation"), ("USA", "freedom-of-navigation")} <= pairs(text)


def test_states_joined_in_the_heading_issue_a_bilateral_statement():
    text = (
        "Press Release\n\nIndia-France Strategic Dialogue\n\n"
        "The two Ministers strongly opposed terrorism in all its forms."
    )
    assert extract(text).voice.actors == ("IND", "FRA")
    assert {("IND", "terrorism"), ("FRA", "terrorism")} <= pairs(text)


def test_a_state_ministry_masthead_speaks_for_the_state():
    text = (
        "Ministry of Foreign Affairs of Kenya\n\n"
        "The Ministry welcomed the agreement and condemned piracy off Somalia."
    )
    assert extract(text).voice.actors == ("KEN",)
    assert ("KEN", "piracy") in pairs(text)


def test_heads_of_state_slash_government():
    text = "We, the Heads of State/Government of ASEAN, met today. We condemned terrorism."
    assert extract(text).voice.actors == ("forum:asean",)


def test_a_news_paragraph_among_the_first_lines_is_no_heading():
    """The third line of a report names two states and "joint": it is prose, not a "Japan-
    Australia Joint Statement" heading, so the report has no voice and its ministers are the
    main forum's."""
    text = (
        "ASEAN ministers vow joint action on online scam centres\n\n"
        "JAKARTA, 3 March 2026 (Reuters) - Foreign ministers of the Association of Southeast "
        "Asian Nations on Tuesday pledged to crack down on online fraud that funds organised "
        "crime across the region.\n\n"
        "The talks were held behind closed doors for most of the day and ended late in the "
        "evening. Thailand and Cambodia agreed to set up a joint task force on human "
        "trafficking along their border.\n"
    )
    extraction = extract(text)
    assert extraction.voice is None
    found = pairs(text)
    assert ("forum:asean", "transnational-crime") in found
    assert ("THA", "human-trafficking") in found and ("KHM", "human-trafficking") in found
    assert ("THA", "transnational-crime") not in found


def test_both_leaders_of_a_joint_statement_are_its_issuers():
    """No pair is named in subject position ("Prime Minister of India and Prime Minister of
    Japan"), so "both leaders" are the two states the heading names."""
    text = (
        "India-Japan Joint Statement on the Annual Summit\n\n"
        "Prime Minister of India and Prime Minister of Japan held the annual summit today.\n\n"
        "Both leaders condemned the terrorist attack in Pahalgam.\n"
    )
    assert extract(text).voice.actors == ("IND", "JPN")
    assert pairs(text) == {("IND", "terrorism"), ("JPN", "terrorism")}


def test_the_authority_of_heads_of_state_speaks_for_its_forum():
    """An ECOWAS-style communiqué: "The Authority of Heads of State and Government of ..."
    opens it, "The Authority" then acts, and its standing force is an initiative."""
    text = (
        "Final Communiqué of the Extraordinary Summit\n\n"
        "1. The Authority of Heads of State and Government of the Economic Community of West "
        "African States (ECOWAS) met in Abuja.\n\n"
        "2. The Authority strongly condemned the terrorist attacks in the Sahel.\n\n"
        "3. The Authority decided to activate the ECOWAS Standby Force to fight terrorism.\n"
    )
    extraction = extract(text)
    assert extraction.voice.actors == ("forum:ecowas",)
    assert pairs(text) >= {
        ("forum:ecowas", "terrorism"),
        ("forum:ecowas", "ecowas/standby-force"),
    }
    (force,) = extraction.initiatives.values()
    assert (force.label, force.forum) == ("ECOWAS Standby Force", "ecowas")
