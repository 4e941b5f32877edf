"""Log in with LinkedIn, end to end against a local OpenID Connect provider
(tests/oidc_provider.py): the browser's steps are the test client's, LinkedIn's are the
provider's, and allauth talks to the provider over HTTP on 127.0.0.1 as it would to LinkedIn.
No network.

What happens, case by case:

- new at Guanxi, with an address LinkedIn has verified: an account with that address confirmed,
  LinkedIn's name as display name, the page's language and the browser's time zone; signed in
  and led to the profile, as after sign-up;
- LinkedIn already linked: signed in to that account, whatever address LinkedIn gives now;
- LinkedIn's verified address is one a member has confirmed here: signed in to that member,
  and LinkedIn linked to them;
- LinkedIn's address is not verified (email_verified false, missing, or not JSON true), or the
  member here never confirmed it: nobody is signed in and nothing is linked. If the address is
  a member's, the answer is the one sign-up gives ("check your inbox"), and the address's owner
  gets allauth's "someone tried to sign up with your address" e-mail; if it is nobody's, a new
  account waits for that address to be confirmed, as after sign-up.
- LinkedIn gives no address: a form asks for one, confirmed by e-mail.
"""

import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from urllib.parse import parse_qsl, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.adapter import welcome_url
from accounts.linkedin import linkedin_enabled
from accounts.models import User
from accounts.tests.test_account_pages import STOCK, main_text
from conftest import make_member
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, OIDCProvider, linkedin_settings

LOGIN = "/accounts/oidc/linkedin/login/"
CALLBACK = "/accounts/oidc/linkedin/login/callback/"


@pytest.fixture(scope="module")
def provider():
    server = OIDCProvider()
    yield server
    server.stop()


@pytest.fixture
def linkedin(provider, settings, db):
    """LinkedIn sign-in on, pointed at the local provider, which starts each test afresh."""
    provider.reset()
    settings.SOCIALACCOUNT_PROVIDERS = linkedin_settings(provider.issuer)
    return provider


def start(client, **data) -> str:
    """Press "Continue with LinkedIn": allauth answers with the way to the provider."""
    response = client.post(LOGIN, {"process": "login", **data})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def come_back(client, callback_url: str):
    """The browser arrives back at Guanxi from the provider."""
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://testserver"
    return client.get(parts.path, dict(parse_qsl(parts.query)))


def log_in_with_linkedin(client, provider, **data):
    return come_back(client, provider.authorize(start(client, **data)))


def signed_in(client):
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def in_language(client, language):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language


# --- Off ----------------------------------------------------------------------------------------


def test_off_without_a_client_id_and_secret(client, alice, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": []}
    }
    assert not linkedin_enabled()
    for name in ["account_login", "account_signup"]:
        html = client.get(reverse(name)).content.decode()
        assert "/accounts/oidc/" not in html and "Continue with LinkedIn" not in html
    assert client.post(LOGIN, {"process": "login"}).status_code == 404
    assert client.get(LOGIN).status_code == 404
    assert client.get(CALLBACK, {"code": "x", "state": "y"}).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("socialaccount_connections")).status_code == 404
    html = client.get(reverse("account_email")).content.decode()
    assert reverse("socialaccount_connections") not in html  # no "LinkedIn" tab
    assert client.get(reverse("accounts:privacy")).status_code == 200


def test_the_settings_turn_it_on_with_both_the_id_and_the_secret():
    """guanxi/settings.py: both set, or it is off (the test environment sets neither)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from accounts.linkedin import linkedin_enabled as on;"
        "print(on(), s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][:1])"
    )

    def run(**env):
        clean = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_")}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=django_settings.BASE_DIR,
            env={**clean, "DJANGO_SETTINGS_MODULE": "guanxi.settings", **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run() == "False []"
    assert run(LINKEDIN_CLIENT_ID="id") == "False []"
    on = run(LINKEDIN_CLIENT_ID="id", LINKEDIN_CLIENT_SECRET="secret")
    assert on.startswith("True") and "'server_url': 'https://www.linkedin.com/oauth'" in on
    on = run(
        LINKEDIN_CLIENT_ID="id",
        LINKEDIN_CLIENT_SECRET="secret",
        LINKEDIN_OIDC_URL="http://127.0.0.1:9999/oauth/",
    )
    assert "'server_url': 'http://127.0.0.1:9999/oauth'" in on


# --- Signing up and logging in -------------------------------------------------------------------


def test_a_new_member_signs_up_with_linkedin(client, linkedin):
    in_language(client, "zh-hant")
    page = client.get(reverse("account_signup")).content.decode()
    assert f'action="{LOGIN}"' in page and "data-browser-time-zone" in page
    assert "使用 LinkedIn 繼續" in page

    response = log_in_with_linkedin(client, linkedin, time_zone="Europe/Berlin")

    assert response.status_code == 302
    assert response["Location"] == welcome_url()  # where sign-up leads
    member = User.objects.get(email="mei@example.com")
    assert signed_in(client) == member
    assert member.display_name == "Mei Lin"
    assert member.language == "zh-hant"
    assert member.time_zone == "Europe/Berlin"
    assert not member.has_usable_password()
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified, address.primary) == ("mei@example.com", True, True)
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == ("linkedin", "linkedin-sub-1")
    assert mail.outbox == []  # nothing left to confirm
    assert client.get(response["Location"]).status_code == 200

    # What Guanxi asked of LinkedIn: the code flow, three scopes, a state, and back to us.
    (asked,) = linkedin.seen["/oauth/v2/authorization"]
    assert asked["response_type"] == "code" and asked["client_id"] == CLIENT_ID
    assert set(asked["scope"].split()) == {"openid", "profile", "email"}
    assert asked["redirect_uri"] == f"http://testserver{CALLBACK}"
    assert len(asked["state"]) >= 16
    (exchanged,) = linkedin.seen["/oauth/v2/accessToken"]
    assert exchanged["client_secret"] == CLIENT_SECRET  # in the body (client_secret_post)


@pytest.mark.parametrize(
    "sent, kept",
    [("", "Asia/Taipei"), ("Asia/Calcutta", "Asia/Kolkata"), ("Mars/Base", "Asia/Taipei")],
)
def test_a_new_members_time_zone_is_read_as_at_sign_up(client, linkedin, sent, kept):
    log_in_with_linkedin(client, linkedin, time_zone=sent)
    assert User.objects.get(email="mei@example.com").time_zone == kept


def test_a_new_member_without_a_name_from_linkedin_is_named_by_their_address(client, linkedin):
    linkedin.person(name=None, given_name=None, family_name=None)
    log_in_with_linkedin(client, linkedin)
    assert User.objects.get(email="mei@example.com").display_name == "mei"


def test_a_linked_member_logs_in_again(client, linkedin):
    log_in_with_linkedin(client, linkedin)
    member = signed_in(client)
    client.logout()

    response = log_in_with_linkedin(client, linkedin)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client) == member

    # Wherever they were going; and LinkedIn's address may have changed since.
    client.logout()
    linkedin.person(email="mei.lin@elsewhere.example")
    response = log_in_with_linkedin(client, linkedin, next=reverse("companies:list"))
    assert response["Location"] == reverse("companies:list")
    assert signed_in(client) == member
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_linkedin_with_a_members_confirmed_address_logs_into_that_member(client, linkedin, alice):
    linkedin.person(sub="alice-on-linkedin", email="Alice@Example.com", name="A. Lin")

    response = log_in_with_linkedin(client, linkedin)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client) == alice
    assert SocialAccount.objects.get(uid="alice-on-linkedin").user == alice
    alice.refresh_from_db()
    assert alice.has_usable_password() and alice.display_name == "Alice Lin"  # unchanged
    assert User.objects.count() == 1
    # Linked now: her LinkedIn logs her in even with another address there.
    client.logout()
    linkedin.person(sub="alice-on-linkedin", email="alice@elsewhere.example")
    log_in_with_linkedin(client, linkedin)
    assert signed_in(client) == alice


@pytest.mark.parametrize("verified", [False, None, "true"], ids=["false", "missing", "a string"])
def test_an_unverified_linkedin_address_never_logs_into_a_member(client, linkedin, alice, verified):
    linkedin.person(sub="not-alice", email="alice@example.com", email_verified=verified)

    response = log_in_with_linkedin(client, linkedin)

    # What sign-up answers for an address that is taken: "check your inbox"; nothing else.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [alice]
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]  # allauth's "an account already exists"
    alice.refresh_from_db()
    assert alice.has_usable_password()


def test_a_verified_linkedin_address_never_logs_into_an_account_that_never_confirmed_it(
    client, linkedin
):
    pat = make_member("pat@example.com", "Pat")
    EmailAddress.objects.filter(user=pat).update(verified=False)
    linkedin.person(sub="pat-on-linkedin", email="pat@example.com")

    response = log_in_with_linkedin(client, linkedin)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists()
    pat.refresh_from_db()
    assert pat.has_usable_password()


def test_a_new_member_whose_linkedin_address_is_unverified_confirms_it_first(client, linkedin):
    linkedin.person(email_verified=False)

    response = log_in_with_linkedin(client, linkedin)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in(client) is None
    member = User.objects.get(email="mei@example.com")
    assert not EmailAddress.objects.get(user=member).verified
    assert SocialAccount.objects.get().user == member
    (message,) = mail.outbox
    assert message.to == ["mei@example.com"] and "/accounts/confirm-email/" in message.body


def test_without_an_address_from_linkedin_the_new_member_gives_one(client, linkedin):
    linkedin.person(email=None, email_verified=None)

    response = log_in_with_linkedin(client, linkedin)

    assert response["Location"] == reverse("socialaccount_signup")
    page = client.get(reverse("socialaccount_signup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="email"' in html and "data-browser-time-zone" in html
    response = client.post(
        reverse("socialaccount_signup"), {"email": "mei@example.com", "time_zone": "Asia/Tokyo"}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    member = User.objects.get(email="mei@example.com")
    assert member.display_name == "Mei Lin" and member.time_zone == "Asia/Tokyo"
    assert SocialAccount.objects.get().user == member
    assert not EmailAddress.objects.get(user=member).verified


def test_a_suspended_member_cannot_log_in_with_linkedin(client, linkedin, alice):
    linkedin.person(sub="alice-on-linkedin", email="alice@example.com")
    log_in_with_linkedin(client, linkedin)
    client.logout()
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = log_in_with_linkedin(client, linkedin)

    assert response["Location"] == reverse("account_inactive")
    assert signed_in(client) is None


def test_saying_no_at_linkedin(client, linkedin):
    linkedin.cancel = True
    in_language(client, "zh-hant")
    response = log_in_with_linkedin(client, linkedin)
    assert response["Location"] == reverse("socialaccount_login_cancelled")
    assert "你沒有繼續使用 LinkedIn" in client.get(response["Location"]).content.decode()
    assert signed_in(client) is None and not User.objects.exists()


# --- What is checked -----------------------------------------------------------------------------


ERROR_PAGE = ("LinkedIn could not log you in", "無法透過 LinkedIn 登入")


def _refused(response, client):
    assert response.status_code == 401, response.status_code
    assert any(heading in response.content.decode() for heading in ERROR_PAGE)
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists()


def test_a_forged_replayed_or_borrowed_state_is_refused(client, linkedin):
    callback = linkedin.authorize(start(client))
    path, params = urlsplit(callback).path, dict(parse_qsl(urlsplit(callback).query))

    _refused(client.get(path, {**params, "state": "forged-state"}), client)
    _refused(client.get(path, {"code": params["code"]}), client)  # no state at all
    other_browser = Client()
    _refused(other_browser.get(path, params), other_browser)
    assert "/oauth/v2/accessToken" not in linkedin.seen  # the code was never even exchanged

    assert come_back(client, callback)["Location"] == welcome_url()  # the real one, once
    member = signed_in(client)
    response = client.get(path, params)  # and not twice
    assert response.status_code == 401
    assert signed_in(client) == member


def test_a_code_works_once(client, linkedin):
    location = start(client)
    callback = linkedin.authorize(location)
    linkedin.codes.clear()  # as if the code had been used already
    _refused(come_back(client, callback), client)


@pytest.mark.parametrize(
    "spoiled",
    [
        {"aud": "another-client"},  # a token LinkedIn made for another site
        {"iss": "https://evil.example/oauth"},
        {"exp": int(time.time()) - 60},
        {"sub": "someone-else"},  # userinfo about another person than the id_token
    ],
    ids=["audience", "issuer", "expired", "subject"],
)
def test_an_id_token_for_another_site_or_person_or_expired_is_refused(client, linkedin, spoiled):
    linkedin.id_token_claims = spoiled
    _refused(log_in_with_linkedin(client, linkedin), client)
    assert not User.objects.exists()


def test_the_id_token_signature_is_not_what_signs_a_member_in(client, linkedin):
    """allauth does not check the signature of an id_token it fetched itself from the token
    endpoint, as OpenID Connect Core 3.1.3.7 allows for a token received straight from the
    provider over TLS (production refuses a LINKEDIN_OIDC_URL that is not https). What signs
    a member in is what Guanxi itself asked LinkedIn over TLS: the code exchanged with the
    client secret, then userinfo with the access token. This test pins that behaviour, so an
    allauth that starts checking signatures (or stops) is noticed and docs/security.md updated.
    """
    linkedin.sign_with_other_key = True
    response = log_in_with_linkedin(client, linkedin)
    assert response["Location"] == welcome_url()
    assert "/oauth/openid/jwks" not in linkedin.seen


def test_linkedin_not_answering_is_an_error_page_not_a_crash(client, linkedin):
    linkedin.down = True
    in_language(client, "en")
    response = client.post(LOGIN, {"process": "login"})
    assert response.status_code == 401
    assert "LinkedIn could not log you in" in response.content.decode()
    linkedin.down = False
    callback = linkedin.authorize(start(client))
    linkedin.down = True  # between leaving for LinkedIn and coming back
    response = come_back(client, callback)
    assert response.status_code == 401
    assert "LinkedIn could not log you in" in response.content.decode()
    assert signed_in(client) is None


# --- The LinkedIn page of the account settings ----------------------------------------------------


def test_the_settings_link_to_the_linkedin_page(client, linkedin, alice):
    client.force_login(alice)
    html = client.get(reverse("account_email")).content.decode()
    assert f'href="{reverse("socialaccount_connections")}"' in html
    page = client.get(reverse("socialaccount_connections"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-current="true">LinkedIn</a>' in html
    assert f'action="{LOGIN}"' in html and 'name="process" value="connect"' in html


def test_linking_from_the_linkedin_page(client, linkedin, bob, charlie):
    client.force_login(bob)
    linkedin.person(sub="bob-on-linkedin", email="robert@elsewhere.example", name="Robert Chen")

    response = log_in_with_linkedin(client, linkedin, process="connect")

    assert response["Location"] == reverse("socialaccount_connections")
    assert SocialAccount.objects.get(uid="bob-on-linkedin").user == bob
    page = client.get(response["Location"]).content.decode()
    assert "Your LinkedIn account is linked." in page
    assert "Robert Chen" in page and "robert@elsewhere.example" in page

    # The same LinkedIn account cannot be linked to a second member.
    client.force_login(charlie)
    response = log_in_with_linkedin(client, linkedin, process="connect")
    page = client.get(response["Location"]).content.decode()
    assert "already linked to another Guanxi account" in page
    assert SocialAccount.objects.get(uid="bob-on-linkedin").user == bob


def test_unlinking_from_the_linkedin_page(client, linkedin, alice):
    linkedin.person(sub="alice-on-linkedin", email="alice@example.com")
    log_in_with_linkedin(client, linkedin)
    account = SocialAccount.objects.get(user=alice)

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 302
    assert not SocialAccount.objects.filter(user=alice).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your LinkedIn account is unlinked." in page
    assert "Your account is not linked to LinkedIn yet." in page


@pytest.mark.parametrize(
    "language, refusal",
    [
        ("zh-hant", "請先設定密碼，再解除 LinkedIn 連結"),
        ("en", "Set a password before you unlink LinkedIn"),
    ],
)
def test_the_last_way_to_log_in_is_never_unlinked(client, linkedin, language, refusal):
    in_language(client, language)
    log_in_with_linkedin(client, linkedin)  # a member who has only LinkedIn
    member = signed_in(client)
    User.objects.filter(pk=member.pk).update(language=language)
    account = SocialAccount.objects.get(user=member)

    page = client.get(reverse("socialaccount_connections")).content.decode()
    assert reverse("account_set_password") in page  # the way out, said before they try

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_nobody_unlinks_another_members_linkedin(client, linkedin, alice, bob):
    linkedin.person(sub="alice-on-linkedin", email="alice@example.com")
    log_in_with_linkedin(client, linkedin)
    account = SocialAccount.objects.get(user=alice)
    client.force_login(bob)
    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert response.status_code == 200  # the form again: not one of bob's
    assert SocialAccount.objects.filter(pk=account.pk, user=alice).exists()


# --- A member's data ------------------------------------------------------------------------------


def test_the_export_holds_the_linkedin_link(client, linkedin):
    log_in_with_linkedin(client, linkedin)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    (linked,) = json.loads(archive.read("data.json"))["linked_accounts"]
    assert linked["provider"] == "linkedin" and linked["uid"] == "linkedin-sub-1"
    assert linked["data"]["userinfo"]["email"] == "mei@example.com"
    assert linked["linked_at"] and linked["last_login"]


def test_a_member_with_only_linkedin_deletes_their_account(
    client, linkedin, django_capture_on_commit_callbacks
):
    log_in_with_linkedin(client, linkedin)
    member = signed_in(client)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert 'name="confirm"' in page and 'name="password"' not in page  # no password to ask

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not SocialAccount.objects.exists()  # the link went with the account
    # Logging in with that LinkedIn again is a new member, not the old one back.
    log_in_with_linkedin(client, linkedin)
    assert signed_in(client).pk != member.pk


def test_deleting_still_needs_the_password_of_a_member_who_has_one(client, linkedin, alice):
    linkedin.person(sub="alice-on-linkedin", email="alice@example.com")
    log_in_with_linkedin(client, linkedin)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()
    response = client.post(
        reverse("accounts:delete"), {"confirm": "on", "password": "correct horse 42"}
    )
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()


# --- In both languages ----------------------------------------------------------------------------

LATIN_IN_CHINESE = {"Guanxi", "LinkedIn"}


def assert_ours(response, language, *data):
    """Our layout and our words, in the page's language only (the member's data aside)."""
    assert response.status_code in (200, 401), response.status_code
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="page-head' in html
    for stock in STOCK:
        assert stock not in html, stock
    text = main_text(response)
    for value in data:
        text = text.replace(value, " ")
    if language == "zh-hant":
        latin = set(re.findall(r"[A-Za-z][A-Za-z'’-]+", text)) - LATIN_IN_CHINESE
        assert not latin, (sorted(latin), text)
        assert "您" not in text and "第三方" not in text
    else:
        assert not re.findall(r"[\u3400-\u9fff]+", text.replace("關係", "").replace("關", ""))


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_every_linkedin_screen_speaks_the_members_language(client, linkedin, language):
    in_language(client, language)
    for name in ["account_login", "account_signup", "socialaccount_login_cancelled"]:
        assert_ours(client.get(reverse(name)), language)
    assert_ours(client.get(LOGIN), language)  # "continue?" for a GET
    assert_ours(client.get(LOGIN, {"process": "connect"}), language)
    assert_ours(client.get(reverse("socialaccount_login_error")), language)
    assert_ours(client.get(CALLBACK, {"code": "x", "state": "nonsense"}), language)
    linkedin.person(email=None, email_verified=None)
    log_in_with_linkedin(client, linkedin)
    assert_ours(client.get(reverse("socialaccount_signup")), language)

    linkedin.person(sub="second")
    client.cookies.clear()
    in_language(client, language)
    log_in_with_linkedin(client, linkedin)  # a new member, with LinkedIn only
    member = signed_in(client)
    page = client.get(reverse("socialaccount_connections"))
    assert_ours(page, language, "Mei Lin", "mei@example.com")
    account = SocialAccount.objects.get(user=member)
    refused = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert_ours(refused, language, "Mei Lin", "mei@example.com")
    if language == "zh-hant":
        zh = refused.content.decode()
        assert "已連結的 LinkedIn 帳號" in zh and "解除連結" in zh
