"""Writing many rows at once, inside the caller's transaction: COPY on PostgreSQL, else executemany.

A 50,000-mark upload writes 50,000 Mark rows and 50,000 ledger entries. Django's
bulk_create spends most of its time adapting values in Python; PostgreSQL's COPY
takes the rows as one stream. These helpers write exactly the rows the ORM would
(the same tables and columns, values as the fields store them) and are used only
by `saving.commit_marks`, which holds the transaction. They are not state changes of
their own: they have no ledger entry (the caller writes those, with them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from psycopg import sql

JSON_FIELDS = (models.JSONField,)


def _columns(model: type[models.Model], names: Sequence[str]) -> list[Any]:
    """The fields named (by name, or a foreign key's `<name>_id`)."""
    return [model._meta.get_field(name) for name in names]


def _json(value: Any) -> str | None:
    """A JSON field's value as its text (the plain encoder first: it is the fast one)."""
    if value is None:
        return None
    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _preparer(field: Any) -> Callable[[Any], Any]:
    """A value of `field` as the database stores it; the same value is prepared once (a
    column such as the time or the actor often holds one value for every row)."""
    if isinstance(field, JSON_FIELDS):
        return _json
    real = connections[DEFAULT_DB_ALIAS]
    memo: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        if value not in memo:
            memo[value] = field.get_db_prep_save(value, real)
        return memo[value]

    return prepare


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of the field names `names`, FKs by `<name>_id`)."""
    if not rows:
        return
    fields = _columns(model, names)
    if connection.vendor != "postgresql":
        # executemany with each value as its field stores it: bulk_create spends ~20 µs a value
        # building statements, which is minutes for a cohort's import
        statement = "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        prepare = [_preparer(f) for f in fields]
        with connection.cursor() as cursor:
            cursor.executemany(
                statement,
                [[p(v) for p, v in zip(prepare, row, strict=True)] for row in rows],
            )
        return
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    json_at = [i for i, f in enumerate(fields) if isinstance(f, JSON_FIELDS)]
    # wrapped, so that a constraint refused by the database raises Django's IntegrityError
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            if json_at:
                row = list(row)
                for i in json_at:
                    row[i] = _json(row[i])
            copy.write_row(row)


def update(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set the fields `names` on the rows whose primary key is each row's first value."""
    if not rows:
        return
    fields = _columns(model, names)
    if connection.vendor != "postgresql":
        objects = []
        for pk, *values in rows:
            obj = model(pk=pk)
            for name, value in zip(names, values, strict=True):
                setattr(obj, name, value)
            objects.append(obj)
        model.objects.bulk_update(objects, list(names), batch_size=500)
        return
    table = model._meta.db_table
    staging = sql.Identifier(f"{table}_changes")
    pk = model._meta.pk
    assert pk is not None
    columns = [sql.Identifier(pk.column), *(sql.Identifier(f.column) for f in fields)]
    with connection.wrap_database_errors, connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute(sql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(staging))
        raw.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
            ).format(staging, sql.SQL(", ").join(columns), sql.Identifier(table))
        )
        with raw.copy(
            sql.SQL("COPY {} ({}) FROM STDIN").format(staging, sql.SQL(", ").join(columns))
        ) as copy:
            for row in rows:
                copy.write_row(row)
        raw.execute(
            sql.SQL("UPDATE {} AS t SET {} FROM {} AS c WHERE t.{} = c.{}").format(
                sql.Identifier(table),
                sql.SQL(", ").join(
                    sql.SQL("{} = c.{}").format(sql.Identifier(f.column), sql.Identifier(f.column))
                    for f in fields
                ),
                staging,
                sql.Identifier(pk.column),
                sql.Identifier(pk.column),
            )
        )
        raw.execute(sql.SQL("DROP TABLE {}").format(staging))
