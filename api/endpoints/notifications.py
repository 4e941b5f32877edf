"""Notifications: the in-app list (its sentences as the site words them) and marking read."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from api.auth import require_write
from api.endpoints.companies import Cursor, Limit
from api.pagination import keyset_page, next_link
from api.schemas import answers, page_of
from notifications.messages import notification_link, notification_text
from notifications.selectors import notifications_for
from notifications.services import notification_open, notifications_mark_read

router = Router(tags=["Notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str = Field(description="The sentence the site shows, in the token owner's language.")
    created_at: datetime
    read_at: datetime | None
    link: str | None = Field(description="The page of the site it is about, if any.")


NotificationPage = page_of("NotificationPage", NotificationOut)


class Marked(Schema):
    marked: int = Field(description="How many notifications were marked read.")


def notification_out(request, n) -> dict:
    link = notification_link(n)
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": str(n.get_kind_display()),
        "text": notification_text(n),
        "created_at": n.created_at,
        "read_at": n.read_at,
        "link": request.build_absolute_uri(link) if link else None,
    }


@router.get("", response=answers(NotificationPage), summary="My notifications")
def notification_list(
    request, unread: bool = False, cursor: str | None = Cursor, limit: int = Limit
):
    """Your notifications, newest first; only the unread ones with `unread=true`."""
    notifications = notifications_for(request.auth)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = keyset_page(
        notifications,
        list_name="notifications-unread" if unread else "notifications",
        cursor=cursor,
        limit=limit,
    )
    return {
        "items": [notification_out(request, n) for n in page.items],
        "next": next_link(request, page.next_cursor),
        "next_cursor": page.next_cursor,
    }


@router.post("/read", response=answers(Marked), summary="Mark all read")
def notification_read_all(request):
    """Mark all your notifications read (write access)."""
    require_write(request)
    return {"marked": notifications_mark_read(recipient=request.auth)}


@router.post(
    "/{int:notification_id}/read", response=answers(NotificationOut), summary="Mark one read"
)
def notification_read(request, notification_id: int):
    """Mark one notification read (write access)."""
    notification = get_object_or_404(notifications_for(request.auth), pk=notification_id)
    require_write(request)
    notification_open(notification=notification)
    notification = get_object_or_404(notifications_for(request.auth), pk=notification_id)
    return notification_out(request, notification)
