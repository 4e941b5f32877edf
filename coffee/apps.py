from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoffeeConfig(AppConfig):
    name = "coffee"
    verbose_name = _("Coffee chats")

    def ready(self):
        from coffee.calendar import notification_attachment
        from coffee.selectors import chat_for
        from coffee.services import ATTACHMENT
        from notifications.attachments import attachment_register
        from notifications.messages import COFFEE_CHAT, target_check_register

        # A notification about a chat leads to it while the member may see it, and its e-mail
        # carries the chat's .ics when a time is chosen.
        target_check_register(COFFEE_CHAT, chat_for)
        attachment_register(ATTACHMENT, notification_attachment)
