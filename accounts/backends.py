"""Authentication backends that load the signed-in member with their unread count.

Every page shows the unread-notification badge. Loading the member and counting their unread
notifications in one query (a subquery) saves a round trip on every signed-in request; the
count is exact, with no counter to keep in step.

The query is the same on every request but the member's id, so it is compiled once per process
and database (``guanxi.compiled``). Building and compiling it with the ORM cost about 0.7 ms of
CPU per request, a third of what a page kept rendered costs in all.
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from guanxi.compiled import CompiledLookup
from notifications.selectors import unread_count_subquery


@functools.cache
def _members() -> CompiledLookup:
    User = get_user_model()
    return CompiledLookup(
        User,
        lambda pk: User._default_manager.annotate(
            unread_notification_count=unread_count_subquery()
        ).filter(pk=pk),
    )


def member_with_unread_count(user_id):
    """The member with this id, with ``unread_notification_count`` loaded; None if none."""
    try:
        pk = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return None if pk is None else _members().lookup(pk)


class MemberLoadingMixin:
    def get_user(self, user_id):
        user = member_with_unread_count(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberBackend(MemberLoadingMixin, ModelBackend):
    """Django's model backend (e-mail and password)."""


class MemberAllauthBackend(MemberLoadingMixin, AuthenticationBackend):
    """allauth's backend (e-mail login, login by code)."""
