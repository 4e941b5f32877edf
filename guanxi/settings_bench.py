"""Settings for the benchmark (``make bench``): production-like, with a hello-world reference.

The normal settings plus DEBUG off, a URLconf that adds ``/bench/hello/`` (Django's ceiling for
one signed-in request), a response header with the number of SQL queries of each request
(``benchmark.middleware.QueryCountMiddleware``), and e-mail to nowhere. The caches are the
normal settings' own.
The database comes from ``DATABASE_URL`` as usual (the harness points it at the bench database).
"""

from guanxi.settings import *  # noqa: F403
from guanxi.settings import MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "benchmark.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
MIDDLEWARE = [
    "benchmark.middleware.QueryCountMiddleware",
    *MIDDLEWARE,
]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
WHITENOISE_USE_FINDERS = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
