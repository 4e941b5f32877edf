"""Both catalogues are complete, and cover every string the code marks for translation."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALES = ["zh_Hant", "en"]


def _catalogue(locale: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / f"{domain}.po")
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(locale):
    po = _catalogue(locale)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_chinese_catalogue_is_really_chinese():
    po = _catalogue("zh_Hant")
    translated = [e for e in po if e.msgstr and e.msgid != e.msgstr]
    assert len(translated) > 0.8 * len(po)
    assert po.find("My requests").msgstr != po.find("Referral inbox").msgstr


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_every_marked_string_is_in_the_catalogues(tmp_path, settings):
    """Extract the strings again: no entry may come out untranslated or fuzzy (a new string
    that merely resembles an old one comes out fuzzy).

    makemessages writes into the catalogues next to the code (it picks the locale directory
    whose parent holds the source files), so they are saved first and put back afterwards:
    running the tests never changes the working tree.
    """
    real = Path(settings.BASE_DIR) / "locale"
    catalogues = [real / locale / "LC_MESSAGES" / "django.po" for locale in LOCALES]
    saved = {path: path.read_bytes() for path in catalogues}
    try:
        call_command(
            "makemessages",
            locale=LOCALES,
            verbosity=0,
            no_obsolete=True,
            ignore_patterns=[".venv/*", "var/*", "tests/*", "*/tests/*", "conftest.py"],
        )
        for path in catalogues:
            po = polib.pofile(str(path))
            assert [e.msgid for e in po.untranslated_entries()] == [], path
            assert [e.msgid for e in po.fuzzy_entries()] == [], path
    finally:
        for path, content in saved.items():
            path.write_bytes(content)
