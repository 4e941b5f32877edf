"""The screens of the e-mails' personal links (``referrals.decision_links``): a referrer decides
on one request, a seeker answers one question, without signing in.

The link's GET only moves its token out of the address bar into a cookie of the screen's own
path and redirects there. The screen's GET shows and changes nothing (mail scanners open links:
the request is not even marked "viewed", which only the signed-in inbox page does); a POST
decides, with Django's CSRF cookie (no session is made), through the same forms and services
as the signed-in pages, and the timeline says it came from the e-mail link. Every answer is
``no-store``; the link's, whose address holds the token, has ``Referrer-Policy: no-referrer``
(see ``private``). A token that does not name this request and its referrer (or seeker) is a
404.
"""

import zoneinfo
from functools import wraps

from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from guanxi.ratelimit import Limit, client_ip, hit
from referrals.decision_links import (
    ANSWER,
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    DECIDE,
    cookie_options,
    email_link_read,
    screen_path,
)
from referrals.forms import AnswerForm, AskInfoForm, DeclineForm, ReferForm
from referrals.models import EventKind
from referrals.packet import referral_packet
from referrals.selectors import request_timeline
from referrals.services import (
    ReferralError,
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
)
from resumes.views import serve_resume

# Decisions tried through one link, and from one address, in an hour (a refused try is a 429).
LINK_POSTS = Limit("email_link", 20, 3600)
LINK_POSTS_PER_IP = Limit("email_link_ip", 60, 3600)


def private(referrer_policy: str):
    """Never stored, with ``referrer_policy``; a 404 is answered here so it has both too.

    The link, whose address holds the token, sends ``no-referrer``: not even our own next
    request names it. The screens, whose addresses hold no secret, keep the site's
    ``same-origin`` (nothing is sent to another site): under ``no-referrer`` a browser sends
    ``Origin: null`` with a form's POST, which Django's CSRF check rightly refuses.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404 as error:
                response = response_for_exception(request, error)
            response["Referrer-Policy"] = referrer_policy
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorator


link = private("no-referrer")
screen = private("same-origin")


def _open_link(request, pk: int, token: str, purpose: str):
    """Check the token, keep it in the screen's cookie, and go to the screen without it."""
    email_link_read(token, purpose=purpose, request_id=pk)
    response = redirect(screen_path(purpose=purpose, request_id=pk))
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=COOKIE_MAX_AGE,
        **cookie_options(purpose=purpose, request_id=pk),
    )
    return response


def _from_cookie(request, pk: int, purpose: str):
    """The request and member of the cookie's token; None without a cookie."""
    token = request.COOKIES.get(COOKIE_NAME)
    if not token:
        return None
    referral, member = email_link_read(token, purpose=purpose, request_id=pk)
    # The page speaks the member's language (unless this browser chose one) in their time zone.
    if member.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(member.language)
        request.LANGUAGE_CODE = member.language
    try:
        timezone.activate(zoneinfo.ZoneInfo(member.time_zone or settings.TIME_ZONE))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    return referral, member


def _no_link(request, purpose: str):
    """The screen without its cookie (bookmarked, or a day later): say how to get back."""
    return TemplateResponse(
        request, "referrals/email_links/no_link.html", {"purpose": purpose}, status=404
    )


def _too_many(request, referral, member, purpose: str) -> bool:
    per_link = hit(LINK_POSTS, f"{purpose}:{referral.pk}:{member.pk}")
    per_address = hit(LINK_POSTS_PER_IP, client_ip(request))
    return per_link or per_address


# --- The referrer: decide -------------------------------------------------------------------


@link
@require_safe
def decide_link(request, pk, token):
    return _open_link(request, pk, token, DECIDE)


def _decide_page(request, referral, member, *, forms=None, error="", status=200):
    forms = forms or {}
    return TemplateResponse(
        request,
        "referrals/email_links/decide.html",
        {
            "referral": referral,
            "member": member,
            "events": request_timeline(referral),
            "refer_form": forms.get("refer") or ReferForm(),
            "info_form": forms.get("info") or AskInfoForm(),
            "decline_form": forms.get("decline") or DeclineForm(),
            "open_form": next(iter(forms), ""),
            "error": error,
            # What the referrer types into their company's tool, while they decide (the screen
            # shows nothing of the seeker once the request is closed).
            "packet": referral_packet(referral) if referral.is_open else None,
        },
        status=status,
    )


@screen
@require_safe
def decide(request, pk):
    found = _from_cookie(request, pk, DECIDE)
    if found is None:
        return _no_link(request, DECIDE)
    referral, member = found
    return _decide_page(request, referral, member)


@screen
@require_safe
def decide_resume(request, pk):
    """The resume, logged as read by the referrer as from the inbox (``serve_resume``)."""
    found = _from_cookie(request, pk, DECIDE)
    if found is None:
        raise Http404
    referral, member = found
    return serve_resume(request, referral.resume, referral_request=referral, viewer=member)


def _decide(request, pk, name, form_class, action):
    found = _from_cookie(request, pk, DECIDE)
    if found is None:
        return _no_link(request, DECIDE)
    referral, member = found
    if _too_many(request, referral, member, DECIDE):
        error = _("Too many attempts in a short time. Please wait a while.")
        return _decide_page(request, referral, member, error=error, status=429)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(referral, member, form.cleaned_data)
        except ReferralError as refused:
            # Decided meanwhile (in the inbox, or expired): the screen now shows what happened.
            return _decide_page(request, referral, member, error=str(refused), status=409)
        return redirect(screen_path(purpose=DECIDE, request_id=pk))
    return _decide_page(request, referral, member, forms={name: form}, status=400)


@screen
@require_POST
def decide_refer(request, pk):
    return _decide(
        request,
        pk,
        "refer",
        ReferForm,
        lambda r, m, d: referral_refer(
            request=r, referrer=m, note=d["note"], contact=d["contact"], via_email_link=True
        ),
    )


@screen
@require_POST
def decide_ask_for_info(request, pk):
    return _decide(
        request,
        pk,
        "info",
        AskInfoForm,
        lambda r, m, d: referral_ask_for_info(
            request=r,
            referrer=m,
            question=d["question"],
            contact=d["contact"],
            via_email_link=True,
        ),
    )


@screen
@require_POST
def decide_decline(request, pk):
    return _decide(
        request,
        pk,
        "decline",
        DeclineForm,
        lambda r, m, d: referral_decline(
            request=r, referrer=m, reason=d["reason"], note=d["note"], via_email_link=True
        ),
    )


# --- The seeker: answer the referrer's question ---------------------------------------------


@link
@require_safe
def answer_link(request, pk, token):
    return _open_link(request, pk, token, ANSWER)


def _answer_page(request, referral, member, *, form=None, error="", status=200):
    events = request_timeline(referral)
    questions = [e for e in events if e.kind == EventKind.NEEDS_INFO and e.message]
    return TemplateResponse(
        request,
        "referrals/email_links/answer.html",
        {
            "referral": referral,
            "member": member,
            "events": events,
            "question": questions[-1] if questions else None,
            "answer_form": form or AnswerForm(),
            "error": error,
        },
        status=status,
    )


@screen
@require_safe
def answer(request, pk):
    found = _from_cookie(request, pk, ANSWER)
    if found is None:
        return _no_link(request, ANSWER)
    referral, member = found
    return _answer_page(request, referral, member)


@screen
@require_POST
def answer_send(request, pk):
    found = _from_cookie(request, pk, ANSWER)
    if found is None:
        return _no_link(request, ANSWER)
    referral, member = found
    if _too_many(request, referral, member, ANSWER):
        error = _("Too many attempts in a short time. Please wait a while.")
        return _answer_page(request, referral, member, error=error, status=429)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            referral_answer_info(
                request=referral,
                seeker=member,
                answer=form.cleaned_data["answer"],
                via_email_link=True,
            )
        except ReferralError as refused:
            return _answer_page(request, referral, member, error=str(refused), status=409)
        return redirect(screen_path(purpose=ANSWER, request_id=pk))
    return _answer_page(request, referral, member, form=form, status=400)
