"""Our catalogue's wording of allauth's and Django's strings (accounts/words.py) wins over
theirs in both languages: LOCALE_PATHS is merged after the apps' and Django's catalogues."""

import ast
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

WORDS = Path(settings.BASE_DIR) / "accounts" / "words.py"


def _marked() -> list[tuple[str, str | None]]:
    """(msgid, msgid_plural) of every string accounts/words.py marks."""
    found = []
    for node in ast.walk(ast.parse(WORDS.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
            "gettext_noop",
            "ngettext_lazy",
        ):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            found.append((args[0], args[1] if node.func.id == "ngettext_lazy" else None))
    return found


MARKED = _marked()


def _ours(locale: str) -> dict:
    path = Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.msgctxt}


def test_the_module_marks_the_strings_members_met():
    msgids = {msgid for msgid, _plural in MARKED}
    assert {"Email", "Remember Me", "This field is required."} <= msgids
    assert len(MARKED) > 40


@pytest.mark.parametrize("language, locale", [("zh-hant", "zh_Hant"), ("en", "en")])
def test_our_wording_wins(language, locale):
    ours = _ours(locale)
    with translation.override(language):
        for msgid, plural in MARKED:
            entry = ours[msgid]
            if plural is None:
                assert translation.gettext(msgid) == entry.msgstr, msgid
            else:
                assert (
                    translation.ngettext(msgid, plural, 5)
                    == entry.msgstr_plural[0 if language == "zh-hant" else 1]
                ), msgid
            text = entry.msgstr or entry.msgstr_plural[0]
            assert "您" not in text and "電子信箱" not in text, msgid


def test_the_words_members_complained_about_are_gone():
    with translation.override("zh-hant"):
        assert translation.gettext("Email") == "電子郵件地址"  # django.contrib.auth: 電子信箱
        assert translation.gettext("This field is required.") == "此欄位為必填。"
        assert "您" not in translation.gettext("Please type your current password.")
    with translation.override("en"):
        assert translation.gettext("Remember Me") == "Keep me logged in on this device"
