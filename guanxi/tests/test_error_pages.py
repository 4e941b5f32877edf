"""Our own error pages (guanxi.errors), in both languages, and a 503 while the database is down.

Some tests use this module as the URLconf: the site's URLs and error handlers plus a few views
that fail on purpose.
"""

from unittest import mock

import pytest
from allauth.core.ratelimit import respond_429
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.backends.utils import CursorWrapper
from django.db.utils import InterfaceError, OperationalError
from django.urls import path

from conftest import page_text
from guanxi import urls as site_urls


def _fails_with(exception_class):
    def view(request):
        raise exception_class("secret detail of the failure")

    return view


urlpatterns = [
    path("test-errors/400/", _fails_with(SuspiciousOperation)),
    path("test-errors/403/", _fails_with(PermissionDenied)),
    path("test-errors/429/", respond_429),
    path("test-errors/500/", _fails_with(RuntimeError)),
    path("test-errors/operational/", _fails_with(OperationalError)),
    path("test-errors/interface/", _fails_with(InterfaceError)),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler429 = site_urls.handler429
handler500 = site_urls.handler500

PAGES = [
    # url, status, a Chinese sentence, an English one
    ("/test-errors/400/", 400, "我們無法處理這個請求", "We couldn't understand that request"),
    ("/test-errors/403/", 403, "你沒有權限查看這裡", "You don't have access to this"),
    ("/no-such-page/", 404, "找不到這個頁面", "isn't yours to see"),
    ("/test-errors/429/", 429, "請等幾分鐘後再試一次", "Please wait a few minutes and try again"),
    ("/test-errors/500/", 500, "我們這邊出了點問題", "Something went wrong on our side"),
]
UNAVAILABLE_ZH = "我們目前連不上資料庫。你的資料很安全，請稍後再試一次。"
UNAVAILABLE_EN = (
    "We can't reach our database right now. Your data is safe — please try again in a moment."
)


@pytest.fixture
def failing_client(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def get(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def assert_no_traceback(text):
    for leak in ("Traceback", "secret detail", "simulated outage", "OperationalError"):
        assert leak not in text


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("url", "status", "zh", "en"), PAGES)
def test_error_pages_in_both_languages(db, failing_client, url, status, zh, en):
    chinese = get(failing_client, url, "zh-Hant")
    assert chinese.status_code == status
    text = page_text(chinese)
    assert zh in text and en not in text
    assert '<html lang="zh-Hant">' in text
    assert "關係 Guanxi" in text and 'href="/"' in text
    assert "/static/css/guanxi.css" in text

    english = get(failing_client, url, "en")
    assert english.status_code == status
    text = page_text(english)
    assert en in text and zh not in text
    assert '<html lang="en">' in text
    assert_no_traceback(text)


def test_unknown_url_shows_our_404(db, client, settings):
    settings.DEBUG = False
    response = get(client, "/no-such-page/", "en")
    assert response.status_code == 404
    text = page_text(response)
    assert "We can't find this page" in text
    assert "Go to the home page" in text


def test_signup_rate_limit_shows_our_429(db, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    for i in range(2):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{i}@example.com",
                "password1": "a long pass 123!",
                "password2": "a long pass 123!",
            },
            REMOTE_ADDR="10.4.4.4",
            HTTP_ACCEPT_LANGUAGE="zh-Hant",
        )
    assert response.status_code == 429
    assert "嘗試次數過多" in page_text(response)


@pytest.mark.urls(__name__)
def test_a_view_that_raises_shows_our_500(db, failing_client):
    response = get(failing_client, "/test-errors/500/", "en")
    assert response.status_code == 500
    text = page_text(response)
    assert "This is our fault, not yours." in text
    assert_no_traceback(text)


def database_down():
    """Every query fails, as when the database server is gone."""
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("simulated outage")
    )


def assert_unavailable(response, sentence):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response
    text = page_text(response)
    assert sentence in text
    assert_no_traceback(text)


@pytest.mark.parametrize("debug", [False, True])
def test_database_outage_for_a_signed_in_member_is_a_503(client, alice, settings, debug):
    """The session is read in the middleware (the member is loaded there), not in a view."""
    settings.DEBUG = debug
    client.raise_request_exception = False
    client.force_login(alice)

    with database_down():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
        assert_unavailable(client.get("/"), UNAVAILABLE_ZH)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert_unavailable(client.get("/"), UNAVAILABLE_EN)
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]
        english = client.get("/companies/", HTTP_ACCEPT_LANGUAGE="en")
        assert_unavailable(english, UNAVAILABLE_EN)

    # Nothing sticks: the next request, with the database back, is a normal page.
    response = client.get("/")
    assert response.status_code == 200
    assert "Alice Lin" in page_text(response)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", ["/test-errors/operational/", "/test-errors/interface/"])
def test_database_error_in_a_view_is_a_503(db, client, settings, debug, url):
    settings.DEBUG = debug
    client.raise_request_exception = False
    assert_unavailable(get(client, url, "zh-Hant"), UNAVAILABLE_ZH)
    assert_unavailable(get(client, url, "en"), UNAVAILABLE_EN)
    assert get(client, "/guides/", "en").status_code == 200


def test_database_outage_for_an_anonymous_visitor_is_a_503(db, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with database_down():
        response = get(client, "/companies/", "zh-Hant")
    assert_unavailable(response, UNAVAILABLE_ZH)
    assert '<html lang="zh-Hant">' in page_text(response)
    assert response["Content-Language"] == "zh-hant"


def test_a_form_sent_without_its_csrf_token_gets_our_page_in_both_languages(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    for language, text in [("zh-hant", "這個表單已經過期"), ("en", "This form has expired")]:
        alice.language = language
        alice.save()
        response = client.post("/contacts/new/", {"name": "X"})
        assert response.status_code == 403
        body = response.content.decode()
        assert text in body
        assert "CSRF verification failed" not in body
