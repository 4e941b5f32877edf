"""Sessions that know whose they are, read from the shared cache when there is one.

``SESSION_ENGINE = "accounts.sessions"``. Each session row carries the signed-in member's id
(``MemberSession.member``), so logging a member out everywhere — suspension, account deletion —
deletes that member's rows through an index instead of decoding every session of the community.
Sessions are read through the ``sessions`` cache (Django's ``cached_db`` engine): Redis in
production, so a signed-in page costs no session query; where there is no Redis the cache is a
dummy and every read goes to the database, as with the plain database engine.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import transaction

from accounts.models import MemberSession


class SessionStore(CachedDBStore):
    @classmethod
    def get_model_class(cls):
        return MemberSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.member_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.member_id = None
        return session


def member_sessions_end(member) -> int:
    """Log a member out everywhere: their sessions leave the database and the cache.

    The cached copies go now and again once the transaction commits: a request that read a row
    before the delete committed may have put it back in the cache meanwhile.
    """
    keys = list(MemberSession.objects.filter(member=member).values_list("session_key", flat=True))
    if not keys:
        return 0
    MemberSession.objects.filter(session_key__in=keys).delete()
    cache = caches[settings.SESSION_CACHE_ALIAS]
    cached = [KEY_PREFIX + key for key in keys]
    cache.delete_many(cached)
    transaction.on_commit(lambda: cache.delete_many(cached))
    return len(keys)
