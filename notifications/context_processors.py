from notifications.selectors import unread_notifications_of


def unread_notifications(request):
    """The unread count for the header badge, only when signed in.

    The authentication backends (``accounts.backends``) load it with the member in the same
    query; a member loaded another way is counted when a template asks.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, "unread_notification_count", None)
    if loaded is not None:
        return {"unread_notification_count": loaded}

    def count():
        return unread_notifications_of(user).count()

    return {"unread_notification_count": count}
