from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class EmailBackend(BaseEmailBackend):
    """Development e-mail: stored for /dev/inbox/ and echoed to the console."""

    def send_messages(self, email_messages):
        from devinbox.models import DevEmail

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
