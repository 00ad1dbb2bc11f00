"""Bulk insertion for imports and demo data.

`bulk_create` would shrink its batches to SQLite's 999-parameter limit and build
a model instance per row; at a million rows that is most of the cost. Here rows
are plain tuples: SQLite gets one prepared INSERT through `executemany`,
PostgreSQL gets COPY. Callers stay inside their own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]],
                *, batch_size: int = 5000) -> int:
    """Insert tuples whose values are in `columns` order (database column names,
    e.g. `holder_id`). Values must already be in their database form: dates as
    `datetime.date`, JSON columns as JSON text. Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608 # nosec B608 # quoted names, values bound
        for batch in _batches(rows, batch_size):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def ids_by_key(model: type[Model], key_column: str, keys: Iterable[str],
               *, batch_size: int = 900) -> dict[str, int]:
    """Map natural keys (USCC, approval number …) to primary keys, in batches
    that stay under SQLite's parameter limit."""
    found: dict[str, int] = {}
    manager = model._default_manager
    for batch in _batches(list(dict.fromkeys(keys)), batch_size):
        found.update(manager.filter(**{f"{key_column}__in": batch})
                     .values_list(key_column, "pk"))
    return found
