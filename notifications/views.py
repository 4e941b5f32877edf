from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.messages import (
    notification_destination,
    notification_link,
    notification_place,
    notification_text,
)
from notifications.models import Notification
from notifications.services import notification_open, notifications_mark_read


def _for(user):
    return Notification.objects.filter(recipient=user).select_related(
        "actor",
        "referral_request__company",
        "referral_request__seeker",
        "referral_request__channel__referrer",
    )


@login_required
def notification_list(request):
    page = Paginator(_for(request.user), 30).get_page(request.GET.get("page"))
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
    notification = get_object_or_404(_for(request.user), pk=pk)
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
