"""Small typed helpers that read settings from the environment."""

import os
from urllib.parse import unquote, urlsplit


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def email_settings(url: str) -> dict:
    """Turn EMAIL_URL into Django e-mail settings.

    Schemes: ``console://``, ``devinbox://`` (stored and shown at /dev/inbox/ while DEBUG),
    ``locmem://``, ``maildir:///path`` (a file per message), ``smtp://user:password@host:port``
    and ``smtps://...`` (TLS on connect), ``smtp+tls://...`` (STARTTLS).
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "devinbox":
        return {"EMAIL_BACKEND": "devinbox.backend.EmailBackend"}
    if scheme == "maildir":
        return {"EMAIL_BACKEND": "devinbox.maildir.EmailBackend", "EMAIL_FILE_PATH": parts.path}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme in {"smtp", "smtps", "smtp+tls"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp+tls",
        }
    raise ValueError(f"Unsupported EMAIL_URL scheme: {scheme!r}")
