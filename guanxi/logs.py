"""Secrets that travel in a URL never reach a log.

Two kinds of address carry a signed token that acts for a member without signing in: the
one-click unsubscribe (``/notifications/unsubscribe/<token>/``) and the e-mails' personal links
to decide or answer (``/from-email/<decide|answer>/<id>/<token>/``). Django logs the path of
every answer of 400 or more (``django.request``: "Not Found: /…"), the development server every
request (``django.server``), and gunicorn every request when its access log is on
(``gunicorn.access``). ``SecretPathFilter``, attached to those loggers when the apps are
ready, writes such a token as ``…``.
"""

import logging
import re

SECRET_PATH = re.compile(
    r"(/notifications/unsubscribe/|/from-email/(?:decide|answer)/\d+/)"
    r"(?!(?:resume|refer|need-info|decline|send)/)[^/\s?#\"']+"
)
LOGGERS = ("django.request", "django.server", "django.security.csrf", "gunicorn.access")


def redact(text: str) -> str:
    return SECRET_PATH.sub(r"\1…", text)


class SecretPathFilter(logging.Filter):
    """Rewrite a record whose message holds a token-bearing path; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is the handler's to report
            return True
        if SECRET_PATH.search(message):
            record.msg, record.args = redact(message), ()
        return True


def secret_paths_filter_install() -> None:
    """Attach the filter to the loggers that write request paths (once, whatever the calls)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretPathFilter) for f in logger.filters):
            logger.addFilter(SecretPathFilter())
