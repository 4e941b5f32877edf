"""Access expectations of the API, and of its pages, for tests/test_access_control.py.

The pages (the token settings, the docs, the schema) are in ``EXPECTATIONS``, requested with a
session like every page. The API's endpoints are in ``API_MATRIX``, requested with tokens by
api/tests/test_access.py (every endpoint × every role × a write, a read and a revoked token);
``COVERED_ELSEWHERE`` tells the URL test that their URL patterns are covered there.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.models import Scope
from api.services import access_token_create
from contacts.services import contact_create, follow_up_create
from referrals.services import referral_ask_for_info, referral_refer
from tests.access_roles import LOGIN, codes


def add_objects(world):
    world["alice_token"] = access_token_create(
        member=world["people"]["alice"], name="Spreadsheet", scope=Scope.READ
    )[0]


EVERYONE = codes(200, 200, 200, 200, 200, 200)

EXPECTATIONS = {
    "tokens:list": ("get", lambda w: reverse("tokens:list"), codes(LOGIN, 200, 200, 200, 200, 200)),
    "tokens:revoke": (
        "post",
        lambda w: reverse("tokens:revoke", args=[w["alice_token"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    # The documentation and the schema are public; /api/ leads to the documentation.
    "api:openapi-view": ("get", lambda w: reverse("api:openapi-view"), EVERYONE),
    "api:openapi-json": ("get", lambda w: reverse("api:openapi-json"), EVERYONE),
    "api_root": ("get", lambda w: reverse("api_root"), codes(302, 302, 302, 302, 302, 302)),
    "api:api-root": ("get", lambda w: reverse("api:api-root"), codes(302, 302, 302, 302, 302, 302)),
    "api_not_found": ("get", lambda w: "/api/no-such-thing", codes(404, 404, 404, 404, 404, 404)),
}


# --- The API: every endpoint, requested with tokens --------------------------------------------
#
# name (the operation's URL name): (method, url, JSON body or None, codes with a write token in
# ROLES order (anonymous, alice the seeker, charlie another member, bob the addressed referrer,
# dana another referrer at the company, staff), what to set up first or None).
# A read token gets the same on a GET, and 403 instead of a success on a POST (another member's
# object stays a 404); a revoked token, and no token, get 401.


def _request(path=""):
    return lambda w: f"/api/requests/{w['referral'].pk}{path}"


def _inbox(path=""):
    return lambda w: f"/api/inbox/{w['referral'].pk}{path}"


def _asked(w):
    referral_ask_for_info(
        request=w["referral"], referrer=w["people"]["bob"], question="Which team?"
    )


def _referred(w):
    referral_refer(request=w["referral"], referrer=w["people"]["bob"])


def _contact(path=""):
    return lambda w: f"/api/contacts/{w['contact'].pk}{path}"


def add_contact(world):
    """alice's contact, with a follow-up."""
    alice = world["people"]["alice"]
    world["contact"] = contact_create(owner=alice, name="Grace Hsu", company="Acme")
    world["follow_up"] = follow_up_create(
        owner=alice, contact=world["contact"], topic="Her new team", due_on=date(2030, 1, 1)
    )


CONTACT = {"name": "Grace Hsu", "company": "Acme", "tags": ["peer"], "cadence_days": 30}


class Multipart(dict):
    """A body sent as multipart/form-data; a callable value is given the world (a file is made
    anew for each request: the test client reads it to the end)."""

    def for_world(self, w) -> dict:
        return {k: v(w) if callable(v) else v for k, v in self.items()}


CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme,Engineer,15 Mar 2024\r\n"
)


def connections_file(w=None) -> SimpleUploadedFile:
    return SimpleUploadedFile("Connections.csv", CONNECTIONS.encode(), content_type="text/csv")


ANY_MEMBER = codes(401, 200, 200, 200, 200, 200)
ANY_MEMBER_CREATES = codes(401, 201, 201, 201, 201, 201)
OWNER_ONLY = codes(401, 200, 404, 404, 404, 404)
SEEKER_ONLY = codes(401, 200, 404, 404, 404, 404)
REFERRER_ONLY = codes(401, 404, 404, 200, 404, 404)

API_MATRIX = {
    "company_list": ("get", lambda w: "/api/companies?q=acme", None, ANY_MEMBER, None),
    "company_detail": (
        "get",
        lambda w: f"/api/companies/{w['company'].slug}",
        None,
        ANY_MEMBER,
        None,
    ),
    "notification_list": ("get", lambda w: "/api/notifications", None, ANY_MEMBER, None),
    "notification_read_all": ("post", lambda w: "/api/notifications/read", None, ANY_MEMBER, None),
    "notification_read": (
        "post",
        lambda w: f"/api/notifications/{w['bob_notification'].pk}/read",
        None,
        REFERRER_ONLY,
        None,
    ),
    "request_list": ("get", lambda w: "/api/requests", None, ANY_MEMBER, None),
    # An advice chat at bob's channel: alice already has an open request at the company, and bob
    # cannot ask himself (the service's 400s); the others may ask.
    "request_create": (
        "post",
        lambda w: "/api/requests",
        Multipart(
            channel_id=lambda w: w["channel"].pk,
            kind="advice",
            position_title="Platform engineer",
            note="I would love to hear about your team.",
            confirm_instructions="true",
            confirm_accurate="true",
        ),
        codes(401, 400, 201, 400, 201, 201),
        None,
    ),
    "request_detail": ("get", _request(), None, SEEKER_ONLY, None),
    "request_answer": ("post", _request("/answer"), {"answer": "Platform."}, SEEKER_ONLY, _asked),
    "request_withdraw": ("post", _request("/withdraw"), None, SEEKER_ONLY, None),
    "request_outcome": (
        "post",
        _request("/outcome"),
        {"outcome": "interviewing"},
        SEEKER_ONLY,
        _referred,
    ),
    "request_thank": (
        "post",
        _request("/thanks"),
        {"message": "Thank you!"},
        SEEKER_ONLY,
        _referred,
    ),
    "inbox_list": ("get", lambda w: "/api/inbox", None, ANY_MEMBER, None),
    "inbox_detail": ("get", _inbox(), None, REFERRER_ONLY, None),
    "inbox_view": ("post", _inbox("/view"), None, REFERRER_ONLY, None),
    "inbox_refer": ("post", _inbox("/refer"), {"note": "Done."}, REFERRER_ONLY, None),
    "inbox_need_info": (
        "post",
        _inbox("/need-info"),
        {"question": "Which team?"},
        REFERRER_ONLY,
        None,
    ),
    "inbox_decline": (
        "post",
        _inbox("/decline"),
        {"reason": "no_opening", "note": "Sorry."},
        REFERRER_ONLY,
        None,
    ),
    "channel_list": ("get", lambda w: "/api/channels", None, ANY_MEMBER, None),
    "contact_list": ("get", lambda w: "/api/contacts?q=grace", None, ANY_MEMBER, None),
    "contact_add": ("post", lambda w: "/api/contacts", CONTACT, ANY_MEMBER_CREATES, None),
    "contact_detail": ("get", _contact(), None, OWNER_ONLY, None),
    "contact_edit": ("put", _contact(), CONTACT, OWNER_ONLY, None),
    "contact_remove": ("delete", _contact(), None, codes(401, 204, 404, 404, 404, 404), None),
    "contact_log_interaction": (
        "post",
        _contact("/interactions"),
        {"kind": "coffee", "occurred_at": "2024-03-01T15:00:00", "topics": "Visas"},
        codes(401, 201, 404, 404, 404, 404),
        None,
    ),
    "contact_follow_up": (
        "post",
        _contact("/follow-ups"),
        {"topic": "Ask about the interview", "due_on": "2030-02-01"},
        codes(401, 201, 404, 404, 404, 404),
        None,
    ),
    # Each member imports into, and downloads, their own contacts only.
    "contact_import": (
        "post",
        lambda w: "/api/contacts/import",
        Multipart(file=connections_file),
        ANY_MEMBER,
        None,
    ),
    "contact_export_csv": ("get", lambda w: "/api/contacts/export.csv", None, ANY_MEMBER, None),
    "contact_export_vcard": (
        "get",
        lambda w: "/api/contacts/export.vcf?version=4.0",
        None,
        ANY_MEMBER,
        None,
    ),
    "follow_up_done": (
        "post",
        lambda w: f"/api/contacts/follow-ups/{w['follow_up'].pk}/done",
        None,
        OWNER_ONLY,
        None,
    ),
}

COVERED_ELSEWHERE = {f"api:{name}" for name in API_MATRIX}
