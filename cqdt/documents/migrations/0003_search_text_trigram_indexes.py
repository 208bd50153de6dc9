"""Trigram (pg_trgm) GIN indexes on the documents' `search_text`, on PostgreSQL only.

Search folds accents and case on both sides and filters with `LIKE '%word%'`, which a B-tree cannot
serve but `gin_trgm_ops` can. On SQLite (the demo) the operation does nothing.
"""

from django.db import migrations

TRIGRAM_INDEXES = (
    ("documents_incomingdocument", "search_text", "incoming_search_trgm_idx"),
    ("documents_outgoingdocument", "search_text", "outgoing_search_trgm_idx"),
)


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
        ("documents", "0002_decree_30_document_types"),
    ]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
