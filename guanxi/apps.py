from django.apps import AppConfig


class GuanxiConfig(AppConfig):
    name = "guanxi"
    verbose_name = "Guanxi"

    def ready(self):
        from django.db.models.signals import post_migrate

        from guanxi.logs import secret_paths_filter_install

        post_migrate.connect(_create_cache_table, dispatch_uid="guanxi-cache-table")
        # Signed tokens in URLs (unsubscribe, e-mail decision links) are never logged.
        secret_paths_filter_install()


def _create_cache_table(app_config, using="default", **kwargs):
    """The database cache (rate-limit counters, and where Redis is away) needs its table
    wherever `migrate` runs."""
    from django.conf import settings
    from django.core.management import call_command

    # post_migrate comes once per app with models; act once, after our first app.
    if app_config.label != "accounts":
        return
    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
