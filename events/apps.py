from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events.calendar import notification_attachment
        from events.selectors import event_for
        from events.services import ATTACHMENT
        from notifications.attachments import attachment_register
        from notifications.messages import EVENT, target_check_register

        # A notification about an event leads to it while the member may see it, and the RSVP e-mail
        # carries its .ics.
        target_check_register(EVENT, event_for)
        attachment_register(ATTACHMENT, notification_attachment)
