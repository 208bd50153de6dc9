"""Trigram indexes for the diacritic-insensitive `search_text` columns, on PostgreSQL only.

`search_text LIKE '%...%'` cannot use a B-tree index; pg_trgm's GIN operator class can. SQLite (the demo)
scans, which is fine at the size of one province's directory.
"""

from django.db import migrations

INDEXES = (
    ("agencies_agency", "agency_search_text_trgm_idx"),
    ("agencies_administrativeunit", "adminunit_search_text_trgm_idx"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_agency_internal_code_unique_and_unit_demo_flag"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
