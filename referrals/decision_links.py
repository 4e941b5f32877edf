"""The personal links of the referral e-mails: decide, or answer, without signing in.

A referrer's e-mails about a request that waits for them (a new request, the reminder, the
seeker's answer) carry a link to a one-page decision screen for that request; a seeker's e-mail
saying the referrer needs more information carries a link to answer. Each link names one
request and one member, in a token signed with Django's ``signing`` (its own salt):

    [purpose, request id, member id, fingerprint]

``purpose`` is ``decide`` (the referrer) or ``answer`` (the seeker); the fingerprint is an HMAC
of the member's password hash and e-mail address, so changing either kills every link sent
before. A link works while the member is active, still the request's referrer (or its seeker)
and has not turned these links off (``notifications.EmailSettings.action_links``); otherwise,
or tampered, it is a 404. It never signs anyone in: the screen acts as the member named, for
that request only, through the same services as the signed-in pages.

The token leaves the address bar at once: the link's GET puts it in an HttpOnly, SameSite=Lax
cookie scoped to the request's screen (``/from-email/decide/<id>/``) and redirects there, so
browser history, later requests and ``Referer`` headers never carry it (docs/security.md,
"Decision links").
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from notifications.email_actions import email_action_register
from notifications.models import Kind as NotificationKind
from notifications.selectors import email_settings_of
from referrals.models import ReferralRequest

SALT = "referrals.decision_links"
DECIDE, ANSWER = "decide", "answer"
PURPOSES = (DECIDE, ANSWER)
# The cookie that carries the token on the screen's own path; it lasts a working day: later,
# the member opens the e-mail's link again.
COOKIE_NAME = "guanxi_email_link"
COOKIE_MAX_AGE = 12 * 3600

# Which member's e-mails carry which link.
REFERRER_KINDS = (
    NotificationKind.NEW_REQUEST,
    NotificationKind.NUDGE,
    NotificationKind.INFO_PROVIDED,
)
SEEKER_KINDS = (NotificationKind.NEEDS_INFO,)


def _fingerprint(member) -> str:
    """Changes when the member's password or e-mail address does, killing the links sent."""
    value = f"{member.pk}:{member.password}:{member.email}"
    return salted_hmac(f"{SALT}.member", value, algorithm="sha256").hexdigest()[:20]


def email_link_token(*, purpose: str, request_id: int, member) -> str:
    return signing.Signer(salt=SALT).sign_object(
        [purpose, request_id, member.pk, _fingerprint(member)]
    )


def email_link_path(*, purpose: str, request_id: int, member) -> str:
    """The path of a member's personal link (the token in it; the screen takes it out)."""
    token = email_link_token(purpose=purpose, request_id=request_id, member=member)
    return reverse(f"referrals:email_{purpose}_link", args=[request_id, token])


def screen_path(*, purpose: str, request_id: int) -> str:
    """The screen's own address, without the token: where its cookie is sent."""
    return reverse(f"referrals:email_{purpose}", args=[request_id])


def _member_of(request: ReferralRequest, purpose: str) -> int | None:
    return request.channel.referrer_id if purpose == DECIDE else request.seeker_id


def email_link_read(token: str, *, purpose: str, request_id: int) -> tuple[ReferralRequest, object]:
    """The request and member a token names, or Http404: a tampered token, one for another
    request or purpose, a member who left, was suspended, changed their password or address,
    turned the links off, or is no longer the request's referrer (or seeker)."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        token_purpose, token_request, member_id, fingerprint = payload
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    if token_purpose != purpose or token_request != request_id or not isinstance(member_id, int):
        raise Http404
    request = (
        ReferralRequest.objects.select_related(
            "company", "seeker", "resume", "channel", "channel__referrer"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None or _member_of(request, purpose) != member_id:
        raise Http404
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or not constant_time_compare(fingerprint, _fingerprint(member)):
        raise Http404
    if not email_settings_of(member.pk).action_links:
        raise Http404
    return request, member


def cookie_options(*, purpose: str, request_id: int) -> dict:
    """Where and how the token's cookie is kept: the screen's path only, never sent to another
    site, out of reach of scripts, over HTTPS in production."""
    return {
        "path": screen_path(purpose=purpose, request_id=request_id),
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


# --- In the e-mails (notifications.email_actions) -------------------------------------------


def _email_path(purpose: str):
    def path(notification) -> str | None:
        request = notification.referral_request
        if request is None or _member_of(request, purpose) != notification.recipient_id:
            return None
        return email_link_path(
            purpose=purpose, request_id=request.pk, member=notification.recipient
        )

    return path


def email_links_register() -> None:
    """Give the referral e-mails their personal links (in ReferralsConfig.ready)."""
    for kind in REFERRER_KINDS:
        email_action_register(
            kind, label=_("Decide now, without signing in"), path=_email_path(DECIDE)
        )
    for kind in SEEKER_KINDS:
        email_action_register(
            kind, label=_("Answer now, without signing in"), path=_email_path(ANSWER)
        )
