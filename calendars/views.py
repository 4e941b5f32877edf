"""The calendar feed itself (read by calendar applications with its secret address, no session)
and the profile's buttons that turn it on, give it a new address and turn it off."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calendars.feed import feed_calendar
from calendars.selectors import feed_by_token
from calendars.services import (
    calendar_feed_read,
    calendar_feed_reset,
    calendar_feed_start,
    calendar_feed_stop,
)
from contacts.services import member_tz
from guanxi import errors
from guanxi.ratelimit import Limit, hit, retry_after

# Calendars read a feed every few minutes at the most; more is a loop or someone else.
READS_PER_HOUR = Limit("calendar-feed", 60, 3600)


def _refused(request, response: HttpResponse) -> HttpResponse:
    """``response``, logged as Django logs a refusal but without the address: Django would
    write "Not Found: /calendar/<token>.ics", and a refused token may be live."""
    response["Referrer-Policy"] = "no-referrer"
    hidden = reverse("calendars:feed", args=["hidden"])
    log_response("%s: %s", response.reason_phrase, hidden, response=response, request=request)
    return response


def feed(request, token):
    """The member's feed, to GET (or HEAD). The token is the credential: no session is read or
    needed, and a token this site did not sign, or whose key was reset, is a 404."""
    if request.method not in ("GET", "HEAD"):
        return _refused(request, HttpResponseNotAllowed(["GET", "HEAD"]))
    calendar = feed_by_token(token)
    if calendar is None or not calendar.member.is_active:
        return _refused(request, errors.page_not_found(request))
    if hit(READS_PER_HOUR, str(calendar.pk)):
        response = errors.too_many_requests(request)
        response["Retry-After"] = str(retry_after(READS_PER_HOUR))
        return _refused(request, response)
    calendar_feed_read(feed=calendar)
    member = calendar.member
    language = member.email_language
    with translation.override(language), timezone.override(member_tz(member)):
        body = feed_calendar(member)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="guanxi.ics"'
    response["Content-Language"] = language  # the member's, whoever reads it
    response["ETag"] = etag
    # Private to the member: no shared cache keeps it, and a calendar asks again each time
    # (a 304 when nothing changed). The address is the secret: it is never sent on as a Referer.
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return get_conditional_response(request, etag=etag, response=response)


def _back_to_profile():
    return redirect(reverse("accounts:profile") + "#calendar-feed")


@login_required
@require_POST
def start(request):
    calendar_feed_start(member=request.user)
    messages.success(
        request, _("Your calendar feed is on. Add its address to your calendar application.")
    )
    return _back_to_profile()


@login_required
@require_POST
def reset(request):
    calendar_feed_reset(member=request.user)
    messages.success(
        request,
        _(
            "Your calendar feed has a new address. The old one no longer works: subscribe "
            "again with the new one, and remove the old calendar from your application."
        ),
    )
    return _back_to_profile()


@login_required
@require_POST
def stop(request):
    calendar_feed_stop(member=request.user)
    messages.success(request, _("Your calendar feed is off. Its address no longer works."))
    return _back_to_profile()
