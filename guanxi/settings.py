"""Guanxi settings: one module, read from the environment, with safe local defaults.

Locally nothing needs to be set: SQLite in ``var/``, e-mail to the dev inbox, files in ``var/``.
In production set ``GUANXI_ENV=production`` plus at least ``SECRET_KEY``, ``DATABASE_URL``,
``ALLOWED_HOSTS`` and ``EMAIL_URL``; the process refuses to start without a secret key.
"""

import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanxi.env import email_settings, env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("GUANXI_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env("GUANXI_ENV", "development") == "production"
if not PRODUCTION:
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
DEBUG = envbool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when GUANXI_ENV=production.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer below finds Django's widget templates here
    "allauth",
    "allauth.account",
    # Log in with LinkedIn (OpenID Connect), on when LINKEDIN_CLIENT_ID and _SECRET are set.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    # django-ninja: the JSON API (api/); listed for its bundled Swagger UI files, served by us.
    "ninja",
    "guanxi",
    "workers",
    "accounts",
    "companies",
    "resumes",
    "referrals",
    "notifications",
    "feedback",
    "guides",
    "moderation",
    "network",
    "contacts",
    "coffee",
    "events",
    "devinbox",
    "demo",
    "benchmark",
    "api",
    "calendars",
]

MIDDLEWARE = [
    # First, so a database error anywhere below (sessions, auth, views) becomes our 503.
    "guanxi.errors.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "guanxi.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages: Cache-Control: private, no-store (static files never get here).
    "guanxi.middleware.PrivateCacheMiddleware",
    "accounts.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "guanxi.urls"
WSGI_APPLICATION = "guanxi.wsgi.application"
# Widgets render through TEMPLATES, so templates/ can override one (the admin's date and time
# inputs get labels: templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": [
                "guanxi.templatetags.icons",
                "guanxi.templatetags.wording",
                "guanxi.templatetags.dates",
                "guanxi.templatetags.jinja",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
    {
        # Our busiest pages (*.jinja): see guanxi/jinja2.py.
        "BACKEND": "guanxi.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "guanxi.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'guanxi.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds rate-limit counters, so it must be shared by every process:
# Redis when REDIS_URL is set (production), otherwise a database table (`createcachetable`).
# When Redis does not answer, the Redis caches fall back (guanxi/cache.py): counters to the
# database table, sessions to no cache (they are read from the database).
REDIS_URL = env("REDIS_URL")
DATABASE_CACHE = {
    "BACKEND": "guanxi.cache.DatabaseCache",  # Django's, with an incr that cannot lose a count
    "LOCATION": "guanxi_cache",
}
CACHES = {
    "default": (
        {
            "BACKEND": "guanxi.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"FALLBACK": "database"},
        }
        if REDIS_URL
        else DATABASE_CACHE
    ),
    "database": DATABASE_CACHE,
    # Sessions are read through this cache (accounts.sessions): Redis in production, so a
    # signed-in page makes no session query; without Redis every read goes to the database.
    "sessions": (
        {"BACKEND": "guanxi.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the member with their unread count in one query.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.MemberBackend",
    "accounts.backends.MemberAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, and it must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Guanxi] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Sign-up also carries the browser's time zone (a hidden field set by static/js/time-zone.js).
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupTimeZoneForm"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# Log in with LinkedIn ("Sign In with LinkedIn using OpenID Connect", scopes openid profile
# email) through allauth's OpenID Connect provider. On when both the client id and secret of a
# LinkedIn app are set; off (no button, the LinkedIn addresses answer 404) otherwise. The app's
# redirect URL is <site>/accounts/oidc/linkedin/login/callback/. LINKEDIN_OIDC_URL is for tests
# and staging (a local provider); production refuses anything but https. See docs/security.md.
LINKEDIN_CLIENT_ID = env("LINKEDIN_CLIENT_ID")
LINKEDIN_CLIENT_SECRET = env("LINKEDIN_CLIENT_SECRET")
LINKEDIN_OIDC_URL = env("LINKEDIN_OIDC_URL", "https://www.linkedin.com/oauth").rstrip("/")
if PRODUCTION and LINKEDIN_CLIENT_ID and not LINKEDIN_OIDC_URL.startswith("https://"):
    raise ImproperlyConfigured("LINKEDIN_OIDC_URL must be an https:// address in production.")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider, plus the browser's time zone and a LinkedIn that does not answer.
        "provider_class": "accounts.linkedin.LinkedInProvider",
        "APPS": (
            [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": LINKEDIN_CLIENT_ID,
                    "secret": LINKEDIN_CLIENT_SECRET,
                    "settings": {
                        "server_url": LINKEDIN_OIDC_URL,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ]
            if LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET
            else []
        ),
    }
}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
# A LinkedIn address that LinkedIn says is verified, and that a member has confirmed here, signs
# that member in and links their LinkedIn (accounts.adapter.SocialAccountAdapter); nothing else
# does.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False  # LinkedIn's tokens are used once, never kept

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [
    ("zh-hant", _("Traditional Chinese")),
    ("en", pgettext_lazy("language of the interface", "English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "guanxi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = "Asia/Taipei"
USE_TZ = True
# Named date formats per language ({{ value|when:"weekday_time" }}): guanxi/formats/.
FORMAT_MODULE_PATH = ["guanxi.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Resumes live outside any public URL: their storage has no URL and only resumes.views serves them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production may use object storage: RESUME_STORAGE_BACKEND=resumes.s3.PrivateS3Storage
    # (django-storages' S3Storage, making no URL) with RESUME_STORAGE_OPTIONS='{"bucket_name":
    # "...", "region_name": "..."}' (pip install ".[s3]"; docs/deploy.md). Files are still only
    # served through resumes.views, never by a URL.
    "resumes": {
        "BACKEND": env("RESUME_STORAGE_BACKEND", "resumes.storage.PrivateFileSystemStorage"),
        "OPTIONS": (
            json.loads(env("RESUME_STORAGE_OPTIONS"))
            if env("RESUME_STORAGE_OPTIONS")
            else {"location": PRIVATE_MEDIA_ROOT}
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# E-mail: the dev inbox locally (open /dev/inbox/), SMTP in production.
vars().update(email_settings(env("EMAIL_URL", "devinbox://" if DEBUG else "console://")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Guanxi 關係 <no-reply@guanxi.local>")
# A worker sends inside the transaction that records the e-mail as sent: never wait long.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks API with the database backend, so a task enqueued inside a
# transaction is stored in that same transaction and never lost. `manage.py task_worker` runs
# them (workers/worker.py): a job whose worker stops answering for TASK_LEASE_SECONDS is run
# again by another worker; a failed job is retried with a doubling delay from
# TASK_RETRY_SECONDS, TASK_MAX_ATTEMPTS times in all, then left FAILED for the admin.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
TASK_LEASE_SECONDS = envint("TASK_LEASE_SECONDS", 60)
TASK_RETRY_SECONDS = envint("TASK_RETRY_SECONDS", 30)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 8)

# Referral rules (see docs/architecture.md).
REFERRAL_NUDGE_AFTER_DAYS = envint("REFERRAL_NUDGE_AFTER_DAYS", 3)
REFERRAL_EXPIRE_AFTER_DAYS = envint("REFERRAL_EXPIRE_AFTER_DAYS", 7)
REFERRAL_MAX_OPEN_PER_SEEKER = envint("REFERRAL_MAX_OPEN_PER_SEEKER", 5)
REFERRAL_MAX_PER_DAY = envint("REFERRAL_MAX_PER_DAY", 3)
REFERRAL_DEFAULT_CAPACITY = envint("REFERRAL_DEFAULT_CAPACITY", 5)
RESUME_MAX_BYTES = envint("RESUME_MAX_BYTES", 5 * 1024 * 1024)
RESUME_RETENTION_DAYS = envint("RESUME_RETENTION_DAYS", 180)
RESUME_QUOTA_BYTES = envint("RESUME_QUOTA_BYTES", 25 * 1024 * 1024)
COMPANIES_PER_PAGE = envint("COMPANIES_PER_PAGE", 24)

# The JSON API (docs/api.md): requests a personal access token may make per minute, and how many
# tokens a member may keep at once (revoked ones aside).
API_REQUESTS_PER_MINUTE = envint("API_REQUESTS_PER_MINUTE", 120)
API_TOKENS_PER_MEMBER = envint("API_TOKENS_PER_MEMBER", 20)

# Security.
# Behind a reverse proxy, name the header that carries the client address (e.g.
# HTTP_X_FORWARDED_FOR) and how many proxies append to it; unset, REMOTE_ADDR is used.
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
# Behind a proxy that terminates TLS, the header by which it says a request came over HTTPS,
# e.g. HTTP_X_FORWARDED_PROTO (value "https"). Set it only when the proxy overwrites that header
# on every request and nothing but the proxy can reach gunicorn. Unset, a request is secure only
# when gunicorn says so: it reads X-Forwarded-Proto only from --forwarded-allow-ips.
TRUSTED_PROXY_SSL_HEADER = env("TRUSTED_PROXY_SSL_HEADER")
if TRUSTED_PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (TRUSTED_PROXY_SSL_HEADER, "https")
# Database sessions that record their member (to end them all at once), cached (see above).
SESSION_ENGINE = "accounts.sessions"
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script and no inline style on any page, the admin's included (e-mails are not pages).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Browser features the site never uses, turned off for it and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
