"""Which language a text is in (py3langid), so a text the rules cannot read is skipped whole
rather than half-extracted: the lexicons and patterns are English."""

from __future__ import annotations

from functools import cache

SUPPORTED = ("en",)
SAMPLE = 6000  # characters: enough for a confident guess, cheap on a long document
MIN_LETTERS = 200  # a shorter text (a headline and a line) is not worth a guess
CONFIDENCE = 0.95


@cache
def _identifier():
    """The model, or None when it cannot be loaded: py3langid unpacks it into a temporary
    file (68 MB), and a full disk should not stop a build that can go on without the check."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError:
        return None


def detect_language(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) of the text, or None when it is too short to tell."""
    sample = text[:SAMPLE]
    identifier = _identifier()
    if identifier is None or sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return None
    language, probability = identifier.classify(sample)
    return language, float(probability)


def unsupported_language(text: str, declared: str | None = None) -> str | None:
    """Why the text cannot be read (its language), or None when it is English or unsure."""
    if declared:
        return None if declared in SUPPORTED else f"declared language {declared!r}"
    guess = detect_language(text)
    if guess and guess[0] not in SUPPORTED and guess[1] >= CONFIDENCE:
        return f"the text is in {_name(guess[0])} ({guess[0]}, p={guess[1]:.2f})"
    return None


def _name(code: str) -> str:
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code
