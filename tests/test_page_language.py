"""Every page speaks one language: no stray English on a Chinese page, no Chinese on an English one.

Every page that answers a GET (the URL patterns of tests/test_access_control.py, which must
cover them all, plus allauth's pages without parameters) is requested by a visitor, the seeker,
the referrer and the moderator, whichever may see it, with the people, companies, requests, chats
and events of that test (and requests in more states), once with the members' language set to
zh-Hant and once to English.

What people typed is not ours to translate: every text value stored in the database (names,
companies, notes, titles, …) is taken out first, as are tags, scripts, e-mail addresses, URLs,
numbers and anything marked with another ``lang`` (the language switcher). What is left must be
Chinese on a Chinese page, apart from a few brands and technical words (LinkedIn, PDF, …), and
must hold no Chinese on an English page. Django's admin has its own test
(tests/test_admin_language.py).
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from accounts.models import User
from tests.access_roles import ROLES
from tests.test_access_control import EXPECTATIONS, _linkedin_on, _world  # noqa: F401

# Words a Chinese page may show as they are: brands and products, file formats, standard
# abbreviations that Taiwanese pages write in Latin letters.
ALLOWED_ENGLISH = {
    *("Guanxi", "LinkedIn", "Google", "Meet", "Zoom", "Teams", "Meta", "Apple", "Amazon"),
    *("TSMC", "MediaTek", "LINE", "Facebook", "GitHub"),
    *("Outlook", "Windows", "Mac", "iPhone", "iPad"),  # where to subscribe to the calendar feed
    *("PDF", "CSV", "ZIP", "vCard", "ics", "URL", "ID", "UTC", "MB", "QA", "API"),
}

# Chinese an English page may show: the site's name and well-known companies' names.
ALLOWED_CHINESE = {"關係", "關", "台積電", "聯發科"}

# Words a page means to show in the other language, e.g. an example quoted as written.
PAGE_WORDS = {
    # The sample note to a referrer names the job as the posting does, in English.
    ("guides:detail", "zh"): {"Kevin", "Software", "Engineer", "III", "Cloud"},
    # LinkedIn's export steps quote its own label, for members who use LinkedIn in English.
    ("contacts:import", "zh"): {"Connections"},
}

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
NOT_WORDS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(?:https?://|www\.)\S+"),  # URLs
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|example|test|tw|io)\b"),  # domains
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.+-]+)?\b"),  # ISO dates
    re.compile(r"/[\w/.?=&%-]*"),  # paths
    re.compile(r"\b[\w-]+\.(?:csv|pdf|ics|vcf|zip)\b", re.IGNORECASE),  # file names
]

# Elements whose text is not read: code, and the icons' SVG.
SKIPPED = {"script", "style", "svg", "template", "code", "pre"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField)


class _Reader(HTMLParser):
    """The text a reader sees or hears, without what is marked as another language."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # for each open element: is its text skipped?
        self.parts: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").split("-")[0].lower()
        skipped = self._skipped() or tag in SKIPPED or (lang and lang != self.language)
        if not skipped:
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append(skipped)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.parts.append(data)


# Stored text that members never read: the task queue, the dev inbox, sessions.
NOT_SHOWN = {"workers", "devinbox", "accounts.membersession"}
# A key, a slug or a code ("no_opening", "interviewing"): a page must show its label, so such
# values are not taken out.
KEY = re.compile(r"[a-z0-9_-]+")


def _stored_text() -> list[str]:
    """Every text value in the database (what members typed), longest first."""
    values = set()
    for model in apps.get_models():
        path = str(model._meta.app_config.path)
        if not path.startswith(str(settings.BASE_DIR)) or ".venv" in path:
            continue
        if {model._meta.app_label, model._meta.label_lower} & NOT_SHOWN:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                values.update(_strings(value))
    return sorted(values, key=len, reverse=True)


def _strings(value):
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 1 and not KEY.fullmatch(value):
            yield value
            for line in value.splitlines():
                if len(line.strip()) > 1:
                    yield line.strip()
            name = value.rsplit("/", 1)[-1]  # a file: its name as the page shows it
            if len(name) > 1 and not KEY.fullmatch(name):
                yield name
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _readable_text(content: str, language: str, stored: list[str]) -> str:
    reader = _Reader(language)
    reader.feed(content)
    text = "\n".join(html.unescape(part) for part in reader.parts)
    for value in stored:
        text = text.replace(value, " ")
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return text


def _strays(text: str, language: str, allowed: set[str]) -> list[str]:
    """The words that are not in the page's language, each with a little context."""
    if language == "zh":
        allowed = allowed | ALLOWED_ENGLISH
        found = [
            m
            for m in LATIN_WORD.finditer(text)
            if len(m.group()) > 1  # a member's initial on their avatar
            and m.group() not in allowed
            and m.group().upper() not in allowed
        ]
    else:
        allowed = allowed | ALLOWED_CHINESE
        found = [m for m in CJK.finditer(text) if m.group() not in allowed]
    return sorted({" ".join(text[max(0, m.start() - 20) : m.end() + 20].split()) for m in found})


def _allauth_pages():
    """allauth's URL names that take no parameters."""

    def takes_nothing(pattern):
        return not getattr(pattern, "converters", None) and (
            not getattr(pattern, "regex", None) or not pattern.regex.groups
        )

    def walk(resolver, namespace="", outer=True):
        # ``outer``: the included patterns above take no parameter either (allauth's OpenID
        # Connect addresses take the provider's id there).
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, ns, outer and takes_nothing(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                module = getattr(entry.callback, "__module__", "")
                if module.startswith("allauth.") and outer and takes_nothing(entry.pattern):
                    yield f"{namespace}{entry.name}"

    return sorted(set(walk(get_resolver())))


# Every test runs in a savepoint inside the module's transaction (see ``world``).
pytestmark = pytest.mark.django_db

PAGES = sorted(name for name, (method, _build, _codes) in EXPECTATIONS.items() if method == "get")
ALLAUTH_PAGES = _allauth_pages()
LANGUAGES = [("zh-hant", "zh"), ("en", "en")]
VIEWERS = ["anonymous", "alice", "bob", "staff"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The people and things of tests/test_access_control.py, made once for all the pages here.

    Made inside a transaction that is rolled back at the end; each test runs inside its own
    savepoint, so what a page changes (a request marked as viewed) does not reach the next one.
    Made with the test settings of conftest.py, whose fixtures only serve single tests.
    """
    from django.core.files.storage import storages
    from django.db import connection, transaction
    from django.test import override_settings

    from companies.services import company_create
    from conftest import make_channel, make_member
    from resumes.models import Resume

    private = {
        "BACKEND": "resumes.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": tmp_path_factory.mktemp("private")},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            STORAGES={**settings.STORAGES, "resumes": private},
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        database = str(connection.settings_dict["NAME"])
        assert "test" in database or "memory" in database, f"not a test database: {database}"
        storage = storages["resumes"]
        patch.setattr(Resume._meta.get_field("file"), "storage", storage)
        people = {
            role: make_member(f"{role}@example.com", name)
            for role, name in [
                ("alice", "Alice Lin"),
                ("bob", "Bob Chen"),
                ("charlie", "Charlie Wu"),
                ("dana", "Dana Huang"),
                ("staff", "Moderator"),
            ]
        }
        people["staff"].is_staff = people["staff"].is_superuser = True
        people["staff"].save()
        acme = company_create(
            name_en="Acme Semiconductor",
            name_zh="愛客美半導體",
            website="https://acme.example",
            aliases=["ACME"],
        )
        channel = make_channel(people["bob"], acme, job_title="Senior engineer", team="Platform")
        dana_channel = make_channel(people["dana"], acme, job_title="Product manager")
        made = _world(**people, channel=channel, dana_channel=dana_channel)
        _more_states(people, channel)
        made["resume_storage"] = storage
        yield made
        transaction.set_rollback(True)


def _more_states(people, channel):
    """Requests in the other states, so the lists and timelines show their words too."""
    from companies.services import company_create
    from conftest import make_channel, make_request
    from contacts.services import contact_create
    from events.models import Event, RsvpStatus
    from events.services import event_rsvp
    from referrals.health import request_stats_rebuild
    from referrals.services import (
        referral_ask_for_info,
        referral_decline,
        referral_refer,
        referral_report_outcome,
        referral_thank,
    )

    alice, bob, charlie, dana, staff = (
        people[role] for role in ("alice", "bob", "charlie", "dana", "staff")
    )
    globex = company_create(
        name_en="Globex Systems", name_zh="環宇系統", website="https://g.example"
    )
    declined = make_request(alice, make_channel(dana, globex, job_title="Engineering manager"))
    referral_decline(request=declined, referrer=dana, reason="no_opening", note="Not this year.")
    asked = make_request(charlie, channel)
    referral_ask_for_info(request=asked, referrer=bob, question="Which team?")
    referred = make_request(staff, channel)
    referral_refer(request=referred, referrer=bob, note="Done.")
    referral_report_outcome(request=referred, seeker=staff, outcome="interviewing")
    referral_thank(request=referred, seeker=staff, message="Thank you!")
    for event in Event.objects.all():
        event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    # Warm paths: the moderator's referral put Bob in their contacts, and they know Dana, who
    # refers at Acme too; so the ask form says both (alice's contact at Acme fills her panel).
    contact_create(owner=staff, member=dana, name="Dana Huang", company="Acme", how_we_met="Meetup")
    # The moderators' dashboard reads the weekly rollup the sweep keeps.
    request_stats_rebuild()


@pytest.fixture
def page_client(world, client, monkeypatch):
    """The test client, with the world's resumes where the pages look for them."""
    from resumes.models import Resume

    monkeypatch.setattr(Resume._meta.get_field("file"), "storage", world["resume_storage"])
    return client


def _check(client, name, url, roles, people, language):
    code, primary = language
    allowed = PAGE_WORDS.get((name, primary), set())
    User.objects.update(language=code)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    stored = None
    problems = []
    for role in roles:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        stored = stored if stored is not None else _stored_text()
        text = _readable_text(response.content.decode(), primary, stored)
        problems += [f"[{role}] {stray}" for stray in _strays(text, primary, allowed)]
    return problems


# Pages whose stray words are known and waiting for a fix: (URL name, language) → why. Strict:
# once a page is fixed its test fails as XPASS, and its line here goes.
KNOWN: dict[tuple[str, str], str] = {}


def _cases(names):
    for name in names:
        for language in LANGUAGES:
            reason = KNOWN.get((name, language[0]))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(name, language, marks=marks, id=f"{name}-{language[0]}")


@pytest.mark.parametrize("name, language", list(_cases(PAGES)))
def test_page_speaks_one_language(name, language, world, page_client):
    _method, build, codes = EXPECTATIONS[name]
    # The seeker, the referrer and the moderator each see their own side of a page; charlie and
    # dana (the outsiders) see less of the same.
    roles = [role for role in VIEWERS if codes[role] == 200]
    roles = roles or [role for role in ROLES if codes[role] == 200][:1]
    problems = _check(page_client, name, build(world), roles, world["people"], language)
    assert problems == [], f"{name} in {language[0]}:\n" + "\n".join(problems)


def test_the_warm_path_parts_are_among_what_is_read(world, page_client):
    """The company page's "People you know here", the cards' line and the ask form's hints show
    in this world, so the pages' checks read their words."""
    alice, staff = world["people"]["alice"], world["people"]["staff"]
    page_client.force_login(alice)
    detail = page_client.get(world["company"].get_absolute_url()).content.decode()
    assert 'class="card known-people"' in detail
    assert 'class="known-count"' in page_client.get(reverse("companies:list")).content.decode()
    page_client.force_login(staff)
    ask = page_client.get(reverse("referrals:ask", args=[world["channel"].pk])).content.decode()
    assert 'id="warm-referrer"' in ask and 'id="warm-others"' in ask


@pytest.mark.parametrize("name, language", list(_cases(ALLAUTH_PAGES)))
def test_account_page_speaks_one_language(name, language, world, page_client):
    roles = ["anonymous", "alice"]
    problems = _check(page_client, name, reverse(name), roles, world["people"], language)
    assert problems == [], f"{name} in {language[0]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES, ids=[code for code, _primary in LANGUAGES])
def test_the_referral_packet_speaks_one_language(language, world, page_client):
    """The referrer's page of a request they referred, with its packet (referrals/packet.py)."""
    from referrals.models import ReferralRequest

    referred = ReferralRequest.objects.get(seeker=world["people"]["staff"], status="referred")
    url = reverse("referrals:inbox_request", args=[referred.pk])
    name = "referrals:inbox_request"
    problems = _check(page_client, name, url, ["bob"], world["people"], language)
    assert "data-packet" in page_client.get(url).content.decode()
    assert problems == [], f"the packet in {language[0]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES, ids=[code for code, _primary in LANGUAGES])
def test_the_job_id_proposal_speaks_one_language(language, world, page_client):
    """The ask form back with the job ID it found in the link (referrals/job_ids.py)."""
    from conftest import pdf_upload

    code, primary = language
    User.objects.update(language=code)
    # The moderator: their request at Acme is closed, so they may ask Dana there.
    page_client.force_login(world["people"]["staff"])
    link = "https://boards.greenhouse.io/acme/jobs/5712345"
    response = page_client.post(
        reverse("referrals:ask", args=[world["dana_channel"].pk]),
        {"kind": "referral", "position_title": "Engineer", "job_url": link, "job_id": "",
         "resume_source": "upload", "upload": pdf_upload(), "note": "I fit."},
    )  # fmt: skip
    content = response.content.decode()
    assert 'name="job_id_proposed" value="5712345"' in content
    typed = [link, "I fit.", "Engineer"]  # what the seeker typed, shown back in the form
    text = _readable_text(content, primary, typed + _stored_text())
    assert _strays(text, primary, set()) == []


# The screens of the e-mails' personal links (referrals.decision_links), opened as from the
# e-mail: not signed in, the link followed to the screen. Their URLs in the access matrix need
# the link's cookie, so they are visited here: each state of the decision screen and of the
# seeker's answer screen, and the screen without its cookie.
EMAIL_LINK_PAGES = [
    "decide-open",
    "decide-needs-info",
    "decide-closed",
    "answer-open",
    "answer-closed",
    "no-link",
]


def _email_link_url(name, world):
    from referrals.decision_links import email_link_path
    from referrals.models import ReferralRequest, Status

    people = world["people"]
    asked = ReferralRequest.objects.get(status=Status.NEEDS_INFO)
    declined = ReferralRequest.objects.get(status=Status.DECLINED)
    links = {
        "decide-open": ("decide", world["referral"], "bob"),
        "decide-needs-info": ("decide", asked, "bob"),
        "decide-closed": ("decide", declined, "dana"),
        "answer-open": ("answer", asked, "charlie"),
        "answer-closed": ("answer", declined, "alice"),
    }
    if name == "no-link":
        return reverse("referrals:email_decide", args=[world["referral"].pk]), 404
    purpose, referral, who = links[name]
    return email_link_path(purpose=purpose, request_id=referral.pk, member=people[who]), 200


@pytest.mark.parametrize("name, language", list(_cases(EMAIL_LINK_PAGES)))
def test_email_link_page_speaks_one_language(name, language, world, page_client):
    code, primary = language
    url, status = _email_link_url(name, world)
    User.objects.update(language=code)
    page_client.logout()
    page_client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    response = page_client.get(url, HTTP_ACCEPT_LANGUAGE=code, follow=True)
    assert response.status_code == status
    # The screen itself, in the language of the test (not an error page, not the other one).
    with translation.override(code):
        heading = "About this link" if status == 200 else "Open the link in your e-mail again"
        assert html.escape(translation.gettext(heading)) in response.content.decode()
    text = _readable_text(response.content.decode(), primary, _stored_text())
    problems = _strays(text, primary, set())
    assert problems == [], f"{name} in {code}:\n" + "\n".join(problems)
