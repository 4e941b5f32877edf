"""Every form of the project, rendered in both languages: no Chinese on an English page and no
untranslated English label on a Chinese one.

The forms are discovered, not listed: every ``django.forms`` form class defined in our apps, plus
the allauth forms our account pages use. A form whose constructor needs arguments has a factory
in ``FACTORIES``; a new form that cannot be built without one makes the test fail, so it cannot
be forgotten.

The mistake this guards against is a string translated once, at import time (``gettext`` at
class level, or a lazy string formatted with ``%`` when the module loads): it then shows in the
language that was active when the server started, whatever the page's language.
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from coffee.models import Mode
from coffee.tests.helpers import propose
from conftest import make_channel

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
# An element marked as being in Chinese (lang="zh-hant") may show Chinese on an English page.
OTHER_LANGUAGE = re.compile(r'<(\w+)[^>]*\blang="zh[^"]*"[^>]*>.*?</\1>', re.S)
# Labels that read the same in both languages on purpose: a language named in its own script.
SAME_IN_BOTH = {"English"}
# Words that stay in Latin letters in the Chinese interface (brands, file types, our name).
LATIN_IN_CHINESE = {
    "LinkedIn", "PDF", "CSV", "URL", "Guanxi", "Connections.csv", "MB", "ID", "Google", "Meet",
    "Zoom", "Teams", "E-mail", "Email",
}  # fmt: skip

ALLAUTH_FORMS = [
    "LoginForm",
    "SignupForm",
    "ResetPasswordForm",
    "ResetPasswordKeyForm",
    "ChangePasswordForm",
    "SetPasswordForm",
    "AddEmailForm",
    "ReauthenticateForm",
]


def _our_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield config


def _import_app_modules() -> set[str]:
    """Import every module of our apps (not tests or migrations) so their forms are defined."""
    packages = set()
    for config in _our_apps():
        packages.add(config.name)
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            parts = info.name.split(".")
            if {"tests", "migrations", "management", "__main__"} & set(parts):
                continue
            importlib.import_module(info.name)
    return packages


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def discovered_forms() -> list[type]:
    packages = _import_app_modules()
    ours = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in packages and not cls.__name__.startswith("_")
    }
    allauth = importlib.import_module("allauth.account.forms")
    ours |= {getattr(allauth, name) for name in ALLAUTH_FORMS}
    return sorted(ours, key=lambda c: (c.__module__, c.__name__))


FORMS = discovered_forms()


def _coffee_chat(w, *, mode=Mode.IN_PERSON):
    return propose(w["alice"], w["bob"], mode=mode)


def _request_form(cls, w):
    return cls(channel=w["channel"], seeker=w["alice"])


# How to build the forms whose constructor needs more than data (``None`` = unbound).
FACTORIES = {
    "accounts.forms.ProfileForm": lambda cls, w: cls(instance=w["alice"]),
    "accounts.forms.DeleteAccountForm": lambda cls, w: cls(member=w["alice"]),
    "coffee.forms.RespondForm": lambda cls, w: cls(chat=w["chat"], member=w["bob"]),
    "coffee.forms.RescheduleForm": lambda cls, w: cls(chat=w["chat"], member=w["bob"]),
    "referrals.forms.ReferralRequestForm": _request_form,
    "allauth.account.forms.ResetPasswordKeyForm": lambda cls, w: cls(user=w["alice"]),
    "allauth.account.forms.ChangePasswordForm": lambda cls, w: cls(user=w["alice"]),
    "allauth.account.forms.SetPasswordForm": lambda cls, w: cls(user=w["alice"]),
    "allauth.account.forms.AddEmailForm": lambda cls, w: cls(user=w["alice"]),
    "allauth.account.forms.LoginForm": lambda cls, w: cls(request=None),
    "allauth.account.forms.ReauthenticateForm": lambda cls, w: cls(user=w["alice"]),
}


def _key(cls) -> str:
    return f"{cls.__module__}.{cls.__name__}"


@pytest.fixture
def world(alice, bob, acme):
    return {
        "alice": alice,
        "bob": bob,
        "channel": make_channel(bob, acme),
        "chat": _coffee_chat({"alice": alice, "bob": bob}),
    }


def _build(cls, world, request_factory=None):
    factory = FACTORIES.get(_key(cls))
    if factory is not None:
        return factory(cls, world)
    return cls()


def _data(form) -> list[str]:
    """Choice labels that are data (company and member names, time zones), not our words."""
    found = []
    for field in form.fields.values():
        for choice in getattr(field, "choices", None) or []:
            if (
                isinstance(choice, tuple)
                and len(choice) == 2
                and not isinstance(choice[1], Promise)
            ):
                found.append(str(choice[1]))
    return sorted(found, key=len, reverse=True)


def _without(html: str, data: list[str]) -> str:
    from django.utils.html import escape

    for text in data:
        html = html.replace(escape(text), "").replace(text, "")
    return html


def _texts(form) -> list[tuple[str, object]]:
    """What a member reads on the form: labels, help texts, placeholders, choice labels."""
    found = []
    for name, field in form.fields.items():
        for what in ("label", "help_text"):
            value = getattr(field, what, None)
            if value:
                found.append((f"{name}.{what}", value))
        placeholder = field.widget.attrs.get("placeholder")
        if placeholder:
            found.append((f"{name}.placeholder", placeholder))
        for choice in getattr(field, "choices", None) or []:
            if isinstance(choice, tuple) and len(choice) == 2 and isinstance(choice[1], Promise):
                # Only translated labels: data (names, time zones) is shown as it is.
                found.append((f"{name}.choice", choice[1]))
    return found


def _latin_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z.\-]+", text)
    return [w for w in words if w.strip(".-") not in LATIN_IN_CHINESE]


def test_every_form_is_found():
    names = {c.__name__ for c in FORMS}
    assert {"DeleteAccountForm", "ImportForm", "ConnectForm", "LoginForm"} <= names


@pytest.mark.parametrize("cls", FORMS, ids=_key)
def test_form_speaks_the_page_language(cls, world):
    texts, pages = {}, {}
    for language in ("en", "zh-hant"):
        # Built and rendered inside the request's language, as a view does.
        with translation.override(language):
            try:
                form = _build(cls, world)
            except TypeError as error:  # a new form needs a factory
                pytest.fail(f"Add a factory for {_key(cls)} to FACTORIES: {error}")
            texts[language] = {where: str(text) for where, text in _texts(form)}
            pages[language] = _without(form.as_div() + _bound_errors(cls, world), _data(form))

    english = texts["en"]
    chinese_in_english = [f"{w}: {t}" for w, t in english.items() if CJK.search(t)]
    assert not chinese_in_english, chinese_in_english
    in_english = OTHER_LANGUAGE.sub("", pages["en"])  # 繁體中文 in the language picker
    assert not CJK.search(in_english), CJK.findall(in_english)

    untranslated = [
        f"{where}: {text}"
        for where, text in texts["zh-hant"].items()
        if text == english[where]
        and text not in SAME_IN_BOTH
        and _latin_words(text)
        and not CJK.search(text)
    ]
    assert not untranslated, untranslated


def _bound_errors(cls, world) -> str:
    """The form sent empty, as a member would, so its error messages render too."""
    form = _build(cls, world)
    form.data, form.is_bound = {}, True
    form.files = {}
    form.full_clean()
    return form.as_div()


# --- The same mistake anywhere in the code ---------------------------------------------------

EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}
TRANSLATING = EAGER | {"gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}


def _translation_names(tree) -> dict[str, str]:
    """Local name → function, for what the module imports from django.utils.translation."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


def _import_time_nodes(tree):
    """Every node evaluated when the module is imported: outside function bodies (class bodies
    and default arguments included)."""
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend(node.args.defaults + [d for d in node.args.kw_defaults if d])
            stack.extend(node.decorator_list)
            continue
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _translated_at_import(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = _translation_names(tree)

    def call_of(node, kinds) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and names.get(node.func.id) in kinds
        )

    found = []
    for node in _import_time_nodes(tree):
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if call_of(node, EAGER):
            found.append(f"{where}: {node.func.id}() runs at import; use its _lazy form")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            if call_of(node.left, TRANSLATING) or call_of(node.right, TRANSLATING):
                found.append(f"{where}: a translated string is formatted at import")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if call_of(node.func.value, TRANSLATING):
                found.append(f"{where}: .{node.func.attr}() on a translated string at import")
        elif isinstance(node, ast.JoinedStr):
            if any(call_of(part, TRANSLATING) for part in ast.walk(node)):
                found.append(f"{where}: a translated string in an f-string at import")
    return found


def test_nothing_is_translated_at_import_time():
    """A string translated when its module loads keeps the language of that moment."""
    found = []
    for config in _our_apps():
        for path in Path(config.path).rglob("*.py"):
            if not {"tests", "migrations"} & set(path.parts):
                found += _translated_at_import(path)
    assert not found, "\n".join(found)
