from mailbox import Maildir

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    """Each message a file in a Maildir (``EMAIL_URL=maildir:///path``), delivered atomically
    (written under ``tmp/``, then renamed into ``new/``): what the fault tests count, from any
    process, and a local inbox any mail reader opens."""

    def send_messages(self, email_messages):
        box = Maildir(settings.EMAIL_FILE_PATH, create=True)
        for message in email_messages:
            box.add(message.message().as_bytes())
        return len(email_messages)
