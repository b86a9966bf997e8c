"""Applications, their documents, referees, notes and offer conditions."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = (
        ("people", "0004_alter_account_role"),
        ("programmes", "0002_published_versions_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.CreateModel(
            name="Application",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("on_hold", "On hold"),
                            ("offered", "Offer made"),
                            ("rejected", "Rejected"),
                            ("accepted", "Offer accepted"),
                            ("declined", "Offer declined"),
                            ("enrolled", "Enrolled"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                ("given_name", models.CharField(blank=True, max_length=100)),
                ("family_name", models.CharField(blank=True, max_length=100)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("nationality", models.CharField(blank=True, max_length=100)),
                ("institution", models.CharField(blank=True, max_length=200)),
                ("discipline", models.CharField(blank=True, max_length=200)),
                (
                    "classification",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("first", "First class"),
                            ("upper-second", "Upper second class (2:1)"),
                            ("lower-second", "Lower second class (2:2)"),
                            ("third", "Third class"),
                            ("international", "International degree"),
                        ],
                        max_length=16,
                    ),
                ),
                ("country", models.CharField(blank=True, max_length=100)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("gpa", models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True)),
                (
                    "gpa_scale",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True),
                ),
                ("english_test", models.CharField(blank=True, max_length=60)),
                (
                    "english_overall",
                    models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True),
                ),
                ("english_elements", models.JSONField(blank=True, default=dict)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("requirements", models.JSONField(blank=True, default=list)),
                ("requirements_result", models.CharField(blank=True, max_length=20)),
                ("research_score", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("decision_reason", models.TextField(blank=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("responded_at", models.DateTimeField(blank=True, null=True)),
                (
                    "applicant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="programmes.programme",
                    ),
                ),
                (
                    "student",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="application",
                        to="people.student",
                    ),
                ),
            ],
            options={
                "ordering": ("-submitted_at", "-created", "-pk"),
            },
        ),
        migrations.CreateModel(
            name="Condition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=300)),
                ("met_at", models.DateTimeField(blank=True, null=True)),
                ("evidence", models.TextField(blank=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conditions",
                        to="admissions.application",
                    ),
                ),
                (
                    "met_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ("pk",),
            },
        ),
        migrations.CreateModel(
            name="Note",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="admissions.application",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ("created", "pk"),
            },
        ),
        migrations.CreateModel(
            name="Referee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField()),
                ("name", models.CharField(blank=True, max_length=100)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("institution", models.CharField(blank=True, max_length=200)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="referees",
                        to="admissions.application",
                    ),
                ),
            ],
            options={
                "ordering": ("position",),
            },
        ),
        migrations.CreateModel(
            name="Document",
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
                            ("research_statement", "Research statement"),
                            ("cv", "CV"),
                            ("transcripts", "Transcripts"),
                            ("personal_statement", "Personal statement"),
                            ("references", "Reference"),
                        ],
                        max_length=24,
                    ),
                ),
                ("filename", models.CharField(max_length=200)),
                ("sha256", models.CharField(max_length=64)),
                ("size", models.PositiveIntegerField()),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="admissions.application",
                    ),
                ),
                (
                    "referee",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="document",
                        to="admissions.referee",
                    ),
                ),
            ],
            options={
                "ordering": ("kind", "pk"),
            },
        ),
        migrations.AddConstraint(
            model_name="referee",
            constraint=models.UniqueConstraint(
                fields=("application", "position"), name="one_referee_per_position"
            ),
        ),
    )
