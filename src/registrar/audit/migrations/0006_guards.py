"""Every entry hashed (a check constraint), and the guards of guards.py on both databases:
PostgreSQL refuses UPDATE, DELETE and TRUNCATE (0003's trigger replaced), SQLite UPDATE
and DELETE. The constraint comes first: on SQLite it rebuilds the table, which would
drop triggers made before it."""

from importlib import import_module

from django.db import migrations, models

from registrar.audit.guards import LEDGER, install, remove

OLD = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS registrar_ledger_append_only();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD, params=None)
    install(schema_editor.connection, LEDGER)


def unguard(apps, schema_editor):
    remove(schema_editor.connection, LEDGER)
    # back to 0003's trigger (PostgreSQL only), which 0005 lifts when it runs again
    import_module("registrar.audit.migrations.0003_append_only_trigger").create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = (("audit", "0005_chain_existing_entries"),)

    operations = (
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("hash", ""), _negated=True), name="entry_hashed"
            ),
        ),
        migrations.RunPython(guard, unguard),
    )
