"""Authentication backends that load the signed-in member with their unread count.

Every page shows the unread-notification badge. Loading the member and counting their unread
notifications in one query (a subquery) saves a round trip on every signed-in request; the
count is exact, with no counter to keep in step.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from notifications.selectors import unread_count_subquery


class MemberLoadingMixin:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.annotate(
                unread_notification_count=unread_count_subquery()
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class MemberBackend(MemberLoadingMixin, ModelBackend):
    """Django's model backend (e-mail and password)."""


class MemberAllauthBackend(MemberLoadingMixin, AuthenticationBackend):
    """allauth's backend (e-mail login, login by code)."""
