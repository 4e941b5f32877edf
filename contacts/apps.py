from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from contacts.digest import DIGEST_EMAILS
        from contacts.services import reminders_turn_off
        from notifications.unsubscribe import unsubscribe_register

        unsubscribe_register(
            DIGEST_EMAILS,
            label=_("Keep-in-touch reminder digest"),
            settings_view="contacts:settings",
            turn_off=reminders_turn_off,
        )
