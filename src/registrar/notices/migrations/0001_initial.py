"""Notices: one message to one person, shown in the application and emailed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = (
        ("people", "0003_token_expiry_and_revocation"),
        ("programmes", "0002_published_versions_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.CreateModel(
            name="Notice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("choice_opened", "Module choice opened"),
                            ("choice_closing", "Module choice closing soon"),
                            ("allocation_confirmed", "Project allocation confirmed"),
                            ("claim_decided", "Mitigating circumstances claim decided"),
                            ("results_released", "Results released"),
                            ("specification_changed", "Programme specification changed"),
                        ],
                        max_length=32,
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=320)),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("link", models.CharField(blank=True, max_length=200)),
                ("key", models.CharField(blank=True, max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.CharField(blank=True, max_length=300)),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to="programmes.programme",
                    ),
                ),
                (
                    "student",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to="people.student",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ("-created_at", "-pk"),
                "indexes": (
                    models.Index(
                        fields=["programme", "kind", "key"], name="notices_not_program_f46db2_idx"
                    ),
                    models.Index(fields=["sent_at"], name="notices_not_sent_at_dc4196_idx"),
                ),
            },
        ),
    )
