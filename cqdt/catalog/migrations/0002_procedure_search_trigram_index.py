"""A trigram (pg_trgm) GIN index on `catalog_procedure.search_text`, on PostgreSQL only.

The catalogue search folds accents and case on both sides and filters with `LIKE '%word%'`, which a B-tree
cannot serve but `gin_trgm_ops` can. On SQLite (the demo) the operation does nothing. `TRIGRAM_INDEXES` lists
(table, column, index name) so another table can be added the same way.
"""

from django.db import migrations

TRIGRAM_INDEXES = (("catalog_procedure", "search_text", "catalog_procedure_search_trgm_idx"),)


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create_trigram_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    for _table, _column, name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_procedure_catalogue"),
    ]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
