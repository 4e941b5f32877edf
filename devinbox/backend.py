"""The development e-mail backend: every message is kept for /dev/inbox/ and echoed to the
console. Django imports it at send time (``get_connection``), once the apps are ready."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend

from devinbox.models import DevEmail


class EmailBackend(BaseEmailBackend):
    """Development e-mail: stored for /dev/inbox/ and echoed to the console."""

    def send_messages(self, email_messages):
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            DevEmail.objects.create(
                to=", ".join(message.to), subject=message.subject, body=message.body, html=html
            )
        ConsoleBackend(fail_silently=self.fail_silently).send_messages(email_messages)
        return len(email_messages)
