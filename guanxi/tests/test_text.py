"""``excerpt`` cuts as Django's ``truncatechars`` does, for short, long and decomposed text."""

import unicodedata

import pytest
from django.template.defaultfilters import truncatechars

from guanxi.text import excerpt

TEXTS = [
    "",
    "short",
    "x" * 80,
    "x" * 81,
    "台積電的工作機會，" * 20,
    unicodedata.normalize("NFD", "Café résumé"),  # short, but not NFC
    unicodedata.normalize("NFD", "é" * 100),
]


@pytest.mark.parametrize("text", TEXTS)
def test_excerpt_is_truncatechars(text):
    assert excerpt(text, 80) == truncatechars(text, 80)
