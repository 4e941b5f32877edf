"""Operations the apps' migrations share."""

from django.db import migrations


def postgresql_indexes(
    indexes: dict[str, str], *, extensions: tuple[str, ...] = ()
) -> migrations.RunPython:
    """Create indexes written in SQL on PostgreSQL only (drop them when migrating back).

    For expression, partial and trigram indexes, which are not part of the model state.
    ``indexes`` maps each index's name to what follows ``CREATE INDEX <name>``, e.g.
    ``"ON companies_company USING gin (search_text gin_trgm_ops)"``; ``extensions`` are created
    first if missing. On other databases (SQLite) the operation does nothing.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for extension in extensions:
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        for name, definition in indexes.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
