from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import EmailSettingsForm
from notifications.messages import (
    KIND_DESCRIPTIONS,
    PLACES,
    notification_destination,
    notification_link,
    notification_place,
    notification_text,
    optional_email_kinds_by_place,
)
from notifications.models import OPTIONAL_EMAIL_KINDS, Kind
from notifications.selectors import email_settings_of, notifications_for
from notifications.services import (
    EmailSettingsError,
    email_settings_save,
    email_unsubscribe,
    notification_open,
    notifications_mark_read,
)
from notifications.unsubscribe import SUMMARY, email_list_named, unsubscribe_token_read


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    # Each row links through ``notification_go``, which checks its target when it is opened.
    items = [
        {
            "notification": n,
            "text": notification_text(n),
            "place": notification_place(n),
            "opens": notification_link(n) is not None,
        }
        for n in page
    ]
    return TemplateResponse(request, "notifications/list.html", {"page": page, "items": items})


@login_required
def notification_go(request, pk):
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_open(notification=notification)
    destination, available = notification_destination(notification, request.user)
    if not available:
        messages.info(request, _("What this notification was about is no longer available."))
    return redirect(destination or "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    notifications_mark_read(recipient=request.user)
    return redirect("notifications:list")


@login_required
def email_settings(request):
    """Which notifications the member also gets by e-mail, and when."""
    current = email_settings_of(request.user.pk)
    form = EmailSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "emailed_kinds": [k for k in OPTIONAL_EMAIL_KINDS if current.wants_email(k)],
            "delivery": current.delivery,
            "action_links": current.action_links,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            email_settings_save(
                member=request.user,
                emailed_kinds=form.cleaned_data["emailed_kinds"],
                delivery=form.cleaned_data["delivery"],
                action_links=form.cleaned_data["action_links"],
            )
        except EmailSettingsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your notification e-mail settings are saved."))
            return redirect("notifications:settings")
    boxes = {box.data["value"]: box for box in form["emailed_kinds"]}
    groups = [
        {
            "label": group.label,
            "icon": group.icon,
            "kinds": [{"box": boxes[k], "description": KIND_DESCRIPTIONS[k]} for k in group.kinds],
        }
        for group in optional_email_kinds_by_place()
    ]
    moderators = PLACES[Kind.WARNING]
    return TemplateResponse(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "groups": groups,
            "moderators": {
                "label": moderators.label,
                "icon": moderators.icon,
                "kind": Kind.WARNING.label,
                "description": KIND_DESCRIPTIONS[Kind.WARNING],
            },
        },
    )


# One-click unsubscribe (RFC 8058): the signed token in the link is the only credential, so it
# works without signing in, and mail clients POST it without cookies (hence no CSRF token).
# GET only shows a button: link scanners prefetch links, and must change nothing.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    read = unsubscribe_token_read(token)
    email_list = email_list_named(read[1]) if read else None
    if email_list is None:
        raise Http404
    member_id, name = read
    member = get_object_or_404(get_user_model(), pk=member_id)
    context = {
        "email_list": email_list,
        "is_summary": name == SUMMARY,
        "settings_url": reverse(email_list.settings_view),
    }
    if request.method == "POST":
        email_unsubscribe(member=member, name=name)
        return TemplateResponse(request, "notifications/unsubscribed.html", context)
    return TemplateResponse(request, "notifications/unsubscribe.html", context)
