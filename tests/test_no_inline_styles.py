"""The pages as served carry no inline style, so `style-src 'self'` breaks nothing.

Every page of the access-control test (tests/test_access_control.py) that answers 200 is
rendered for an anonymous visitor, a seeker (alice) and a referrer (bob), together with the
allauth pages we do not override, and searched for a `style` attribute or a `<style>` element.
Django's admin is left out: tests/browser/test_csp.py opens it under the same policy.
"""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.test_access_control import EXPECTATIONS, _linkedin_on, _world  # noqa: F401

ALLAUTH_PAGES = {
    "anonymous": ["account_login", "account_signup", "account_reset_password"],
    "alice": ["account_email", "account_change_password"],
    "bob": ["account_email"],
}


class _InlineStyles(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.found.append("<style>")
        if any(name == "style" for name, _value in attrs):
            self.found.append(f"<{tag} style=…>")


def inline_styles(html: str) -> list[str]:
    parser = _InlineStyles()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_parser_finds_both_kinds():
    assert inline_styles('<p>a</p><form hidden style="display: none"></form><style>p{}</style>')
    assert inline_styles("<p>style=&quot;x&quot; &lt;style&gt;</p>") == []


@pytest.mark.parametrize("role", ["anonymous", "alice", "bob"])
def test_pages_carry_no_inline_style(
    role, client, alice, bob, charlie, dana, staff, channel, dana_channel
):
    world = _world(alice, bob, charlie, dana, staff, channel, dana_channel)
    # A pending change of address: allauth's page then shows its hidden re-send form.
    EmailAddress.objects.create(user=alice, email="alice.new@example.com", verified=False)
    if role != "anonymous":
        client.force_login(world["people"][role])
    urls = [
        build(world)
        for method, build, expected in EXPECTATIONS.values()
        if method == "get" and expected[role] == 200
    ] + [reverse(name) for name in ALLAUTH_PAGES[role]]
    assert len(urls) > 10
    offenders = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            found = inline_styles(response.content.decode())
            if found:
                offenders[url] = found
    assert offenders == {}
