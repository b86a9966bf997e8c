"""Each entry gets a hash (filled in by 0005); `at` is set before the hash is taken."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("audit", "0003_append_only_trigger"),)

    operations = (
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
    )
