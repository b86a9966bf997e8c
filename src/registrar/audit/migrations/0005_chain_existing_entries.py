"""The entries written before the chain get their hashes, in id order.

On PostgreSQL the table's triggers (0003's, or 0006's when migrating again) are lifted
for this transaction only.
"""

from django.db import migrations

from registrar.audit import chain


def chain_existing(apps, schema_editor):
    entry = apps.get_model("audit", "AuditEntry")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
    previous = chain.GENESIS
    rows = entry.objects.order_by("id").values("id", *chain.HASHED)
    for row in rows.iterator(chunk_size=2000):
        previous = chain.entry_hash(row, previous)
        entry.objects.filter(pk=row["id"]).update(hash=previous)
    if postgresql:
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


class Migration(migrations.Migration):
    dependencies = (("audit", "0004_auditentry_hash"),)

    operations = (migrations.RunPython(chain_existing, migrations.RunPython.noop),)
