"""Triggers that make the database itself refuse to rewrite history.

The ledger (`audit_auditentry`) and the published specification versions
(`programmes_specificationversion`) are written once: on PostgreSQL a trigger
refuses UPDATE, DELETE and TRUNCATE on either table, on SQLite (which has no
TRUNCATE) UPDATE and DELETE. So `_base_manager`, `QuerySet.update` and raw SQL
are refused as well as the models' own checks. Migrations install the guards;
the test runner's flush lifts them for the length of its transaction only
(audit/management/commands/flush.py).

Note for migrations: on SQLite, Django rebuilds a table to alter it (a new
table, copied, renamed), which drops its triggers. A migration that alters
either table must install the guards again after it (`install`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Guard:
    table: str
    what: str  # named in the refusal

    @property
    def function(self) -> str:
        return f"{self.table}_write_once"

    def postgresql(self) -> list[str]:
        return [
            f"""
            CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{self.what}: % on {self.table} is refused', TG_OP;
            END;
            $$ LANGUAGE plpgsql
            """,
            f"""
            CREATE TRIGGER {self.table}_refuse_change
            BEFORE UPDATE OR DELETE ON {self.table}
            FOR EACH ROW EXECUTE FUNCTION {self.function}()
            """,
            f"""
            CREATE TRIGGER {self.table}_refuse_truncate
            BEFORE TRUNCATE ON {self.table}
            FOR EACH STATEMENT EXECUTE FUNCTION {self.function}()
            """,
        ]

    def sqlite(self) -> list[str]:
        return [
            f"""
            CREATE TRIGGER {self.table}_refuse_{op.lower()}
            BEFORE {op} ON {self.table}
            BEGIN SELECT RAISE(ABORT, '{self.what}: {op} on {self.table} is refused'); END
            """
            for op in ("UPDATE", "DELETE")
        ]

    def drop(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.table}_refuse_change ON {self.table}",
                f"DROP TRIGGER IF EXISTS {self.table}_refuse_truncate ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.function}()",
            ]
        return [f"DROP TRIGGER IF EXISTS {self.table}_refuse_{op}" for op in ("update", "delete")]


LEDGER = Guard("audit_auditentry", "the ledger is append-only")
VERSIONS = Guard("programmes_specificationversion", "a published specification version is final")
GUARDS = (LEDGER, VERSIONS)
SUPPORTED = ("postgresql", "sqlite")


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any, guard: Guard) -> None:
    """Create `guard`'s triggers on `connection` (replacing any)."""
    vendor = connection.vendor
    if vendor in SUPPORTED:
        making = guard.postgresql() if vendor == "postgresql" else guard.sqlite()
        _run(connection, guard.drop(vendor) + making)


def remove(connection: Any, guard: Guard) -> None:
    """Drop `guard`'s triggers: a migration's reverse, or the test runner's flush."""
    if connection.vendor in SUPPORTED:
        _run(connection, guard.drop(connection.vendor))
