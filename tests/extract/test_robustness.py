"""Extraction never fails on odd text: random characters and shuffled rule words (seeded)."""

import random
import string

from seckg.extract import extract_document
from seckg.ingest import SourceDocument

RULE_TEXT = (
    "We the Leaders of NATO Japan and condemn terrorism ( ) S/RES/12 17 th package 2030 Agenda I "
    'Mr. President Russia launched war called Blue Fund members Quad : , both countries said " '
    "joined in 1994 Ministry of Foreign Affairs Kenya India-France Dialogue As a member"
)
WORDS = [*RULE_TEXT.split(" "), "\n", "\n\n", "—"]
ALPHABET = string.ascii_letters + string.digits + " .,;:()-–—’'\"\n/ÉİßŞ"


def test_random_texts_extract_without_error_and_keep_offsets(knowledge):
    rng = random.Random(13)
    for index in range(400):
        if index % 2:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 300)))
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 80)))
        document = SourceDocument("t", "t.txt", text, None, None, None, "0")
        extraction = extract_document(document, knowledge)
        for mention in extraction.mentions:
            assert text[mention.start : mention.end] == mention.text
        for sentence in extraction.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
