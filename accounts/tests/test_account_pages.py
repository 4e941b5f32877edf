"""Every allauth page our settings reach, in both languages: our layout and our words.

allauth's stock screens said "Sign In" and "Remember Me:" on a Chinese page, 您 where the site
says 你, 電子信箱 (django.contrib.auth's "Email") where it says 電子郵件, and Django's
「這個欄位是必須的。」. Each page here is rendered as a member meets it, and its main text is read.
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from conftest import make_member

LANGUAGES = ["zh-hant", "en"]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What a Chinese page may show in Latin letters, and an English page in Chinese (our name).
LATIN_IN_CHINESE = {"Guanxi"}
CHINESE_IN_ENGLISH = {"關係", "關"}
# allauth's and Django's stock wording, which must never reach a member.
STOCK = ["您", "電子信箱", "這個欄位是必須的", "Sign In", "Sign Up", "Remember Me", "Menu:"]


class _MainText(HTMLParser):
    """The text a member reads in <main>: its text, and the placeholders, titles and labels of
    its elements."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth:
            for name, value in attrs:
                if name in ("placeholder", "title", "aria-label", "alt") and value:
                    self.parts.append(value)

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(response) -> str:
    parser = _MainText()
    parser.feed(response.content.decode())
    text = " ".join(" ".join(parser.parts).split())
    # Addresses and links are data, not words.
    return re.sub(r"\S+@\S+|https?://\S+", " ", text)


def assert_our_page(response, language: str, name: str):
    assert response.status_code == 200, (name, response.status_code)
    html = response.content.decode()
    assert 'class="site-header"' in html and "account-page" in html, name  # our layout
    assert 'class="page-head' in html, name  # our page, not allauth's drawn in our layout
    text = main_text(response)
    assert text.strip(), name
    for stock in STOCK:
        assert stock not in html, (name, stock)
    if language == "zh-hant":
        latin = set(re.findall(r"[A-Za-z][A-Za-z'’-]+", text)) - LATIN_IN_CHINESE
        assert not latin, (name, sorted(latin), text)
    else:
        chinese = set(re.findall(r"[\u3400-\u9fff]+", text)) - CHINESE_IN_ENGLISH
        assert not chinese, (name, sorted(chinese), text)


def _unconfirmed(email="new@example.com"):
    member = make_member(email, "New Member")
    address = EmailAddress.objects.get(user=member)
    address.verified = False
    address.save(update_fields=["verified"])
    return member, address


def _reset_path(member) -> str:
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(member),
            "key": default_token_generator.make_token(member),
        },
    )


ANONYMOUS_PAGES = {
    "login": lambda: reverse("account_login"),
    "signup": lambda: reverse("account_signup"),
    "verification sent": lambda: reverse("account_email_verification_sent"),
    "password reset": lambda: reverse("account_reset_password"),
    "password reset done": lambda: reverse("account_reset_password_done"),
    "password reset, bad link": lambda: reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nonsense"}
    ),
    "password reset from key done": lambda: reverse("account_reset_password_from_key_done"),
    "account inactive": lambda: reverse("account_inactive"),
    "e-mail confirmation, bad link": lambda: reverse("account_confirm_email", args=["nonsense"]),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_are_ours(client, db, name, language):
    response = client.get(ANONYMOUS_PAGES[name](), HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert_our_page(response, language, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirming_an_address_is_ours(client, db, language):
    _member, address = _unconfirmed()
    key = EmailConfirmationHMAC(address).key
    response = client.get(
        reverse("account_confirm_email", args=[key]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert_our_page(response, language, "confirm e-mail")
    assert "new@example.com" in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_a_new_password_is_ours(client, db, language):
    member = make_member("forgetful@example.com", "Forgetful", language=language)
    response = client.get(_reset_path(member), HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert_our_page(response, language, "password reset from key")
    assert 'name="password1"' in response.content.decode()


MEMBER_PAGES = {
    "e-mail address": "account_email",
    "change password": "account_change_password",
    "set password": "account_set_password",  # a member with a password lands on "change"
    "log out": "account_logout",
    "reauthenticate": "account_reauthenticate",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_are_ours(client, alice, name, language):
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.get(reverse(MEMBER_PAGES[name]), follow=True)
    assert_our_page(response, language, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pending_change_of_address_is_ours(client, alice, language):
    alice.language = language
    alice.save(update_fields=["language"])
    EmailAddress.objects.create(user=alice, email="alice.new@example.com", verified=False)
    client.force_login(alice)
    response = client.get(reverse("account_email"))
    assert_our_page(response, language, "pending change")
    html = response.content.decode()
    assert 'form hidden id="pending-email"' in html
    assert 'name="action_send"' in html and 'name="action_remove"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_ours(client, alice, language):
    response = client.post(reverse("account_login"), {}, HTTP_ACCEPT_LANGUAGE=language)
    assert_our_page(response, language, "login, empty")
    required = "此欄位為必填。" if language == "zh-hant" else "This field is required."
    assert required in response.content.decode()

    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert_our_page(response, language, "login, wrong password")
    wrong = (
        "電子郵件地址或密碼不正確。" if language == "zh-hant" else "e-mail address or the password"
    )
    assert wrong in response.content.decode()

    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.com",
            "password1": "a long Unusual pass 9",
            "password2": "a long Unusual pass 8",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert_our_page(response, language, "signup, mismatched passwords")
    mismatch = "兩次輸入的密碼不一樣。" if language == "zh-hant" else "The two passwords are not"
    assert mismatch in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rate_limit_page_is_ours(client, db, settings, language):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    url = reverse("account_reset_password")
    client.post(url, {"email": "someone@example.com"}, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(url, {"email": "someone@example.com"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    html = response.content.decode()
    assert "error-page" in html and 'class="site-header"' in html
    for stock in STOCK:
        assert stock not in html
    assert bool(CJK.search(main_text(response).replace("關係", ""))) == (language == "zh-hant")


def test_login_field_labels_are_ours(client, db):
    chinese = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    html = chinese.content.decode()
    for words in ["電子郵件地址", "密碼", "忘記密碼？", "在這台裝置上保持登入", "登入"]:
        assert words in html, words
    english = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    for words in ["E-mail address", "Forgot your password?", "Keep me logged in", "Log in"]:
        assert words in html, words


def test_a_password_reset_goes_through_our_pages(client, db):
    """The link in the e-mail, the form with the new password and the page after it."""
    member = make_member("forgetful@example.com", "Forgetful")
    response = client.get(_reset_path(member), follow=True)
    action = re.search(r'<form method="post" action="([^"]+)"', response.content.decode())[1]
    new_password = "a brand new Passphrase 7"
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert_our_page(client.get(response["Location"]), "zh-hant", "reset done")  # the default
    member.refresh_from_db()
    assert member.check_password(new_password)
