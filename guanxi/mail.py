"""E-mail helpers shared by every app that sends mail."""

from email.utils import parseaddr

from django.conf import settings
from django.utils.crypto import salted_hmac


def stable_message_id(kind: str, pk: int) -> str:
    """The same ``Message-ID`` every time one message (a notification, a digest) is sent.

    A worker that dies after the mail server took a message but before the database recorded
    it sends it again on the retry: with the same ``Message-ID``, mail clients and servers can
    recognise the copy. Unique per installation (keyed by the secret key), not guessable.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "guanxi.local"
    tag = salted_hmac("guanxi.mail.message-id", f"{kind}.{pk}").hexdigest()[:16]
    return f"<{kind}.{pk}.{tag}@{domain}>"
