"""A published specification version is final below the application too: PostgreSQL
refuses UPDATE, DELETE and TRUNCATE on the table, SQLite UPDATE and DELETE
(registrar/audit/guards.py)."""

from django.db import migrations

from registrar.audit.guards import VERSIONS, install, remove


def guard(apps, schema_editor):
    install(schema_editor.connection, VERSIONS)


def unguard(apps, schema_editor):
    remove(schema_editor.connection, VERSIONS)


class Migration(migrations.Migration):
    dependencies = (("programmes", "0001_initial"),)

    operations = (migrations.RunPython(guard, unguard),)
