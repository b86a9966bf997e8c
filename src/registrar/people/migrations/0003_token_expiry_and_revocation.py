"""API tokens expire and are revoked rather than deleted.

Tokens issued before this migration had no expiry: each gets the default lifetime counted
from when it was issued (so one older than that stops working now). They were already
stored as SHA-256 digests (0001 keeps no token in clear), so there is nothing to hash.
"""

from datetime import timedelta
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

DEFAULT_DAYS = 90  # registrar.people.domain.accounts.DEFAULT_TOKEN_DAYS when this was written


def expire_by_age(apps: Any, schema_editor: Any) -> None:
    token = apps.get_model("people", "ApiToken")
    token.objects.update(expires_at=F("created") + timedelta(days=DEFAULT_DAYS))


class Migration(migrations.Migration):
    dependencies = (
        ("people", "0002_alter_account_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.AlterModelOptions(name="apitoken", options={"ordering": ("-created", "-id")}),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_by_age, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    )
