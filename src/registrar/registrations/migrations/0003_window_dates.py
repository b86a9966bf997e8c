"""When module choice last opened, and the closing date students are told."""

from django.db import migrations, models
from django.db.models import F


def opened_when_last_changed(apps, schema_editor):  # type: ignore[no-untyped-def]
    # A window open before this migration opened when it was last changed.
    window = apps.get_model("registrations", "ChoiceWindow")
    window.objects.filter(is_open=True).update(opened_at=F("changed_at"))


class Migration(migrations.Migration):
    dependencies = (("registrations", "0002_one_elective"),)

    operations = (
        migrations.AddField(
            model_name="choicewindow",
            name="closes_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="choicewindow",
            name="opened_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(opened_when_last_changed, migrations.RunPython.noop),
    )
