"""Text as lists show it."""

import unicodedata

from django.utils.text import Truncator


def excerpt(text: str, length: int) -> str:
    """``text|truncatechars:length`` (Django's, "…" included), without walking a text that is
    short enough anyway: list pages cut a note or topics on every row."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)
