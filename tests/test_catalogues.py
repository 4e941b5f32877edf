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
    """Extract the strings again into a copy of the catalogues: nothing new may appear."""
    copy = tmp_path / "locale"
    shutil.copytree(Path(settings.BASE_DIR) / "locale", copy)
    settings.LOCALE_PATHS = [copy]
    call_command(
        "makemessages",
        locale=LOCALES,
        verbosity=0,
        no_obsolete=True,
        ignore_patterns=[".venv/*", "var/*", "tests/*", "*/tests/*", "conftest.py"],
    )
    for locale in LOCALES:
        po = polib.pofile(str(copy / locale / "LC_MESSAGES" / "django.po"))
        assert [e.msgid for e in po.untranslated_entries()] == [], locale
