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
def test_every_marked_string_is_in_the_catalogues(tmp_path, settings, monkeypatch):
    """Extract the strings again: no entry may come out untranslated or fuzzy (a new string
    that merely resembles an old one comes out fuzzy).

    makemessages writes into the catalogues of the locale directory whose parent holds the
    source files, so it runs in a copy of the tree made of links to the sources beside a copy
    of the catalogues: the working tree is never written to, and other tests reading the
    catalogues at the same time (``make test`` runs two at once) never see a half-written one.
    """
    base = Path(settings.BASE_DIR)
    tree = tmp_path / "tree"
    tree.mkdir()
    left_out = {"locale", ".venv", "node_modules", "var", ".git", "test-artifacts", ".hypothesis"}
    for entry in base.iterdir():
        if entry.name not in left_out and not entry.name.endswith(".egg-info"):
            (tree / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    catalogues = []
    for locale in LOCALES:
        copy = tree / "locale" / locale / "LC_MESSAGES" / "django.po"
        copy.parent.mkdir(parents=True)
        shutil.copyfile(base / "locale" / locale / "LC_MESSAGES" / "django.po", copy)
        catalogues.append(copy)
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages",
        locale=LOCALES,
        verbosity=0,
        no_obsolete=True,
        symlinks=True,
        ignore_patterns=["tests/*", "*/tests/*", "conftest.py"],
    )
    for path in catalogues:
        po = polib.pofile(str(path))
        assert len(po) > 100, path
        assert [e.msgid for e in po.untranslated_entries()] == [], path
        assert [e.msgid for e in po.fuzzy_entries()] == [], path
