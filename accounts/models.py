"""Members and their sessions: the custom user model and the session row that records whose
it is."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The migrations name the choices of every time zone field by this path.
from accounts.time_zones import time_zone_choices  # noqa: F401


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member: one account can seek, refer and network at once.

    The e-mail address is the login. Language and time zone drive every page and e-mail.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    headline = models.CharField(
        _("headline"),
        max_length=140,
        blank=True,
        help_text=_("For example: Senior software engineer at a cloud company"),
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, choices=time_zone_choices
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Pages and e-mails use this language. Empty: follow the browser."),
    )
    languages_spoken = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: Mandarin, English, Taiwanese"),
    )
    linkedin_url = models.URLField(_("LinkedIn URL"), blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def public_name(self) -> str:
        """The name shown to other members; never the e-mail address."""
        return self.display_name or _("A Guanxi member")

    @property
    def email_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE


def member_name(user) -> str:
    """The public name of a member, or "a deleted member" once the account is gone."""
    return user.public_name if user is not None else gettext("A deleted member")


class MemberSession(AbstractBaseSession):
    """A session row that records whose it is (``accounts.sessions``): a member's sessions
    can be found, and ended, through an index. Empty until someone signs in."""

    member = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The store is the session engine the settings name (accounts.sessions), found by name:
        # that module builds on this model, so importing it here would make a cycle.
        return import_string(f"{settings.SESSION_ENGINE}.SessionStore")
