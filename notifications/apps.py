from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        checks.register(target_checks_registered)


def target_checks_registered(app_configs=None, **kwargs) -> list[checks.Error]:
    """Every place that tells whether a notification's target still exists has its check: the
    app that owns the target registers it in its AppConfig.ready (notifications.messages)."""
    from notifications.messages import target_checks_missing

    return [
        checks.Error(
            f"No app registered the notification target check {name!r}.",
            hint="Call notifications.messages.target_check_register in the AppConfig.ready "
            "of the app that owns the target.",
            id="notifications.E001",
        )
        for name in target_checks_missing()
    ]
