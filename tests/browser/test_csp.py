"""The main pages, opened in chromium under our Content-Security-Policy, report no violation.

The HTML checks (guanxi/tests/test_no_inline_scripts.py, tests/test_no_inline_styles.py) read
what we send; this asks the browser, which also sees what scripts do after loading, and covers
Django's admin, which shares the site's policy.
"""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import make_channel, make_member, make_request

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watch(page) -> list[str]:
    """Violations the page reports, and what chromium logs about our policies (what it refused,
    or a Permissions-Policy feature it does not know)."""
    page.context.add_init_script(LISTEN)
    console = []

    def note(message):
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            console.append(message.text)

    page.on("console", note)
    return console


def _signed_in(page, live_server, member):
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_report_no_csp_violation(new_page, live_server):
    from companies.services import company_create

    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體")
    seeker = make_member("mei@example.com", "Mei Lin")
    referrer = make_member("kai@example.com", "Kai Chen")
    moderator = make_member("mod@example.com", "Moderator")
    moderator.is_staff = moderator.is_superuser = True
    moderator.save()
    channel = make_channel(referrer, acme, job_title="Engineer")
    referral = make_request(seeker, channel)
    EmailAddress.objects.create(user=seeker, email="mei.new@example.com", verified=False)

    visits = {
        None: [
            reverse("home"),
            reverse("companies:list"),
            acme.get_absolute_url(),
            reverse("guides:index"),
            reverse("account_login"),
            reverse("account_signup"),
            # The API's documentation: Swagger UI from our own static files.
            reverse("api:openapi-view"),
        ],
        seeker: [
            reverse("home"),
            reverse("referrals:ask", args=[channel.pk]),
            reverse("referrals:my_requests"),
            reverse("referrals:my_request", args=[referral.pk]),
            reverse("resumes:library"),
            reverse("network:directory"),
            reverse("contacts:list"),
            reverse("account_email"),
            reverse("tokens:list"),
        ],
        referrer: [
            reverse("referrals:inbox"),
            reverse("referrals:inbox_request", args=[referral.pk]),
            reverse("referrals:channels"),
        ],
        moderator: [
            reverse("admin:index"),
            reverse("admin:companies_company_changelist"),
            reverse("admin:companies_company_change", args=[acme.pk]),
            reverse("admin:referrals_referralrequest_change", args=[referral.pk]),
        ],
    }
    reported = {}
    for member, urls in visits.items():
        # Not checked with axe-core here: it adds styles of its own, which the policy refuses
        # (tests/browser/test_accessibility.py checks these pages).
        page = new_page(
            "en-US", label=member.email if member else "anonymous", check_accessibility=False
        )
        console = _watch(page)
        if member is not None:
            _signed_in(page, live_server, member)
        for url in urls:
            console.clear()
            response = page.goto(url)
            assert response.status == 200, url
            assert "style-src 'self';" in response.headers["content-security-policy"]
            page.wait_for_load_state("load")
            if url == reverse("api:openapi-view"):
                page.wait_for_selector(".opblock")  # Swagger UI has read the schema and drawn
            violations = page.evaluate("window.__violations") + console
            if violations:
                reported[url] = violations
    assert reported == {}
