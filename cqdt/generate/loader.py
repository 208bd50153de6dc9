"""Bulk loading of generated rows: PostgreSQL COPY (psycopg 3) or a plain multi-row INSERT elsewhere.

For large loads on PostgreSQL the secondary indexes and the unique and foreign-key constraints of the
dossier tables are dropped first and re-created after the COPY, in the same transaction: building an
index once is several times faster than maintaining it row by row, and re-adding a foreign key checks
it with one join. DDL is transactional in PostgreSQL, so a failed or interrupted run leaves the schema
and the data exactly as they were. The definitions are read from the catalog (`pg_get_indexdef`,
`pg_get_constraintdef`), so the schema after the load is the one the migrations made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from cqdt.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFile,
    DossierHistory,
    DossierPause,
    DossierStep,
    InvolvedUnit,
)
from cqdt.generate import columns
from cqdt.generate.copyformat import copy_text

TABLES: dict[str, tuple[type[Model], Sequence[str]]] = {
    "dossier": (Dossier, columns.DOSSIER),
    "step": (DossierStep, columns.STEP),
    "component": (DossierComponent, columns.COMPONENT),
    "involved": (InvolvedUnit, columns.INVOLVED),
    "file": (DossierFile, columns.FILE),
    "history": (DossierHistory, columns.HISTORY),
    "pause": (DossierPause, columns.PAUSE),
}


class Loader:
    """Writes batches of rows into the dossier tables. Use inside one `transaction.atomic()` block."""

    def __init__(self, *, rebuild_indexes: bool) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rebuild_indexes = rebuild_indexes and self.postgres
        self._dropped: list[tuple[str, str]] = []  # (table, SQL that re-creates the index or constraint)
        self._columns: dict[str, list[str]] = {}
        self._fields: dict[str, list[Any]] = {}
        for name, (model, names) in TABLES.items():
            fields = [model._meta.get_field(column) for column in names]
            self._fields[name] = fields
            self._columns[name] = [str(field.column) for field in fields]  # type: ignore[union-attr]

    @property
    def rebuild_steps(self) -> int:
        """How many indexes and constraints `finish` will re-create."""
        return len(self._dropped)

    def prepare(self) -> dict[str, int]:
        """Lock the tables, drop what a large load should rebuild; returns each table's next free id."""
        next_ids = {}
        with connection.cursor() as cursor:
            for name, (model, _) in TABLES.items():
                table = model._meta.db_table
                if self.postgres:
                    cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608  (model table)
                next_ids[name] = int(cursor.fetchone()[0])
            if self.postgres:
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            if self.rebuild_indexes:
                # Foreign keys checked at commit would block the DDL: check what is pending now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for model, _ in TABLES.values():
                    self._drop(cursor, model._meta.db_table)
        return next_ids

    def _drop(self, cursor: Any, table: str) -> None:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            self._dropped.append((table, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            self._dropped.append((table, definition))

    def write(self, batches: dict[str, list[tuple[Any, ...]]]) -> None:
        for name in TABLES:  # parents first: dossiers, then the rows that point at them
            rows = batches.get(name)
            if rows:
                if self.postgres:
                    self.write_text(name, copy_text(name, rows))
                else:
                    self._insert(name, rows)

    def write_text(self, name: str, data: bytes) -> None:
        """Stream rows already formatted by `copy_text` (PostgreSQL only)."""
        table = TABLES[name][0]._meta.db_table
        columns = ", ".join(f'"{column}"' for column in self._columns[name])
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy,
        ):
            copy.write(data)

    def _insert(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        table = TABLES[name][0]._meta.db_table
        fields = self._fields[name]
        columns = ", ".join(f'"{column}"' for column in self._columns[name])
        placeholders = ", ".join(["%s"] * len(fields))
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
            for row in rows
        ]
        with connection.cursor() as cursor:
            sql = f'INSERT INTO "{table}" ({columns}) VALUES ({placeholders})'  # noqa: S608  (model columns)
            cursor.executemany(sql, prepared)

    def finish(self, on_step: Any = None) -> None:
        """Re-create what was dropped and move the id sequences past the new rows."""
        with connection.cursor() as cursor:
            for table, statement in self._dropped:
                if on_step is not None:
                    on_step(table, statement)
                cursor.execute(statement)
            self._dropped = []
            models = [model for model, _ in TABLES.values()]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def vacuum(self) -> None:
        """After the commit (VACUUM cannot run in a transaction): statistics for the planner, and the
        visibility map that index-only scans need, as autovacuum would have left a database that grew over
        years. Without it the first queries read every heap page behind the indexes."""
        if not self.postgres or connection.in_atomic_block:
            return  # inside a caller's transaction (the tests): autovacuum does it after the commit
        with connection.cursor() as cursor:
            for model, _ in TABLES.values():
                cursor.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
