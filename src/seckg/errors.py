"""Errors a user can fix. The CLI prints them as one line; nothing else should reach the user."""


class SeckgError(Exception):
    """A problem with the user's input or setup, phrased so the user knows what to change.

    Messages name the file (when there is one) and the problem, on one line.
    """


class InputError(SeckgError):
    """An input file is missing, unreadable or not in the expected format."""
